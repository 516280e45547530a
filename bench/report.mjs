// @ts-check
// The report of `npm run bench`: rows in their order, and docs/BENCHMARKS.md written around the table, with the
// hand-written analysis of the last report kept.
import { existsSync, readFileSync } from 'node:fs';
import { NODE_NO_ITEM_TRACE, TRANSPORT_RT, log } from './common.mjs';
import { ENGINE_ROWS, enginePagesMarkdown } from './engines.mjs';
import { firstPaintMarkdown } from './firstPaint.mjs';
import { overheadMarkdown, traceOverheads } from './overhead.mjs';
import { profileMarkdown } from './profile.mjs';
import { BARE_ATOMICS, BARE_POSTMESSAGE, SHAPES, fmt, markdownTable } from './table.mjs';
import { timelineMarkdown } from './timeline.mjs';

/**
 * @typedef {import('./table.mjs').Measurement} Measurement
 * @typedef {import('./table.mjs').Row} Row
 * @typedef {import('./options.mjs').BenchOptions} BenchOptions
 * @typedef {import('./profile.mjs').Profiled} Profiled
 */

const ANALYSIS_START = '<!-- analysis:start (kept by bench/run.mjs when it rewrites this file) -->';
const ANALYSIS_END = '<!-- analysis:end -->';

/** Orders rows: per shape CPython, Node, Chromium isolated, Chromium not isolated; the bare transports last. */
const HOST_ORDER = [
  'CPython spawn',
  'CPython forkserver',
  'CPython fork',
  'mpplay Node',
  NODE_NO_ITEM_TRACE,
  'mpplay Chromium, isolated',
  'mpplay Chromium, not isolated',
  ...ENGINE_ROWS.map((r) => r.host),
];
const BARE_ORDER = ['Node worker_threads', 'Chromium, isolated', 'Chromium, not isolated'];

/** @param {Measurement[]} ms */
export function ordered(ms) {
  const shapeIdx = (/** @type {string} */ s) => {
    const i = [...SHAPES.map((x) => x.key), BARE_POSTMESSAGE, BARE_ATOMICS].indexOf(s);
    return i < 0 ? 99 : i;
  };
  const hostIdx = (/** @type {Measurement} */ m) => {
    const i = (m.kind === 'transport' ? BARE_ORDER : HOST_ORDER).indexOf(m.host);
    return i < 0 ? 99 : i;
  };
  return [...ms].sort((a, b) => shapeIdx(a.shape) - shapeIdx(b.shape) || hostIdx(a) - hostIdx(b));
}

/** @param {string} text @param {string} filepath */
export async function prettierFormat(text, filepath) {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(filepath)) ?? {};
    return await prettier.format(text, { ...config, filepath });
  } catch (e) {
    log(`prettier could not format the report: ${/** @type {Error} */ (e).message}`);
    return text;
  }
}

