#!/usr/bin/env node
// @ts-check
// `npm run soak`: every gallery example 20 times in one Chromium page (e2e/soak.spec.ts with MPPLAY_SOAK=full),
// checking that the page's heap returns near its baseline and that no worker leaks. Takes tens of minutes;
// the gate (`npm test`) runs only its short form. Extra arguments go to Playwright (e.g. `--headed`);
// MPPLAY_SOAK_PASSES=N runs N passes instead of 20.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const child = spawn(
  join(root, 'node_modules', '.bin', 'playwright'),
  ['test', 'e2e/soak.spec.ts', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, MPPLAY_SOAK: 'full' } },
);
child.on('error', (e) => {
  console.error(`soak: could not start Playwright: ${e.message}`);
  process.exit(1);
});
child.on('close', (code) => process.exit(code ?? 1));
