// @ts-check
// The Markdown of the start-up and Stop benchmarks (pure: rows in, text out). bench/startup/index.mjs measures.

/**
 * @typedef {import('./index.mjs').StartupRow} StartupRow
 * @typedef {import('./index.mjs').StopRow} StopRow
 */

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? /** @type {number} */ (s[Math.floor((s.length - 1) / 2)]) : NaN;
}

/** @param {number} x */
const ms = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : x.toFixed(0)) : '—');

/** A row's first round (what a Run sees) and the median of the others (warm). @param {StartupRow | undefined} r */
export function firstAndWarm(r) {
  if (!r || !r.runs.length) return { first: NaN, warm: NaN };
  return { first: /** @type {number} */ (r.runs[0]), warm: median(r.runs.slice(1)) };
}

/** @param {StartupRow[]} rows */
export function startupMarkdown(rows) {
  const ns = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  const hosts = [...new Set(rows.map((r) => r.host))];
  const find = (/** @type {string} */ host, /** @type {number} */ n) => rows.find((r) => r.host === host && r.n === n);
  const head = `| host | ${ns.map((n) => (n === 1 ? '1 process' : `${n} at once`)).join(' | ')} |`;
  const lines = [head, `|---|${ns.map(() => '---:').join('|')}|`];
  for (const host of hosts) {
    const cells = ns.map((n) => {
      const r = find(host, n);
      if (!r) return '';
      if (r.error) return `error: ${r.error}`;
      const { first, warm } = firstAndWarm(r);
      return `${ms(first)} · ${ms(warm)}`;
    });
    lines.push(`| ${host} | ${cells.join(' | ')} |`);
  }
  lines.push('', '| mpplay host | ' + ns.map((n) => `${n}: warm ÷ forkserver (fork)`).join(' | ') + ' |');
  lines.push(`|---|${ns.map(() => '---').join('|')}|`);
  for (const host of hosts.filter((h) => !h.startsWith('CPython'))) {
    const cells = ns.map((n) => {
      const own = firstAndWarm(find(host, n)).warm;
      const fs = firstAndWarm(find('CPython forkserver', n)).warm;
      const fork = firstAndWarm(find('CPython fork', n)).warm;
      if (!Number.isFinite(own) || !Number.isFinite(fs)) return 'n/a';
      const verdict = own <= fs ? 'PASS' : 'MISS';
      const aim = Number.isFinite(fork) ? ` (${(own / fork).toFixed(1)}× fork${own <= fork ? ', aim met' : ''})` : '';
      return `${(own / fs).toFixed(2)} ${verdict}${aim}`;
    });
    lines.push(`| ${host} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** @param {StopRow[]} rows */
export function stopMarkdown(rows) {
  const lines = [
    '| host | status "stopped" | setTimeout(0) runs | next frame | next Run prints | processes\' last CPU after Stop | whole browser\'s CPU burns on | ≤ 100 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  const figure = (/** @type {number[] | undefined} */ xs) =>
    xs?.length ? `${ms(median(xs))} (${xs.map(ms).join(', ')})` : 'n/a';
  for (const r of rows) {
    if (r.error && !r.samples.length) {
      lines.push(`| ${r.host} | error: ${r.error} |||||||`);
      continue;
    }
    const m = (/** @type {(s: import('./index.mjs').StopSample) => number | null} */ f) =>
      median(r.samples.map(f).filter((x) => x !== null));
    const stopped = m((s) => s.stopped);
    const timeout0 = m((s) => s.timeout0);
    const frame = m((s) => s.frame);
    const next = m((s) => s.nextPrint);
    // Stop's verdict: the page says stopped, its main thread is free, and every process really ends: the threads
    // that ran the stopped program use no more CPU. The whole browser's CPU is shown beside it (what the page then
    // does for itself counts there too), and the next Run's first line, a start-up figure (a new kernel, the
    // compile, a spawn) that the start-up table holds against CPython.
    const end = r.endMs?.length ? median(r.endMs) : Infinity;
    const worst = Math.max(stopped, timeout0, frame, end);
    lines.push(
      `| ${r.host} | ${ms(stopped)} | ${ms(timeout0)} | ${ms(frame)} | ${ms(next)} | ${figure(r.endMs)} | ${figure(r.burnMs)} | ${worst <= 100 ? 'PASS' : 'MISS'}${r.error ? ` (then: ${r.error})` : ''} |`,
    );
  }
  return lines.join('\n');
}
