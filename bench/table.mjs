// @ts-check
// The pure parts of `npm run bench` (no I/O): parsing results, medians, targets and verdicts, the Markdown table.
// Unit-tested by src/tooling/benchTable.test.ts; bench/run.mjs does the measuring.

/**
 * @typedef {'queue' | 'joinable' | 'pipe' | 'processes' | 'pool5' | 'poolmap' | 'poolmap1'} ShapeKey
 * @typedef {'queue' | 'pipe' | 'forkserver' | 'cpython' | 'none'} TargetKind
 *   Which target holds a shape's mpplay rows: `queue`/`pipe` issue 3's (by SharedArrayBuffer or not);
 *   `forkserver` no slower than CPython's forkserver method, aiming at its fork (issue 4's 200 processes);
 *   `cpython` at least CPython spawn's figure in every host (issue 4's Pool.map); `none` no target.
 * @typedef {{ key: ShapeKey; py: string; title: string; unit: string; higherIsBetter: boolean; target: TargetKind }} Shape
 * @typedef {'cpython-ref' | 'cpython' | 'sab' | 'nosab' | 'variant' | 'transport'} HostKind
 *   `cpython-ref`: CPython with the spawn method, what every ratio divides by; `sab`/`nosab`: an mpplay host
 *   with/without SharedArrayBuffer (each has its own targets); `variant`: an mpplay host run differently to
 *   show what a part costs (no target); `transport`: a bare-transport reference figure.
 * @typedef {{
 *   shape: string; host: string; kind: HostKind; unit: string; runs: number[];
 *   error?: string; note?: string; bareHost?: string;
 * }} Measurement
 *   One figure of the table. `bareHost`: which transport host's postMessage round trip judges a `nosab` pipe.
 * @typedef {{ ratio: number | null; target: string; verdict: 'PASS' | 'MISS' | 'n/a' | 'ERROR' | '' }} Judgement
 * @typedef {Measurement & Judgement & { value: number | null }} Row
 */

/**
 * The rows of a part that measured nothing: one per shape, each with the reason as its error.
 * @param {readonly { key: string; unit: string }[]} shapes
 * @param {string} host
 * @param {HostKind} kind
 * @param {string} why
 * @returns {Measurement[]}
 */
export function failedRows(shapes, host, kind, why) {
  return shapes.map((s) => ({ shape: s.key, host, kind, unit: s.unit, runs: [], error: why }));
}

/** @type {Shape[]} */
export const SHAPES = [
  { key: 'queue', py: 'A3a', title: 'Queue 1→1, 100k ints', unit: 'items/s', higherIsBetter: true, target: 'queue' },
  {
    key: 'joinable',
    py: 'A3c',
    title: 'JoinableQueue + taskDone, 100k ints',
    unit: 'items/s',
    higherIsBetter: true,
    target: 'queue',
  },
  {
    key: 'pipe',
    py: 'A4a',
    title: 'Pipe ping-pong parent↔child',
    unit: 'µs/RT',
    higherIsBetter: false,
    target: 'pipe',
  },
  {
    key: 'processes',
    py: 'A1',
    title: 'start + join 200 Process',
    unit: 's',
    higherIsBetter: false,
    target: 'forkserver',
  },
  {
    key: 'pool5',
    py: 'A2a',
    title: 'Pool(5) create + map 200 + close/join',
    unit: 'ms',
    higherIsBetter: false,
    target: 'none',
  },
  {
    key: 'poolmap',
    py: 'A2b',
    title: 'Pool(2).map 100k, default chunksize',
    unit: 'tasks/s',
    higherIsBetter: true,
    target: 'cpython',
  },
  {
    key: 'poolmap1',
    py: 'A2c',
    title: 'Pool(2).map 20k, chunksize 1',
    unit: 'tasks/s',
    higherIsBetter: true,
    target: 'cpython',
  },
];

/** The CPython start methods bench_mp.py must measure for the given shapes (fork only for the fork aim). */
export function pythonMethods(/** @type {readonly Shape[]} */ shapes) {
  return ['spawn', 'forkserver', ...(shapes.some((s) => s.target === 'forkserver') ? ['fork'] : [])];
}

/** The transport rows' shape names (reference only, no target). */
export const BARE_POSTMESSAGE = 'bare postMessage worker↔worker';
export const BARE_ATOMICS = 'bare SAB + Atomics worker↔worker';

/** Issue 3's factors: with SharedArrayBuffer queues ≥ 2× CPython, pipe ≤ 1× CPython; without, ≥ 1× and ≤ 2× bare RT. */
export const TARGETS = { sabQueueFactor: 2, sabPipeFactor: 1, nosabQueueFactor: 1, nosabPipeBareFactor: 2 };

/**
 * The median; NaN for no values.
 * @param {readonly number[]} xs
 */
export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const hi = v[v.length >> 1] ?? NaN;
  const lo = v[(v.length - 1) >> 1] ?? NaN;
  return (lo + hi) / 2;
}

