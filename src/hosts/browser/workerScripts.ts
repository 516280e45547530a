// How the page creates the two kinds of worker a run uses: the kernel worker and process workers.

/** Creates workers; tests and benchmarks may pass their own. */
export interface WorkerFactory {
  kernel(): Worker;
  process(): Worker;
}

/** The bundled worker scripts, as module workers of the page. */
export const bundledWorkers: WorkerFactory = {
  kernel: () => new Worker(new URL('./kernelWorker.ts', import.meta.url), { type: 'module', name: 'mpplay-kernel' }),
  process: () => new Worker(new URL('./processWorker.ts', import.meta.url), { type: 'module', name: 'mpplay-process' }),
};
