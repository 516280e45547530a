// The other half of Stop's brake for busy loops (src/compile/loopGuards.ts): the guard every loop condition of user
// code calls. Once the page sets this worker's stop cell (a shared Int32Array, where the page has shared memory),
// the guard parks the thread in Atomics.wait: no CPU while the browser takes its time to end the worker.
// Taken now, before user code can replace them.
const load = Atomics.load;
const wait = Atomics.wait;

let cell: Int32Array | null = null;

/** The cell the page sets when it ends this worker (null: no brake, e.g. on Node, where ending a worker is quick). */
export function setStopCell(c: Int32Array | null): void {
  cell = c;
}

/** Called in every loop condition: true, or never returns once the worker is being ended. */
export function loopGuard(): true {
  const c = cell;
  if (c !== null && load(c, 0) !== 0) {
    for (;;) wait(c, 0, load(c, 0));
  }
  return true;
}