/**
 * @typedef {{ id: string; method: string; unit: string; runs: number[]; median: number; flagged: number; discarded: number }} PyResult
 * @typedef {{ python: string; machine: Record<string, unknown>; results: PyResult[] }} PyReport
 */

/**
 * Parses the JSON that `bench_mp.py --json FILE` writes. Throws with a reason when it is not that.
 * `flagged`: runs bench_mp.py marked as disturbed by other processes (kept after its retries).
 * @param {string} text
 * @returns {PyReport}
 */
export function parsePythonJson(text) {
  /** @type {any} */
  let raw;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`bench_mp.py's JSON does not parse: ${/** @type {Error} */ (e).message}`, { cause: e });
  }
  if (!raw || typeof raw !== 'object' || !Array.isArray(raw.results)) {
    throw new Error('bench_mp.py\'s JSON has no "results" list');
  }
  const results = raw.results.map((/** @type {any} */ r, /** @type {number} */ i) => {
    if (typeof r?.id !== 'string' || typeof r.method !== 'string' || !Array.isArray(r.runs)) {
      throw new Error(`bench_mp.py's result #${i} lacks id, method or runs`);
    }
    const runs = r.runs.map(Number);
    const meta = Array.isArray(r.run_meta) ? r.run_meta : [];
    return {
      id: r.id,
      method: r.method,
      unit: String(r.unit ?? ''),
      runs,
      median: typeof r.median === 'number' ? r.median : median(runs),
      flagged: meta.filter((/** @type {any} */ m) => m?.contaminated).length,
      discarded: Number(r.discarded_runs ?? 0),
    };
  });
  const machine = raw.machine && typeof raw.machine === 'object' ? raw.machine : {};
  return { python: String(machine.python ?? '?'), machine, results };
}

/**
 * The last `BENCH {json}` line in a program's output (a terminal line may carry a `[pid name]` prefix).
 * @param {string} text
 * @returns {any} the parsed object, or null when there is no such line
 */
export function parseBenchLine(text) {
  const lines = text.split(/\r?\n/).reverse();
  for (const line of lines) {
    const m = /BENCH (\{.*\})\s*$/.exec(line);
    if (m) return JSON.parse(/** @type {string} */ (m[1]));
  }
  return null;
}

/**
 * The CPython rows (one per method and shape) of a parsed report, spawn as the reference.
 * @param {PyReport} report
 * @param {readonly Shape[]} shapes
 * @returns {Measurement[]}
 */
export function cpythonMeasurements(report, shapes) {
  /** @type {Measurement[]} */
  const out = [];
  for (const shape of shapes) {
    for (const r of report.results.filter((x) => x.id === shape.py)) {
      /** @type {Measurement} */
      const m = {
        shape: shape.key,
        host: `CPython ${r.method}`,
        kind: r.method === 'spawn' ? 'cpython-ref' : 'cpython',
        unit: shape.unit,
        runs: r.runs,
      };
      const notes = [];
      if (r.flagged) notes.push(`${r.flagged} of ${r.runs.length} runs disturbed by other processes`);
      if (r.discarded) notes.push(`${r.discarded} re-run`);
      if (notes.length) m.note = notes.join('; ');
      out.push(m);
    }
  }
  return out;
}

/**
 * Ratio to CPython spawn, the target that applies and whether it is met.
 * @param {Measurement} m
 * @param {{ cpython: Map<string, number>; bare: Map<string, number>; methods?: Map<string, number> }} ref
 *   `cpython`: CPython spawn's median per shape; `bare`: the bare postMessage round trip (µs) per transport host;
 *   `methods`: CPython's median per shape and other start method, keyed `shape method` (`processes forkserver`)
 * @returns {Judgement}
 */
export function judge(m, ref) {
  const value = median(m.runs);
  const shape = SHAPES.find((s) => s.key === m.shape);
  const py = ref.cpython.get(m.shape);
  const ratio = shape && py !== undefined && Number.isFinite(value) && py > 0 ? value / py : null;
  if (m.kind === 'cpython-ref') return { ratio, target: 'reference', verdict: '' };
  if (m.kind === 'variant') return { ratio, target: 'none (a diagnostic variant)', verdict: '' };
  if (!shape || m.kind === 'cpython' || m.kind === 'transport') return { ratio, target: '', verdict: '' };
  if (shape.target === 'none') return { ratio, target: 'none (issue 4 sets none)', verdict: '' };
  if (shape.target === 'forkserver') return judgeForkserver(m, value, ratio, ref.methods ?? new Map());
  if (shape.target === 'cpython') {
    const target = `≥ CPython${py === undefined ? '' : ` = ≥ ${fmt(py)}`}`;
    if (m.error || !Number.isFinite(value)) return { ratio, target, verdict: 'ERROR' };
    if (py === undefined) return { ratio, target, verdict: 'n/a' };
    return { ratio, target, verdict: value >= py ? 'PASS' : 'MISS' };
  }
  const sab = m.kind === 'sab';
  /** @type {string} */
  let target;
  /** @type {number | undefined} */
  let limit;
  if (shape.target === 'queue') {
    const f = sab ? TARGETS.sabQueueFactor : TARGETS.nosabQueueFactor;
    target = `≥ ${f}× CPython`;
    limit = py === undefined ? undefined : f * py;
  } else if (sab) {
    target = TARGETS.sabPipeFactor === 1 ? '≤ CPython' : `≤ ${TARGETS.sabPipeFactor}× CPython`;
    limit = py === undefined ? undefined : TARGETS.sabPipeFactor * py;
  } else {
    const bare = m.bareHost === undefined ? undefined : ref.bare.get(m.bareHost);
    target = `≤ ${TARGETS.nosabPipeBareFactor}× bare postMessage RT`;
    limit = bare === undefined ? undefined : TARGETS.nosabPipeBareFactor * bare;
    if (bare !== undefined && Number.isFinite(value)) target += ` (${fmt(value / bare)}× now)`;
  }
  if (limit !== undefined) target += ` = ${shape.higherIsBetter ? '≥' : '≤'} ${fmt(limit)}`;
  if (m.error || !Number.isFinite(value)) return { ratio, target, verdict: 'ERROR' };
  if (limit === undefined) return { ratio, target, verdict: 'n/a' };
  const ok = shape.higherIsBetter ? value >= limit : value <= limit;
  return { ratio, target, verdict: ok ? 'PASS' : 'MISS' };
}

