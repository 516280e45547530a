// Bundles the CLI and the Node process worker from TypeScript with esbuild, once per content hash,
// into node_modules/.cache/mpplay/<hash>/ (safe when many runs start at once).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Returns file URLs of `cli.mjs` and `processWorker.mjs`, building them if the sources changed. */
export async function nodeBundle() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli/main.ts', processWorker: 'src/hosts/node/processWorker.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: 'out',
    outExtension: { '.js': '.mjs' },
    write: false,
    sourcemap: false,
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __mpCreateRequire } from 'node:module'; const require = __mpCreateRequire(import.meta.url);",
    },
  });
  const hash = createHash('sha256');
  for (const f of result.outputFiles) hash.update(f.path).update(f.contents);
  const cache = join(root, 'node_modules', '.cache', 'mpplay');
  const dir = join(cache, hash.digest('hex').slice(0, 16));
  if (!existsSync(join(dir, 'cli.mjs'))) {
    mkdirSync(cache, { recursive: true });
    const tmp = mkdtempSync(join(cache, 'tmp-'));
    for (const f of result.outputFiles) writeFileSync(join(tmp, f.path.split(/[\\/]/).pop()), f.contents);
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another run won the race: same content
    }
  }
  return {
    cli: new URL(`file://${join(dir, 'cli.mjs')}`),
    worker: new URL(`file://${join(dir, 'processWorker.mjs')}`),
  };
}