/** The hand-written analysis between the markers of an existing report, kept across runs. @param {string | null} path */
export function keptAnalysis(path) {
  if (!path || !existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const a = text.indexOf(ANALYSIS_START);
  const b = text.indexOf(ANALYSIS_END);
  return a >= 0 && b > a ? text.slice(a + ANALYSIS_START.length, b).trim() : null;
}

/** The doc's part on what the trace recorder costs (issue 5), from the full and lifecycle rows. @param {Row[]} rows */
function overheadSection(rows) {
  const table = overheadMarkdown(traceOverheads(rows));
  if (!table) return [];
  return [
    '### Trace recorder overhead (issue 5)',
    '',
    'What recording every item (put, take, taskDone events for the chart) costs a queue: 1 − full/lifecycle,',
    'the throughput with the default full trace against the same program run right after it with',
    '`--trace-level lifecycle` (no per-item events), in turn, at least 9 pairs; the median over the pairs (each',
    "pair's two runs a few seconds apart, so the machine's drift from one pair to the next cancels out). Target:",
    'at most 10%. Even so a few percent either way is noise (below 0 means the full trace measured faster).',
    '',
    table,
    '',
  ];
}

/**
 * @param {{
 *   rows: Row[]; o: BenchOptions; facts: Record<string, string>; command: string;
 *   notes: string[]; profiles: Profiled[]; analysis: string | null;
 *   pageFigures?: { firstPaint: unknown; timeline: unknown; engines?: unknown } | null; extra?: string[];
 *   exploreSection?: string;
 * }} r
 */
export function renderDoc({
  rows,
  o,
  facts,
  command,
  notes,
  profiles,
  analysis,
  pageFigures,
  extra = [],
  exploreSection,
}) {
  const misses = rows.filter((x) => x.verdict === 'MISS');
  const lines = [
    '# Benchmarks: mpplay against CPython multiprocessing',
    '',
    `Written by \`npm run bench\` (bench/run.mjs) on ${facts['date']}. Every figure below comes from that one run, on one`,
    'machine, so the ratios compare like with like. The machine is shared with other work and noisy (see the load',
    'averages): throughputs move by tens of percent between runs and round trips by up to 3× (idle vCPUs wake up',
    'slowly); ratios within one run are what to read.',
    '',
    '## Command and machine',
    '',
    '```',
    command,
    '```',
    '',
    ...Object.entries(facts).map(([k, v]) => `- ${k}: ${v}`),
    '',
    '## Results',
    '',
    `Median of ${o.runs} timed runs per figure (each program and bench_mp.py first do one untimed warm-up run);`,
    '"runs" lists them all. "× CPython spawn" is the figure divided by CPython\'s with the spawn start method in',
    'this run: above 1 is better for items/s and tasks/s, below 1 is better for times (µs per round trip (RT), s, ms).',
    '',
    markdownTable(rows),
    '',
    ...overheadSection(rows),
    'Shapes (the same in every host): **Queue** (bench_mp.py A3a): one producer process puts 100,000 small ints',
    "and a sentinel, one consumer process gets them; items/s from the producer's start to the consumer's",
    'last get, the consumer started 0.3 s before the producer. **JoinableQueue** (A3c): the same with',
    '`taskDone()` per item, timed by the producer up to the return of `join()`. **Pipe** (A4a): the parent',
    'sends an int to a child, which sends it back; 10,000 round trips after one warm-up, µs each.',
    `**Bare postMessage**: two workers of our own (bench/transport/) bounce a message over a MessagePort,`,
    `${TRANSPORT_RT.toLocaleString('en')} round trips after 1,000 warm-up ones; **bare SAB + Atomics**: the same with`,
    "`Atomics.wait`/`notify` on a SharedArrayBuffer (only where there is one). mpplay's programs are",
    'bench/programs/*.ts, timed inside the program with `time.perfCounter()` (program seconds, speed 1).',
    "**200 processes** (A1, the seed's 6.1): 200 `Process` objects running a trivial task started one after the",
    'other, then joined; seconds from the first start to the last join. **Pool(5)** (A2a): `Pool(5)` created, `map`',
    'over 200 trivial items, `close()` and `join()`; ms for all of it. **Pool.map** (A2b): `Pool(2).map` over 100,000',
    "trivial items with the default chunksize (CPython's rule: 4 chunks per worker), on a warm pool; tasks/s.",
    '**Pool.map, chunksize 1** (A2c): the same over 20,000 items, every item its own task; tasks/s.',
    '',
    'Targets (issue 3, part 6): where SharedArrayBuffer is available (Node, the cross-origin-isolated page)',
    "queue throughput ≥ 2× CPython's and a Pipe round trip no slower than CPython's; where it is not (an",
    "embed: the page served without COOP/COEP) queue throughput ≥ CPython's and a Pipe round trip within 2× a",
    'bare postMessage round trip measured in the same run (on the same kind of page). The JoinableQueue rows',
    'are held to the queue targets. The rows "…, --trace-level lifecycle" run the same programs without the',
    'per-item trace events (`mpplay run --trace-level lifecycle`; on the page through its test hook), to show',
    'what they cost; they have no target here, the default (full trace) is what is judged, and the trace',
    "recorder overhead table below holds the difference to issue 5's target.",
    '',
    "Targets (issue 4), in every host: `Pool.map` tasks/s at least CPython's (spawn), with the default chunksize",
    "and with chunksize 1; 200 processes started and joined no slower than CPython's `forkserver` (Python 3.14's",
    'default on Linux), aiming at its `fork` (the target cell says whether the aim is met). `Pool(5)` has no',
    'target: its row is for comparison. On the `--trace-level lifecycle` rows the Pool programs run without their',
    '`task` spans.',
    '',
  ];
  if (notes.length) lines.push('## Notes on this run', '', ...notes.map((n) => `- ${n}`), '');
  const md = (/** @type {unknown} */ x) => (Array.isArray(x) ? x.join('\n') : String(x));
  if (pageFigures?.firstPaint) {
    lines.push(
      '## The page: first paint, editable editor, JavaScript fetched (issue 6)',
      '',
      // @ts-expect-error -- the shape is firstPaint.mjs's Result[]
      md(firstPaintMarkdown(pageFigures.firstPaint)),
      '',
    );
  }
  if (pageFigures?.engines) {
    lines.push(
      '## First paint and editable editor per engine (issue 13), × Chromium in this run',
      '',
      // @ts-expect-error -- the shapes are engines.mjs's EnginePage[] and firstPaint.mjs's Result[]
      enginePagesMarkdown(pageFigures.engines, pageFigures.firstPaint),
      '',
    );
  }
  if (pageFigures?.timeline) {
    lines.push(
      '## The timeline: frame time with 100,000 spans over 1,000 rows (issue 5, budget 16 ms)',
      '',
      // @ts-expect-error -- the shape is timeline.mjs's TimelineResult
      md(timelineMarkdown(pageFigures.timeline)),
      '',
    );
  }
  if (exploreSection)
    lines.push('## Controlled runs: explore and exhaustive search (issue 16.6)', '', exploreSection, '');
  lines.push(...extra);
  lines.push('## Where the time goes', '');
  const overheads = traceOverheads(rows);
  const overheadMisses = overheads.filter((o) => o.verdict !== 'PASS').length;
  if (!misses.length) {
    lines.push(
      overheadMisses
        ? `Every target of the results table was met in this run; the trace recorder's overhead was not, in ${overheadMisses} of ${overheads.length} rows (see its table; not profiled here).`
        : 'Every target was met in this run.',
      '',
    );
  } else {
    lines.push(`Missed in this run: ${misses.map((m) => `${m.shape} on ${m.host}`).join('; ')}.`, '');
  }
  if (profiles.length) {
    lines.push(
      'Measured, not guessed: each shape that missed a target was run once more under a sampling CPU profiler',
      'covering every thread, one timed run after the warm-up: on Node with `node --cpu-prof` (the kernel on',
      'the main thread, each process a worker thread) when it missed there; in Chromium once per shape (the',
      'page code is the same with and without isolation: on the isolated page when it missed there) through a',
      "trace with V8's sampler on (`disabled-by-default-v8.cpu_profiler`), of an unminified build of the same",
      'page so that functions keep their names. Per thread: busy time (sampled outside idle) over the profiled',
      'span, then the top functions by self time, merged over call sites, as a share of the busy time, with the',
      'source module of the bundle line. `(program)` is native/V8 time not attributed to a JS function;',
      '`postMessage` is the native send including its structured clone. A profiled run is slower than an',
      'unprofiled one.',
      '',
    );
    for (const p of profiles) {
      const shape = SHAPES.find((s) => s.key === p.shape);
      const figure =
        p.figure === null ? `failed (${p.error})` : `${fmt(p.figure)} ${shape?.unit ?? ''} under the profiler`;
      lines.push(`### ${shape?.title ?? p.shape}, ${p.where}: ${figure}`, '', profileMarkdown(p.threads, 6), '');
    }
  }
  lines.push(ANALYSIS_START, '', analysis ?? '_No analysis written yet for these figures._', '', ANALYSIS_END, '');
  return lines.join('\n');
}