/**
 * Issue 4's 200 processes: no slower than CPython forkserver (the verdict), aiming at CPython fork (said in
 * the target, met or not), in every host; lower is better.
 * @param {Measurement} m
 * @param {number} value its median
 * @param {number | null} ratio to CPython spawn
 * @param {Map<string, number>} methods
 * @returns {Judgement}
 */
function judgeForkserver(m, value, ratio, methods) {
  const fs = methods.get(`${m.shape} forkserver`);
  const fork = methods.get(`${m.shape} fork`);
  let target = `≤ CPython forkserver${fs === undefined ? '' : ` = ≤ ${fmt(fs)}`}`;
  if (fs !== undefined && Number.isFinite(value)) target += ` (${fmt(value / fs)}× now)`;
  if (fork !== undefined) {
    target += `; aim ≤ fork = ≤ ${fmt(fork)}`;
    if (Number.isFinite(value)) target += ` (${fmt(value / fork)}× now: ${value <= fork ? 'met' : 'not met'})`;
  }
  if (m.error || !Number.isFinite(value)) return { ratio, target, verdict: 'ERROR' };
  if (fs === undefined) return { ratio, target, verdict: 'n/a' };
  return { ratio, target, verdict: value <= fs ? 'PASS' : 'MISS' };
}

/**
 * Judges every measurement against the CPython (spawn, and other methods where a target names them) and
 * bare-transport figures among them.
 * @param {readonly Measurement[]} ms
 * @returns {Row[]}
 */
export function buildRows(ms) {
  const cpython = new Map();
  const bare = new Map();
  const methods = new Map();
  for (const m of ms) {
    const v = median(m.runs);
    if (!Number.isFinite(v)) continue;
    if (m.kind === 'cpython-ref' || m.kind === 'cpython')
      methods.set(`${m.shape} ${m.host.replace(/^CPython /, '')}`, v);
    if (m.kind === 'cpython-ref') cpython.set(m.shape, v);
    if (m.kind === 'transport' && m.shape === BARE_POSTMESSAGE) bare.set(m.host, v);
  }
  return ms.map((m) => ({
    ...m,
    value: Number.isFinite(median(m.runs)) ? median(m.runs) : null,
    ...judge(m, { cpython, bare, methods }),
  }));
}

/**
 * A figure with 3 significant digits and k/M for big ones: 97.3k, 2.31M, 181, 4.07.
 * @param {number} v
 */
export function fmt(v) {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e6) return `${trim((v / 1e6).toPrecision(3))}M`;
  if (a >= 1e4) return `${trim((v / 1e3).toPrecision(3))}k`;
  if (a >= 1000) return String(Math.round(v));
  return trim(v.toPrecision(3));
}

/** @param {string} s */
function trim(s) {
  return s.includes('e') ? String(Number(s)) : s;
}

/** @param {string} s */
export function cell(s) {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * The Markdown table: one row per shape × host, in the order given.
 * @param {readonly Row[]} rows
 * @returns {string}
 */
export function markdownTable(rows) {
  const head = ['shape', 'host', 'median', 'unit', 'runs', '× CPython spawn', 'target (issues 3, 4)', 'result'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const r of rows) {
    const shape = SHAPES.find((s) => s.key === r.shape);
    const value = r.error ? `error: ${r.error}` : r.value === null ? '—' : fmt(r.value);
    const host = r.note ? `${r.host} (${r.note})` : r.host;
    lines.push(
      `| ${[
        shape ? shape.title : r.shape,
        host,
        value,
        r.unit,
        r.runs.map(fmt).join(' / '),
        r.ratio === null ? '' : `${fmt(r.ratio)}×`,
        r.target,
        r.verdict,
      ]
        .map(cell)
        .join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
