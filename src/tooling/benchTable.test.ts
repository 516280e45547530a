// The pure parts of `npm run bench` (bench/table.mjs, bench/overhead.mjs; bench/profile.mjs in benchProfile.test.ts):
// a broken bench must not go unnoticed.
import { describe, expect, it } from 'vitest';
import {
  BARE_POSTMESSAGE,
  SHAPES,
  buildRows,
  cpythonMeasurements,
  fmt,
  judge,
  markdownTable,
  median,
  parseBenchLine,
  parsePythonJson,
  pythonMethods,
  type Measurement,
} from '../../bench/table.mjs';
import { leanHost, overheadMarkdown, traceOverheads } from '../../bench/overhead.mjs';

/** A trimmed report as `bench_mp.py --json` writes it. */
const PY_JSON = JSON.stringify({
  machine: { python: '3.11.2', nproc: 2 },
  runs: 3,
  keep_awake: false,
  results: [
    {
      id: 'A3a',
      method: 'spawn',
      unit: 'items/s',
      runs: [90000, 100000, 95000],
      min: 90000,
      median: 95000,
      max: 100000,
      discarded_runs: 1,
      run_meta: [{ contaminated: false }, { contaminated: true }, { contaminated: false }],
    },
    { id: 'A3a', method: 'forkserver', unit: 'items/s', runs: [80000, 85000, 90000], median: 85000, run_meta: [] },
    { id: 'A3c', method: 'spawn', unit: 'items/s', runs: [50000, 60000, 70000], median: 60000 },
    { id: 'A4a', method: 'spawn', unit: 'us/RT', runs: [100, 110, 120], median: 110 },
  ],
});

const ref = (cpython: Record<string, number>, bare: Record<string, number> = {}) => ({
  cpython: new Map(Object.entries(cpython)),
  bare: new Map(Object.entries(bare)),
});

const m = (over: Partial<Measurement>): Measurement => ({
  shape: 'queue',
  host: 'mpplay Node',
  kind: 'sab',
  unit: 'items/s',
  runs: [],
  ...over,
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('ignores non-finite values and is NaN for none', () => {
    expect(median([NaN, 5, Infinity, 1, 3])).toBe(3);
    expect(median([])).toBeNaN();
  });
});

