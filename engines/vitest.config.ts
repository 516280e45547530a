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
    // Above gallery.ts's EXAMPLE_TIMEOUT_MS, so an example that runs long fails with its own message.
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // One engine per file, all three at once: most of a lesson's run is sleeping, and the lessons are relations
    // within one run, which hold on a busy machine (the CPU-bound ones say so in their checks).
    pool: 'forks',
    maxWorkers: 3,
    fileParallelism: true,
    // A failing engine must fail: no retry that could turn a hang into a pass.
    retry: 0,
  },
});
