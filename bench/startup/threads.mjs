// @ts-check
/* global setInterval, clearInterval, process */
// When do a stopped program's processes really end? Per-thread CPU of the browser's worker threads, sampled every
// 10 ms from /proc (Linux), and the time from Stop to the last CPU any of the busy ones used. Unlike the whole
// browser's CPU (index.mjs's burnAfter), this leaves out what the page does after Stop for itself: redraws,
// garbage collection, and workers it boots for the next Run (new threads, idle before Stop).
import { readFileSync, readdirSync } from 'node:fs';

/** Thread key (`pid/tid`) → CPU ms used so far (utime + stime; Linux counts in 10-ms ticks). @typedef {Map<string, number>} ThreadCpu */
/** @typedef {{ t: number; cpu: ThreadCpu }} ThreadSample */

/**
 * CPU so far of every worker thread (Chromium names them `DedicatedWorker…`) in the processes `pids`.
 * @param {number[]} pids @returns {ThreadCpu}
 */
export function workerThreadCpu(pids) {
  /** @type {ThreadCpu} */
  const out = new Map();
  for (const pid of pids) {
    let tasks;
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // the process is gone
    }
    for (const tid of tasks) {
      try {
        const s = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        if (!s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')).startsWith('DedicatedWorker')) continue;
        const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
        out.set(`${pid}/${tid}`, (Number(rest[11]) + Number(rest[12])) * 10);
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return out;
}

/**
 * The processes below `root` (this process by default) whose name matches `name`: a browser's processes.
 * @param {RegExp} name @param {number} [root] @returns {number[]}
 */
export function descendantPids(name, root = process.pid) {
  /** @type {Map<number, number[]>} */
  const kids = new Map();
  /** @type {Map<number, string>} */
  const names = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
      names.set(Number(d), s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')));
    } catch {
      // gone meanwhile
    }
  }
  /** @type {number[]} */
  const found = [];
  const todo = [...(kids.get(root) ?? [])];
  while (todo.length) {
    const pid = /** @type {number} */ (todo.pop());
    if (name.test(names.get(pid) ?? '')) found.push(pid);
    todo.push(...(kids.get(pid) ?? []));
  }
  return found;
}

/**
 * Samples `read()` every `everyMs` until `stop()`, which returns the samples (t: Date.now()).
 * @param {() => ThreadCpu} read @param {number} [everyMs]
 */
export function sampleThreads(read, everyMs = 10) {
  /** @type {ThreadSample[]} */
  const samples = [{ t: Date.now(), cpu: read() }];
  const timer = setInterval(() => samples.push({ t: Date.now(), cpu: read() }), everyMs);
  return {
    stop() {
      clearInterval(timer);
      samples.push({ t: Date.now(), cpu: read() });
      return samples;
    },
  };
}

/**
 * ms from Stop (`stopAt`, Date.now()) to the last sample at which a thread that was busy before Stop (≥ `busyMs`
 * of CPU in the `beforeMs` before it) had used more CPU than at the sample before: when the stopped processes'
 * last CPU was counted, at a sample's resolution (an upper bound). 0 if none used any after Stop; null if no
 * thread was busy before Stop (nothing to tell) or the samples do not cover Stop.
 * @param {ThreadSample[]} samples in time order @param {number} stopAt
 * @param {{ beforeMs?: number; busyMs?: number }} [o]
 * @returns {number | null}
 */
export function processesEndMs(samples, stopAt, { beforeMs = 200, busyMs = 20 } = {}) {
  const at = (/** @type {number} */ t) => samples.filter((s) => s.t <= t).pop();
  const [from, to] = [at(stopAt - beforeMs), at(stopAt)];
  if (!from || !to || !samples.some((s) => s.t > stopAt)) return null;
  const busy = [...to.cpu].filter(([k, c]) => c - (from.cpu.get(k) ?? 0) >= busyMs).map(([k]) => k);
  if (!busy.length) return null;
  let last = 0;
  for (let i = 1; i < samples.length; i++) {
    const [prev, s] = [/** @type {ThreadSample} */ (samples[i - 1]), /** @type {ThreadSample} */ (samples[i])];
    if (s.t <= stopAt) continue;
    if (busy.some((k) => (s.cpu.get(k) ?? 0) > (prev.cpu.get(k) ?? Infinity))) last = s.t - stopAt;
  }
  return last;
}
