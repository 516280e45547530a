// Vite config for the playground page. Vitest has its own vitest.config.ts.
import { randomBytes } from 'node:crypto';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { headersOnEveryResponse } from './src/tooling/serverHeaders.ts';
import { workerBundles } from './src/tooling/workerBundles.ts';

export default defineConfig(({ command }) => {
  // The dev server injects inline scripts (its client, React's refresh preamble): they carry this nonce, which
  // the dev server's Content-Security-Policy allows. The build has no inline script but index.html's own (hashed).
  const devNonce = command === 'serve' ? randomBytes(16).toString('base64') : undefined;
  return {
    // Relative asset paths: the built folder works from any static path.
    base: './',
    // The kernel and process workers are bundled by esbuild for dev and build alike and started from Blob URLs
    // (src/tooling/workerBundles.ts); every response, 304s included, carries public/_headers' headers
    // (src/tooling/serverHeaders.ts).
    plugins: [react(), workerBundles(), headersOnEveryResponse(devNonce ? { devNonce } : {})],
    ...(devNonce ? { html: { cspNonce: devNonce } } : {}),
    // Monaco's own workers (`?worker` imports) are ES module workers.
    worker: { format: 'es' },
    // The main chunk is ~4.5 MB (Monaco) and the TS language-service worker ~7 MB.
    // Two pages: the playground, and embed.html (the iframe embed, which never loads Monaco when read-only).
    build: {
      target: 'es2022',
      chunkSizeWarningLimit: 8000,
      rolldownOptions: { input: { main: 'index.html', embed: 'embed.html' } },
    },
  };
});
