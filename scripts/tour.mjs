#!/usr/bin/env node
// @ts-check
// `npm run tour`: bundles the gallery tour (e2e/tour/main.ts) with esbuild, Node packages left external, and runs it.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'node_modules', '.cache', 'mpplay', `tour-${process.pid}.mjs`);

const result = await build({
  absWorkingDir: root,
  entryPoints: ['e2e/tour/main.ts'],
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  write: false,
  logLevel: 'error',
});
mkdirSync(dirname(out), { recursive: true });
const [bundle] = result.outputFiles ?? [];
if (!bundle) throw new Error('tour: esbuild wrote no bundle');
writeFileSync(out, bundle.contents);
let code = 1;
try {
  const { main } = await import(pathToFileURL(out).href);
  code = await main(process.argv.slice(2), root);
} catch (e) {
  console.error(`tour: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  rmSync(out, { force: true });
}
process.exit(code);
