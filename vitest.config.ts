// Vitest settings, apart from vite.config.ts (which serves the page): unit tests run in Node, never the e2e specs.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // e2e/*.spec.ts belong to Playwright; picking them up fails with "did not expect test() to be called here".
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'e2e/**', 'scratch/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Forks isolate tests that start worker_threads; two cores take two at a time.
    pool: 'forks',
    maxWorkers: 2,
  },
});