describe('parsePythonJson', () => {
  it("reads bench_mp.py's results with the disturbed-run counts", () => {
    const r = parsePythonJson(PY_JSON);
    expect(r.python).toBe('3.11.2');
    expect(r.results).toHaveLength(4);
    expect(r.results[0]).toMatchObject({ id: 'A3a', method: 'spawn', median: 95000, flagged: 1, discarded: 1 });
    expect(r.results[3]).toMatchObject({ id: 'A4a', unit: 'us/RT', runs: [100, 110, 120] });
  });

  it('says what is wrong with something else', () => {
    expect(() => parsePythonJson('{"results": ')).toThrow(/does not parse/);
    expect(() => parsePythonJson('{"machine": {}}')).toThrow(/no "results"/);
    expect(() => parsePythonJson('{"results": [{"id": "A3a"}]}')).toThrow(/#0 lacks/);
  });

  it('becomes one measurement per shape and method, spawn being the reference', () => {
    const ms = cpythonMeasurements(parsePythonJson(PY_JSON), SHAPES);
    expect(ms.map((x) => [x.shape, x.host, x.kind])).toEqual([
      ['queue', 'CPython spawn', 'cpython-ref'],
      ['queue', 'CPython forkserver', 'cpython'],
      ['joinable', 'CPython spawn', 'cpython-ref'],
      ['pipe', 'CPython spawn', 'cpython-ref'],
    ]);
    expect(ms[0]?.note).toBe('1 of 3 runs disturbed by other processes; 1 re-run');
    expect(ms[3]?.unit).toBe('µs/RT');
  });
});

describe("issue 4's shapes from bench_mp.py", () => {
  const report = parsePythonJson(
    JSON.stringify({
      machine: { python: '3.14.0' },
      results: [
        { id: 'A1', method: 'spawn', unit: 's', runs: [6.5, 6.7, 6.9] },
        { id: 'A1', method: 'forkserver', unit: 's', runs: [3.1, 3.3, 3.5] },
        { id: 'A1', method: 'fork', unit: 's', runs: [0.38, 0.4, 0.42] },
        { id: 'A2a', method: 'spawn', unit: 'ms', runs: [160, 166, 170] },
        { id: 'A2b', method: 'spawn', unit: 'tasks/s', runs: [6e6, 6.5e6, 7e6] },
        { id: 'A2c', method: 'spawn', unit: 'tasks/s', runs: [70000, 72000, 74000] },
      ],
    }),
  );

  it('maps A1, A2a, A2b and A2c to their shapes, fork and forkserver as plain CPython rows', () => {
    const ms = cpythonMeasurements(report, SHAPES);
    expect(ms.map((x) => [x.shape, x.host, x.kind, x.unit])).toEqual([
      ['processes', 'CPython spawn', 'cpython-ref', 's'],
      ['processes', 'CPython forkserver', 'cpython', 's'],
      ['processes', 'CPython fork', 'cpython', 's'],
      ['pool5', 'CPython spawn', 'cpython-ref', 'ms'],
      ['poolmap', 'CPython spawn', 'cpython-ref', 'tasks/s'],
      ['poolmap1', 'CPython spawn', 'cpython-ref', 'tasks/s'],
    ]);
  });

  it('asks bench_mp.py for fork only when the 200 processes are measured', () => {
    const only = (...keys: string[]) => SHAPES.filter((x) => keys.includes(x.key));
    expect(pythonMethods(only('queue', 'poolmap', 'poolmap1', 'pool5'))).toEqual(['spawn', 'forkserver']);
    expect(pythonMethods(only('pipe', 'processes'))).toEqual(['spawn', 'forkserver', 'fork']);
  });

  it("judges each mpplay row against the same run's CPython figures", () => {
    const rows = buildRows([
      ...cpythonMeasurements(report, SHAPES),
      m({ shape: 'processes', unit: 's', runs: [0.3, 0.29, 0.31] }),
      m({ shape: 'processes', kind: 'nosab', host: 'mpplay Chromium, not isolated', unit: 's', runs: [3.6] }),
      m({ shape: 'pool5', unit: 'ms', runs: [14] }),
      m({ shape: 'poolmap', unit: 'tasks/s', runs: [7e6] }),
      m({ shape: 'poolmap1', kind: 'nosab', unit: 'tasks/s', runs: [71000] }),
    ]).filter((r) => r.host.startsWith('mpplay'));
    expect(rows.map((r) => [r.shape, r.verdict])).toEqual([
      ['processes', 'PASS'],
      ['processes', 'MISS'],
      ['pool5', ''],
      ['poolmap', 'PASS'],
      ['poolmap1', 'MISS'],
    ]);
    // 0.30 s against forkserver's 3.3 s and fork's 0.40 s: the target met, and the aim too.
    expect(rows[0]?.ratio).toBeCloseTo(0.3 / 6.7, 10);
    expect(rows[0]?.target).toBe('≤ CPython forkserver = ≤ 3.30 (0.0909× now); aim ≤ fork = ≤ 0.400 (0.750× now: met)');
    expect(rows[1]?.target).toContain('(1.09× now)');
    expect(rows[1]?.target).toContain('(9.00× now: not met)');
    expect(rows[2]?.target).toBe('none (issue 4 sets none)');
    expect(rows[3]).toMatchObject({ target: '≥ CPython = ≥ 6.50M', ratio: 7 / 6.5 });
    expect(rows[4]?.target).toBe('≥ CPython = ≥ 72.0k');
  });

  it('holds Pool.map to CPython with and without SharedArrayBuffer, and needs CPython to judge', () => {
    const map = (kind: Measurement['kind'], runs: number[]) => m({ shape: 'poolmap1', kind, unit: 'tasks/s', runs });
    for (const kind of ['sab', 'nosab'] as const) {
      expect(judge(map(kind, [72000]), ref({ poolmap1: 72000 })).verdict).toBe('PASS');
      expect(judge(map(kind, [71999]), ref({ poolmap1: 72000 })).verdict).toBe('MISS');
    }
    expect(judge(map('sab', [72000]), ref({})).verdict).toBe('n/a');
    expect(judge(map('sab', []), ref({ poolmap1: 72000 })).verdict).toBe('ERROR');
  });

  it('holds 200 processes to forkserver alone: without its figure the row reads n/a, fork or not', () => {
    const p = m({ shape: 'processes', unit: 's', runs: [1] });
    const methods = (o: Record<string, number>) => ({ ...ref({}), methods: new Map(Object.entries(o)) });
    expect(judge(p, methods({ 'processes fork': 2 })).verdict).toBe('n/a');
    expect(judge(p, methods({ 'processes forkserver': 1 })).verdict).toBe('PASS');
    expect(judge(p, methods({ 'processes forkserver': 0.99 })).verdict).toBe('MISS');
    expect(judge(p, methods({ 'processes forkserver': 3, 'processes fork': 0.5 })).target).toContain('not met');
  });
});

describe('parseBenchLine', () => {
  it("finds the program's last BENCH line, with or without a terminal prefix", () => {
    const text = 'noise\n[1000 MainProcess] BENCH {"shape":"pipe","runs":[1,2]}\n── exit code 0 · 2.07 s ──';
    expect(parseBenchLine(text)).toEqual({ shape: 'pipe', runs: [1, 2] });
    expect(parseBenchLine('BENCH {"a":1}\r\nBENCH {"a":2}\r\n')).toEqual({ a: 2 });
    expect(parseBenchLine('nothing here')).toBeNull();
  });
});

describe('judge', () => {
  it('holds queues with SharedArrayBuffer to 2× CPython spawn', () => {
    expect(judge(m({ runs: [200, 210, 190] }), ref({ queue: 100 }))).toEqual({
      ratio: 2,
      target: '≥ 2× CPython = ≥ 200',
      verdict: 'PASS',
    });
    expect(judge(m({ runs: [199] }), ref({ queue: 100 })).verdict).toBe('MISS');
  });

  it('holds queues without SharedArrayBuffer to 1× CPython', () => {
    const j = judge(m({ kind: 'nosab', runs: [100] }), ref({ queue: 100 }));
    expect(j).toMatchObject({ ratio: 1, verdict: 'PASS', target: '≥ 1× CPython = ≥ 100' });
  });

  it('holds a pipe round trip with SharedArrayBuffer to CPython, lower being better', () => {
    const pipe = (runs: number[]) => m({ shape: 'pipe', unit: 'µs/RT', runs });
    expect(judge(pipe([110]), ref({ pipe: 110 }))).toMatchObject({
      ratio: 1,
      verdict: 'PASS',
      target: '≤ CPython = ≤ 110',
    });
    expect(judge(pipe([111]), ref({ pipe: 110 })).verdict).toBe('MISS');
  });

  it('holds a pipe round trip without SharedArrayBuffer to 2× the bare postMessage round trip of the same page', () => {
    const pipe = (runs: number[]) =>
      m({ shape: 'pipe', kind: 'nosab', unit: 'µs/RT', runs, bareHost: 'Chromium, not isolated' });
    const r = ref({ pipe: 110 }, { 'Chromium, not isolated': 250, 'Chromium, isolated': 50 });
    expect(judge(pipe([500]), r)).toMatchObject({
      verdict: 'PASS',
      ratio: 500 / 110,
      target: '≤ 2× bare postMessage RT (2.00× now) = ≤ 500',
    });
    expect(judge(pipe([501]), r).verdict).toBe('MISS');
    // Without the bare figure, nothing to judge by; CPython is not needed for this target.
    expect(judge(pipe([300]), ref({}, {})).verdict).toBe('n/a');
  });

  it('reads n/a without CPython, ERROR for a failed measurement, and no target for references', () => {
    expect(judge(m({ runs: [100] }), ref({}))).toEqual({ ratio: null, target: '≥ 2× CPython', verdict: 'n/a' });
    expect(judge(m({ runs: [], error: 'exit 1' }), ref({ queue: 100 })).verdict).toBe('ERROR');
    expect(judge(m({ kind: 'cpython-ref', runs: [100] }), ref({ queue: 100 }))).toEqual({
      ratio: 1,
      target: 'reference',
      verdict: '',
    });
    expect(judge(m({ kind: 'transport', shape: BARE_POSTMESSAGE, runs: [90] }), ref({})).verdict).toBe('');
    expect(judge(m({ kind: 'variant', runs: [300] }), ref({ queue: 100 }))).toEqual({
      ratio: 3,
      target: 'none (a diagnostic variant)',
      verdict: '',
    });
  });
});

describe('buildRows and markdownTable', () => {
  const rows = buildRows([
    m({ host: 'CPython spawn', kind: 'cpython-ref', runs: [90000, 100000, 95000] }),
    m({ runs: [150000, 170000, 160000] }),
    m({
      shape: 'pipe',
      kind: 'nosab',
      host: 'mpplay Chromium, not isolated',
      unit: 'µs/RT',
      runs: [300],
      bareHost: 'X',
    }),
    m({ shape: BARE_POSTMESSAGE, kind: 'transport', host: 'X', unit: 'µs/RT', runs: [200] }),
    m({ shape: 'joinable', host: 'CPython spawn', kind: 'cpython-ref', runs: [], error: 'python3 not found' }),
  ]);

  it('judges against the CPython spawn and bare figures of the same run', () => {
    expect(rows.map((r) => [r.value, r.verdict])).toEqual([
      [95000, ''],
      [160000, 'MISS'],
      [300, 'PASS'],
      [200, ''],
      [null, ''],
    ]);
  });

  it('renders one Markdown row per measurement, with ratio, target, verdict and every run', () => {
    const md = markdownTable(rows).split('\n');
    expect(md).toHaveLength(2 + rows.length);
    expect(md[0]).toBe('| shape | host | median | unit | runs | × CPython spawn | target (issues 3, 4) | result |');
    expect(md[2]).toBe(
      '| Queue 1→1, 100k ints | CPython spawn | 95.0k | items/s | 90.0k / 100k / 95.0k | 1.00× | reference |  |',
    );
    expect(md[3]).toBe(
      '| Queue 1→1, 100k ints | mpplay Node | 160k | items/s | 150k / 170k / 160k | 1.68× | ≥ 2× CPython = ≥ 190k | MISS |',
    );
    expect(md[4]).toContain('| ≤ 2× bare postMessage RT (1.50× now) = ≤ 400 | PASS |');
    expect(md[6]).toContain('| error: python3 not found |');
  });

  it('formats figures with 3 significant digits', () => {
    expect([fmt(97312), fmt(2_310_000), fmt(181.4), fmt(4.0692), fmt(1234.4), fmt(NaN)]).toEqual([
      '97.3k',
      '2.31M',
      '181',
      '4.07',
      '1234',
      '—',
    ]);
  });
});

describe('traceOverheads and overheadMarkdown (issue 5: the recorder costs a queue at most 10%)', () => {
  const lean = (over: Partial<Measurement>) => m({ host: leanHost('mpplay Node'), kind: 'variant', ...over });

  it('is 1 − full/lifecycle per queue shape and host, PASS up to 10% and MISS beyond', () => {
    const list = traceOverheads([
      m({ shape: 'queue', runs: [500, 460, 450] }), // median 460
      lean({ shape: 'queue', runs: [500, 520, 480] }), // median 500; pairs 0%, 11.5%, 6.25% → median 6.25%
      m({ shape: 'joinable', runs: [300] }),
      lean({ shape: 'joinable', runs: [400] }), // 25%
    ]);
    expect(list.map((o) => [o.shape, o.host, o.full, o.lean, o.verdict])).toEqual([
      ['queue', 'mpplay Node', 460, 500, 'PASS'],
      ['joinable', 'mpplay Node', 300, 400, 'MISS'],
    ]);
    expect(list[0]!.overhead).toBeCloseTo(0.0625, 10);
    expect(list[0]!.pairs).toBe(3);
    expect(list[1]!.overhead).toBeCloseTo(0.25, 10);
    expect(list[1]!.pairs).toBe(0); // one run each: the ratio of the two
    expect(list[0]!.target).toBe('≤ 10%');
  });

  it('takes runs in turn as pairs, so that a machine whose speed changes between pairs does not move it', () => {
    // Fast for the first pair, slow for the second, slowing down within the third: the medians (620 against
    // 1000) would say 38%; pair by pair it is 4.8%, 6.25% and 38%, median 6.25%.
    const [o] = traceOverheads([m({ runs: [1000, 600, 620] }), lean({ runs: [1050, 640, 1000] })]);
    expect(o!.overhead).toBeCloseTo(1 - 600 / 640, 10);
    expect(o!.verdict).toBe('PASS');
  });

  it('passes at exactly 10% and keeps a negative overhead (noise) as measured', () => {
    const [edge, faster] = traceOverheads([
      m({ shape: 'queue', runs: [900] }),
      lean({ shape: 'queue', runs: [1000] }),
      m({ shape: 'joinable', runs: [1100] }),
      lean({ shape: 'joinable', runs: [1000] }),
    ]);
    expect(edge!.verdict).toBe('PASS');
    expect(faster!.overhead).toBeCloseTo(-0.1, 10);
    expect(faster!.verdict).toBe('PASS');
    const [over] = traceOverheads([m({ runs: [899] }), lean({ runs: [1000] })]);
    expect(over!.verdict).toBe('MISS');
  });

  it('pairs each host with its own lean variant only, and leaves out the pipe, CPython and hosts without one', () => {
    const chromium = 'mpplay Chromium, isolated';
    const list = traceOverheads([
      m({ runs: [100] }),
      m({ host: chromium, runs: [50] }),
      lean({ host: leanHost(chromium), runs: [100] }),
      m({ host: 'mpplay Chromium, not isolated', kind: 'nosab', runs: [10] }),
      m({ host: 'CPython spawn', kind: 'cpython-ref', runs: [10] }),
      m({ shape: 'pipe', unit: 'µs/RT', runs: [10] }),
      lean({ shape: 'pipe', unit: 'µs/RT', runs: [20] }),
    ]);
    expect(list.map((o) => [o.host, o.overhead])).toEqual([[chromium, 0.5]]);
  });

  it('is ERROR when either run failed', () => {
    const list = traceOverheads([
      m({ runs: [], error: 'timed out' }),
      lean({ runs: [100] }),
      m({ shape: 'joinable', runs: [100] }),
      lean({ shape: 'joinable', runs: [5], error: 'exit 1' }),
    ]);
    expect(list.map((o) => [o.overhead, o.verdict])).toEqual([
      [null, 'ERROR'],
      [null, 'ERROR'],
    ]);
  });

  it('renders one Markdown row per figure, and nothing without any', () => {
    const md = overheadMarkdown(traceOverheads([m({ runs: [467_000] }), lean({ runs: [650_000] })]));
    const lines = md.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      '| Queue 1→1, 100k ints | mpplay Node | 467k | 650k | 28.2% (of the medians) | ≤ 10% | MISS |',
    );
    const paired = overheadMarkdown(traceOverheads([m({ runs: [95, 90] }), lean({ runs: [100, 100] })]));
    expect(paired.split('\n')[2]).toContain('| 7.5% (2 pairs) |');
    expect(overheadMarkdown([])).toBe('');
  });
});
