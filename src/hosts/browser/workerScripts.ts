// How the page creates the two kinds of worker a run uses, the kernel worker and process workers: from Blob URLs
// of their bundled sources, obtained once per page, so no worker script is ever fetched or revalidated per worker.

/** Creates workers; tests and benchmarks may pass their own. */
export interface WorkerFactory {
  /** Resolves once workers can be created (the sources are there); rejects with what went wrong. */
  ready(): Promise<void>;
  kernel(): Worker;
  process(): Worker;
  /** The process worker's script URL, for a kernel worker that creates process workers itself (nested). */
  processScript?(): string;
}

interface Urls {
  kernel: string;
  process: string;
}

let urls: Urls | null = null;
let loading: Promise<Urls> | null = null;

/**
 * The workers' sources come in a module of their own (src/tooling/workerBundles.ts), loaded when first needed:
 * a script, not a fetch, so the page needs no `connect-src` (and Blob workers inherit the page's CSP).
 */
function load(): Promise<Urls> {
  loading ??= import('virtual:mpplay/worker-sources').then(
    (m) => {
      const blob = (js: string) => URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
      // Kept for the page's life: every worker of every run starts from these two.
      urls = { kernel: blob(m.kernel), process: blob(m.process) };
      return urls;
    },
    (e: unknown) => {
      loading = null; // a later Run tries again (the network may be back)
      throw new Error(`mpplay's worker scripts could not be loaded (${e instanceof Error ? e.message : String(e)})`, {
        cause: e,
      });
    },
  );
  return loading;
}

function need(): Urls {
  if (!urls) throw new Error('worker scripts are not loaded yet: await ready() first');
  return urls;
}

/** The bundled workers, as module workers started from Blob URLs. */
export const bundledWorkers: WorkerFactory = {
  ready: () => load().then(() => undefined),
  kernel: () => new Worker(need().kernel, { type: 'module', name: 'mpplay-kernel' }),
  process: () => new Worker(need().process, { type: 'module', name: 'mpplay-process' }),
  processScript: () => need().process,
};
