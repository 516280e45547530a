// The cross-engine suite's own vitest config (`npm run test:engines`): engines/*.engine.ts, one file per engine.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    // Only these; the unit config (vitest.config.ts) includes src/ and test/ only, so neither picks up the other's.
    include: ['engines/**/*.engine.ts'],
    environment: 'node',
    globalSetup: ['engines/site.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One engine per file; two at once on a 2-core machine (most of a lesson's run is sleeping).
    pool: 'forks',
    maxWorkers: 2,
    // A failing engine must fail: no retry that could turn a hang into a pass.
    retry: 0,
  },
});
