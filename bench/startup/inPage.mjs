// @ts-check
// What the start-up and Stop benchmarks run inside a page, written as functions that any driver can send
// there as text (Playwright here; a WebDriver or BiDi driver for Firefox and WebKit: see PageDriver).

/**
 * A page of mpplay as the benchmarks drive it, whatever the browser: `evalAsync` runs `fn` (an async function's
 * source, as these exports give it) in the page with one JSON argument and resolves with its JSON result.
 * `cpuSeconds`, where the driver can tell, is the CPU time the whole browser has used so far (all its processes);
 * `workerCpu`, the CPU ms each worker thread of the page has used so far (threads.mjs).
 * @typedef {{ host: string; evalAsync(fn: string, arg: unknown): Promise<any>; cpuSeconds?: () => number | null;
 *   workerCpu?: () => Map<string, number> }} PageDriver
 */

/**
 * Puts `source` in the editor, waits `idleMs` (the page boots workers for it while idle, as when a program was
 * open before Run), runs it and resolves with the parsed `BENCH` line, or `{ error }`.
 * @type {string}
 */
export const RUN_BENCH_PROGRAM = `async ({ source, idleMs, timeoutMs }) => {
  const h = globalThis.__mpplay;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const text = () => {
    const b = globalThis.__term.buffer.active;
    const out = [];
    for (let i = 0; i < b.length; i++) {
      const l = b.getLine(i);
      const t = l ? l.translateToString(false) : '';
      if (l && l.isWrapped && out.length) out[out.length - 1] += t; else out.push(t);
    }
    return out.map((l) => l.trimEnd()).join('\\n');
  };
  h.setCode(source);
  await sleep(idleMs);
  h.run();
  const until = performance.now() + timeoutMs;
  while (/^(idle|compiling|running)$/.test(h.state().status)) {
    if (performance.now() > until) { h.stop(); return { error: 'no end within ' + timeoutMs / 1000 + ' s' }; }
    await sleep(50);
  }
  for (let i = 0; i < 60; i++) {
    const m = /BENCH (\\{.*\\})\\s*$/m.exec(text());
    if (m) return { bench: JSON.parse(m[1]) };
    await sleep(50);
  }
  const s = h.state();
  return { error: 'run ended ' + s.status + ' (exit code ' + s.exitCode + '): ' + text().trim().split('\\n').pop() };
}`;

/**
 * One Stop as the page sees it: runs `busy` (which prints `marker` once per busy process), waits until all
 * `procs` spin, presses Stop (the page's own stop()), then times: the status reading "stopped", a setTimeout(0)
 * and the next frame (the main thread is free), and the next Run's first line (`hello` printing `helloMarker`).
 * With `thenRun: false` it only stops (for measuring how long the CPU burns afterwards). Times in ms after Stop;
 * `stopAt` is Stop's Date.now() (the machine's clock, which the driver's process shares).
 * @type {string}
 */
export const ONE_STOP = `async ({ busy, marker, procs, hello, helloMarker, thenRun, timeoutMs }) => {
  const h = globalThis.__mpplay;
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const text = () => {
    const b = globalThis.__term.buffer.active;
    const out = [];
    for (let i = 0; i < b.length; i++) out.push(b.getLine(i) ? b.getLine(i).translateToString(true) : '');
    return out.join('\\n');
  };
  const count = (s, what) => s.split(what).length - 1;
  h.setCode(busy);
  h.run();
  let until = performance.now() + timeoutMs;
  while (count(text(), marker) < procs) {
    if (performance.now() > until) { h.stop(); return { error: 'the busy processes did not all start' }; }
    await sleep(20);
  }
  await sleep(200);
  const stopAt = Date.now();
  const t0 = performance.now();
  h.stop();
  const stopped = h.state().status === 'stopped' ? performance.now() - t0 : null;
  await new Promise((r) => setTimeout(r, 0));
  const timeout0 = performance.now() - t0;
  await new Promise((r) => requestAnimationFrame(() => r()));
  const frame = performance.now() - t0;
  if (!thenRun) return { stopAt, stopped, timeout0, frame, nextPrint: null };
  h.setCode(hello);
  h.run();
  until = performance.now() + timeoutMs;
  while (!text().includes(helloMarker)) {
    if (performance.now() > until) return { error: 'the Run after Stop printed nothing' };
    await new Promise((r) => setTimeout(r, 1));
  }
  const nextPrint = performance.now() - t0;
  while (/^(idle|compiling|running)$/.test(h.state().status)) await sleep(20);
  return { stopAt, stopped, timeout0, frame, nextPrint };
}`;
