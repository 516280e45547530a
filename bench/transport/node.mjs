// @ts-check
/* global process, console, URL */
// The bare transport in Node worker_threads: `node bench/transport/node.mjs [runs] [n]` prints one line,
// `BENCH {json}`, with µs per round trip between two workers over a MessagePort and over Atomics, per run.
import { Worker } from 'node:worker_threads';
import { measurePair } from './pair.mjs';

const runs = Number(process.argv[2] ?? 3);
const n = Number(process.argv[3] ?? 10_000);
const url = new URL('./pairWorker.mjs', import.meta.url);
/** @type {number[]} */
const postMessageRtUs = [];
/** @type {number[]} */
const atomicsRtUs = [];
for (let i = 0; i < runs; i++) {
  const r = await measurePair({ makeWorker: () => new Worker(url), n, warmup: 1000, withSab: true });
  postMessageRtUs.push(r.postMessageRtUs);
  if (r.atomicsRtUs !== null) atomicsRtUs.push(r.atomicsRtUs);
}
console.log('BENCH ' + JSON.stringify({ shape: 'transport', unit: 'us/RT', n, postMessageRtUs, atomicsRtUs }));
