// Vite config for the playground page. Vitest has its own vitest.config.ts.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** COOP + COEP make the page cross-origin isolated: SharedArrayBuffer and Atomics.wait in every worker. */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative asset paths: the built folder works from any static path.
  base: './',
  plugins: [react()],
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  // The kernel worker starts process workers itself; both are ES module workers.
  worker: { format: 'es' },
  // Dev only: the dependency scanner does not follow `new Worker(new URL(...))`, so name the workers as entries;
  // otherwise the first Run discovers sucrase late and Vite reloads the page mid-run.
  optimizeDeps: {
    entries: ['index.html', 'embed.html', 'src/hosts/browser/kernelWorker.ts', 'src/hosts/browser/processWorker.ts'],
  },
  // The main chunk is ~4.5 MB (Monaco) and the TS language-service worker ~7 MB.
  // Two pages: the playground, and embed.html (the iframe embed, which never loads Monaco when read-only).
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    rolldownOptions: { input: { main: 'index.html', embed: 'embed.html' } },
  },
});
