// Browser tests: the built page served by `vite preview` on 127.0.0.1, driven by a locally found Chromium.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/chromium';

/** E2E_DEV=1 tests against the dev server instead of the build (slower: a cold dependency optimizer). */
const DEV = !!process.env['E2E_DEV'];
/** A fixed port of our own (not Vite's default), so another server on this machine is never reused by mistake. */
const PORT = Number(process.env['E2E_PORT'] ?? (DEV ? 5318 : 4318));
const HOST = '127.0.0.1';
const chromium = await findChromium();
const vite = 'node_modules/.bin/vite'; // spawned directly: `npx` would leave an orphaned vite behind (STACK pitfall 12)

export default defineConfig({
  testDir: 'e2e',
  // A test's limit only catches a hang: beside scripts/cpu-hog.mjs, opening the page and three exports took over 60 s.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // Two at a time: most of a test is waiting (page loads, sleeps, runs), and every check is a relation within one
  // run, so a neighbour's load decides nothing (the gate also passes beside scripts/cpu-hog.mjs). E2E_WORKERS=1 to
  // debug one at a time.
  workers: Number(process.env['E2E_WORKERS'] ?? 2),
  forbidOnly: !!process.env['CI'],
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://${HOST}:${PORT}`,
    browserName: 'chromium',
    viewport: { width: 1400, height: 860 },
    launchOptions: { executablePath: chromium.path, args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
  },
  webServer: {
    // The gate runs `vite build` first; build here too when dist/ is missing, so `playwright test` works alone.
    command: DEV
      ? `exec ${vite} --host ${HOST} --port ${PORT} --strictPort`
      : `[ -f dist/index.html ] || ${vite} build --logLevel warn; exec ${vite} preview --host ${HOST} --port ${PORT} --strictPort`,
    url: `http://${HOST}:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
