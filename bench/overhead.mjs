// @ts-check
// What the trace recorder costs a queue in `npm run bench` (issue 5): the full-trace rows against the same programs
// run with `--trace-level lifecycle`, as ratios and as a Markdown table held to TRACE_OVERHEAD_MAX.
import { SHAPES, cell, fmt, median } from './table.mjs';

/** @typedef {import('./table.mjs').Measurement} Measurement */

/** Issue 5: recording the trace may cost a queue at most this share of its throughput. */
export const TRACE_OVERHEAD_MAX = 0.1;

/**
 * The host name of a row run without per-item trace events (`--trace-level lifecycle`), beside `host`'s own.
 * @param {string} host
 */
export function leanHost(host) {
  return `${host}, --trace-level lifecycle`;
}

/**
 * @typedef {{
 *   shape: string; host: string; full: number | null; lean: number | null; overhead: number | null;
 *   pairs: number; target: string; verdict: 'PASS' | 'MISS' | 'ERROR';
 * }} Overhead
 */

/**
 * What the trace recorder costs each queue shape on each mpplay host that was also run without per-item
 * events (a `variant` row named `leanHost(host)`): 1 − full/lifecycle throughput, held to TRACE_OVERHEAD_MAX.
 * When the two rows have as many runs, taken in turn (full, lifecycle, full…), it is the median over those
 * pairs of 1 − full/lifecycle, so that the machine's drift between one pair and the next cancels out;
 * else 1 − the ratio of the medians. Below zero is noise (the full trace measured faster).
 * @param {readonly Measurement[]} ms
 * @returns {Overhead[]}
 */
export function traceOverheads(ms) {
  /** @type {Overhead[]} */
  const out = [];
  for (const m of ms) {
    const shape = SHAPES.find((s) => s.key === m.shape);
    // Issue 5 holds the recorder to 10% on the queue benchmarks (Queue and JoinableQueue).
    if (shape?.target !== 'queue' || (m.kind !== 'sab' && m.kind !== 'nosab')) continue;
    const lean = ms.find((x) => x.shape === m.shape && x.kind === 'variant' && x.host === leanHost(m.host));
    if (!lean) continue;
    const [f, l] = [median(m.runs), median(lean.runs)];
    const ok = !m.error && !lean.error && Number.isFinite(f) && Number.isFinite(l) && l > 0;
    const paired = m.runs.length > 1 && m.runs.length === lean.runs.length;
    const pairs = paired ? m.runs.map((x, i) => 1 - x / /** @type {number} */ (lean.runs[i])) : [];
    const overhead = !ok ? null : paired ? median(pairs) : 1 - f / l;
    out.push({
      shape: m.shape,
      host: m.host,
      full: Number.isFinite(f) ? f : null,
      lean: Number.isFinite(l) ? l : null,
      overhead,
      pairs: pairs.length,
      target: `≤ ${Math.round(TRACE_OVERHEAD_MAX * 100)}%`,
      verdict: overhead === null ? 'ERROR' : overhead <= TRACE_OVERHEAD_MAX ? 'PASS' : 'MISS',
    });
  }
  return out;
}

/**
 * The overhead table in Markdown; empty when no host ran both ways.
 * @param {readonly Overhead[]} list
 */
export function overheadMarkdown(list) {
  if (!list.length) return '';
  const head = [
    'shape',
    'host',
    'full trace',
    'lifecycle',
    'overhead = 1 − full/lifecycle (median over pairs)',
    'target (issue 5)',
    'result',
  ];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const o of list) {
    const shape = SHAPES.find((s) => s.key === o.shape);
    const pct =
      o.overhead === null
        ? '—'
        : `${(o.overhead * 100).toFixed(1)}%${o.pairs ? ` (${o.pairs} pairs)` : ' (of the medians)'}`;
    const cells = [shape?.title ?? o.shape, o.host, fmt(o.full ?? NaN), fmt(o.lean ?? NaN), pct, o.target, o.verdict];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}
