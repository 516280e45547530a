// @ts-check
/* global self, process, performance */
// One end of the bare-transport pair that bench/transport/pair.mjs starts: the same module runs as a Node
// worker_threads worker (loaded from this file) and as a browser module worker (loaded from a blob: URL).
// `ping` times round trips over a MessagePort to `pong` (and, given a SharedArrayBuffer, over Atomics.wait/notify).

/** @typedef {{ role: 'ping' | 'pong'; port: MessagePort; n: number; warmup: number; sab: SharedArrayBuffer | null }} Setup */

const isNode = typeof process !== 'undefined' && !!process.versions?.node;
/** The channel to whoever started this worker: `self` in a browser, `parentPort` in Node. */
const parent = /** @type {any} */ (isNode ? (await import('node:worker_threads')).parentPort : self);

/**
 * Ping-pong over Atomics: ping writes i to cell 0 and waits for cell 1 to say i; pong the other way round.
 * @param {Int32Array} cells
 * @param {number} mine the cell this side writes
 * @param {number} theirs the cell this side waits on
 * @param {number} from the first round's number (rounds are numbered from 1 on both sides)
 * @param {number} to the last round's number
 * @param {boolean} first whether this side writes first (ping)
 */
function atomicsRounds(cells, mine, theirs, from, to, first) {
  for (let i = from; i <= to; i++) {
    if (first) {
      Atomics.store(cells, mine, i);
      Atomics.notify(cells, mine);
    }
    for (let v = Atomics.load(cells, theirs); v !== i; v = Atomics.load(cells, theirs)) Atomics.wait(cells, theirs, v);
    if (!first) {
      Atomics.store(cells, mine, i);
      Atomics.notify(cells, mine);
    }
  }
}

/** @param {Setup} s */
function pong(s) {
  s.port.addEventListener('message', (e) => {
    const x = /** @type {MessageEvent} */ (e).data;
    if (x === 'atomics') {
      if (s.sab) atomicsRounds(new Int32Array(s.sab), 1, 0, 1, s.warmup + s.n, false);
      return;
    }
    s.port.postMessage(x);
  });
  s.port.start();
}

/** @param {Setup} s */
function ping(s) {
  const total = s.warmup + s.n;
  let i = 0;
  let t0 = 0;
  s.port.addEventListener('message', () => {
    i++;
    if (i === s.warmup) t0 = performance.now();
    if (i < total) {
      s.port.postMessage(i);
      return;
    }
    const postMessageRtUs = ((performance.now() - t0) * 1000) / s.n;
    let atomicsRtUs = null;
    if (s.sab) {
      s.port.postMessage('atomics');
      const cells = new Int32Array(s.sab);
      atomicsRounds(cells, 0, 1, 1, s.warmup, true);
      const t1 = performance.now();
      atomicsRounds(cells, 0, 1, s.warmup + 1, total, true);
      atomicsRtUs = ((performance.now() - t1) * 1000) / s.n;
    }
    parent.postMessage({ postMessageRtUs, atomicsRtUs });
  });
  s.port.start();
  s.port.postMessage(0);
}

parent.addEventListener('message', (/** @type {MessageEvent<Setup>} */ e) => {
  if (e.data.role === 'ping') ping(e.data);
  else pong(e.data);
});
