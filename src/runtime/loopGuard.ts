// The other half of Stop's brake for busy loops (src/compile/loopGuards.ts): the guard every loop condition of user
// code calls. Once the page sets this worker's stop cell (a shared Int32Array, where the page has shared memory),
// the guard parks the thread in Atomics.wait: no CPU while the browser takes its time to end the worker.
// Where there is no shared memory, a host may give an ending probe instead (see setEndingProbe): the guard asks it
// every PROBE_MS of looping, and once it says the worker is being ended, throws, so that the loop's task ends.
// Taken now, before user code can replace them.
const load = Atomics.load;
const wait = Atomics.wait;
const now = typeof performance === 'object' ? performance.now.bind(performance) : Date.now;

/** Loop iterations between two reads of the clock (reading it at every iteration would slow a tight loop). */
export const SPINS_PER_CHECK = 4096;
/** How often, at most, a busy loop asks the ending probe (ms of looping). */
export const PROBE_MS = 50;

let cell: Int32Array | null = null;
let probe: (() => boolean) | null = null;
let clock: () => number = now;
let spins = 0;
let nextProbe = 0;

/** The cell the page sets when it ends this worker (null: no brake, e.g. on Node, where ending a worker is quick). */
export function setStopCell(c: Int32Array | null): void {
  cell = c;
}

/**
 * Where there is no stop cell: `alive()` says whether this worker is still wanted (false once it is being ended),
 * and is asked at most every PROBE_MS of a busy loop. `time` is for tests.
 */
export function setEndingProbe(alive: (() => boolean) | null, time: () => number = now): void {
  probe = alive;
  clock = time;
  spins = 0;
  nextProbe = 0;
}

/** Thrown in a busy loop of a worker that is being ended: its task ends, and with it the CPU it burns. */
export class WorkerEnding extends Error {
  constructor() {
    super('mpplay: this process was stopped');
  }
}

/** Called in every loop condition: true, or never returns once the worker is being ended. */
export function loopGuard(): true {
  const c = cell;
  if (c !== null) {
    if (load(c, 0) !== 0) for (;;) wait(c, 0, load(c, 0));
  } else if (probe !== null && ++spins >= SPINS_PER_CHECK) {
    spins = 0;
    const t = clock();
    if (t >= nextProbe) {
      nextProbe = t + PROBE_MS;
      if (!probe()) {
        nextProbe = 0; // a loop that catches this asks again at its next check
        throw new WorkerEnding();
      }
    }
  }
  return true;
}
