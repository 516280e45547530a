// The wall clock every realm (page, kernel worker, process worker, Node thread) stamps with: epoch milliseconds,
// sub-millisecond, and never going back within one realm.
//
// `performance.timeOrigin` is read once, when this module loads. WebKit computes it afresh on every read, from the
// monotonic origin and the wall clock's offset at that moment (two clock reads), so it jitters by a quantum of its
// timer resolution: `performance.timeOrigin + performance.now()` read in a loop went back in time 175 times in
// 1.5 s in WebKitGTK 2.50 (Chromium and Firefox keep it fixed), and the kernel's trace then had events out of order.
// (Through globalThis: the protocol layer is typed with ES2022 only, and every realm mpplay runs in has it.)
const perf = (globalThis as unknown as { performance: { readonly timeOrigin: number; now(): number } }).performance;
const ORIGIN: number = perf.timeOrigin;

/** Epoch milliseconds now, with sub-millisecond precision; monotonic within this realm. */
export function epochNow(): number {
  return ORIGIN + perf.now();
}
