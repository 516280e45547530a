// Vite plugin: bundles the kernel and process workers with esbuild, the same way for `npm start` and the build,
// and gives the page their sources as a module (`virtual:mpplay/worker-sources`) to start them from Blob URLs.
//
// Why: a worker started from a URL is fetched (and, under `no-cache`, revalidated) per worker, and WebKit judges
// a worker's cross-origin isolation by the headers of that response, a 304 included; a static host that adds
// COOP/COEP to 200s only then breaks every other worker. A Blob worker is never fetched: it takes the page's
// policies (COOP/COEP, and its CSP). And the dev server no longer serves each worker its modules one by one:
// process start-up costs the same under `npm start` as in the build.
import { context, type BuildContext, type BuildOptions } from 'esbuild';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

export const WORKER_SOURCES_ID = 'virtual:mpplay/worker-sources';
const RESOLVED_ID = `\0${WORKER_SOURCES_ID}`;

/** The worker entry points, by the name the module exports their source under. */
export const WORKER_ENTRIES = {
  kernel: 'src/hosts/browser/kernelWorker.ts',
  process: 'src/hosts/browser/processWorker.ts',
} as const;

/** One esbuild configuration for dev and build: self-contained ES modules (a Blob module imports nothing relative). */
export function workerBuildOptions(root: string): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(WORKER_ENTRIES).map(([k, v]) => [k, resolve(root, v)])),
    bundle: true,
    splitting: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  };
}

/** The bundled sources and the files they came from. */
export interface WorkerBundles {
  sources: Record<keyof typeof WORKER_ENTRIES, string>;
  inputs: string[];
}

/** Builds (or rebuilds, incrementally) the worker bundles. */
export async function bundleWorkers(ctx: BuildContext, root: string): Promise<WorkerBundles> {
  const r = await ctx.rebuild();
  const sources = {} as Record<keyof typeof WORKER_ENTRIES, string>;
  for (const name of Object.keys(WORKER_ENTRIES) as (keyof typeof WORKER_ENTRIES)[]) {
    const file = r.outputFiles?.find((f) => /[\\/]out[\\/]([^\\/]+)\.js$/.exec(f.path)?.[1] === name);
    if (!file) throw new Error(`mpplay worker bundles: esbuild gave no output for ${name}`);
    sources[name] = file.text;
  }
  const inputs = Object.keys(r.metafile?.inputs ?? {})
    .filter((f) => !f.includes('node_modules'))
    .map((f) => resolve(root, f));
  return { sources, inputs };
}

/** The module the page imports: each worker's source as a string. */
export function sourcesModule(sources: WorkerBundles['sources']): string {
  return Object.entries(sources)
    .map(([name, code]) => `export const ${name} = ${JSON.stringify(code)};`)
    .join('\n');
}

export function workerBundles(): Plugin {
  let root = process.cwd();
  let ctx: BuildContext | null = null;
  return {
    name: 'mpplay:worker-bundles',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === WORKER_SOURCES_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      ctx ??= await context(workerBuildOptions(root));
      let bundles: WorkerBundles;
      try {
        bundles = await bundleWorkers(ctx, root);
      } catch (e) {
        const errors = (e as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors;
        const first = errors?.[0];
        const where = first?.location ? ` (${first.location.file}:${first.location.line})` : '';
        throw new Error(`mpplay worker bundles: ${first?.text ?? (e as Error).message}${where}`, { cause: e });
      }
      // Dev: a change to any file the workers are built from invalidates this module (the page reloads).
      for (const f of bundles.inputs) this.addWatchFile(f);
      return sourcesModule(bundles.sources);
    },
    async closeBundle() {
      await ctx?.dispose();
      ctx = null;
    },
    async buildEnd() {
      // The build is over with this module; dev keeps its context for fast rebuilds until the server closes.
      if (this.meta.watchMode) return;
      await ctx?.dispose();
      ctx = null;
    },
  };
}
