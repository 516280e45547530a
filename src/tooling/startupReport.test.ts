// The start-up and Stop tables of `npm run bench` (bench/startup/report.mjs): first and warm figures, verdicts.
import { describe, expect, it } from 'vitest';
import { firstAndWarm, startupMarkdown, stopMarkdown } from '../../bench/startup/report.mjs';
import { processesEndMs } from '../../bench/startup/threads.mjs';

const row = (host: string, n: number, runs: number[]) => ({
  host,
  kind: host.startsWith('CPython') ? ('cpython' as const) : ('mpplay' as const),
  n,
  runs,
});

describe('start-up table', () => {
  it('reads the first round apart and the median of the others as warm', () => {
    expect(firstAndWarm(row('mpplay Node', 1, [90, 5, 7, 6, 40]))).toEqual({ first: 90, warm: 6 });
  });

  it('judges warm figures against CPython forkserver and says when fork is met too', () => {
    const md = startupMarkdown([
      row('CPython forkserver', 5, [200, 30, 30, 30]),
      row('CPython fork', 5, [10, 4, 4, 4]),
      row('mpplay Node', 5, [300, 3, 3, 3]),
      row('mpplay Chromium, isolated', 5, [300, 45, 45, 45]),
    ]);
    expect(md).toContain('| mpplay Node | 0.10 PASS (0.8× fork, aim met) |');
    expect(md).toContain('| mpplay Chromium, isolated | 1.50 MISS (11.3× fork) |');
    expect(md).toContain('| mpplay Node | 300 · 3.0 |');
  });

  it('says n/a without CPython, and shows errors', () => {
    const md = startupMarkdown([{ ...row('mpplay Node', 1, []), error: 'exit 1: boom' }]);
    expect(md).toContain('error: exit 1: boom');
    expect(md).toContain('| mpplay Node | n/a |');
  });
});

describe('Stop table', () => {
  const sample = (t: number) => ({ stopped: 1, timeout0: 2, frame: 10, nextPrint: t });
  it('passes when the status, the main thread and the processes (their threads’ CPU) all end within 100 ms (medians)', () => {
    const md = stopMarkdown([
      { host: 'A', samples: [sample(40), sample(60), sample(500)], endMs: [50, 90, 2000], burnMs: [110, 2000] },
      { host: 'B', samples: [sample(150), sample(160), sample(30)], endMs: [2000, 2100], burnMs: [2000] },
      { host: 'C', samples: [sample(10)], burnMs: [10] },
      { host: 'D', samples: [{ ...sample(10), frame: 120 }], endMs: [10], burnMs: [10] },
    ]);
    // The next Run is not Stop's; the whole browser's CPU is shown, not judged.
    expect(md).toContain('| A | 1.0 | 2.0 | 10 | 60 | 90 (50, 90, 2000) | 110 (110, 2000) | PASS |');
    expect(md).toContain('| B | 1.0 | 2.0 | 10 | 150 | 2000 (2000, 2100) | 2000 (2000) | MISS |');
    expect(md).toContain('| C | 1.0 | 2.0 | 10 | 10 | n/a | 10 (10) | MISS |'); // unmeasured processes: no pass
    expect(md).toContain('| D | 1.0 | 2.0 | 120 | 10 | 10 (10) | 10 (10) | MISS |');
  });
});

describe('when the stopped processes end (per-thread CPU samples)', () => {
  const at = (t: number, cpu: Record<string, number>) => ({ t, cpu: new Map(Object.entries(cpu)) });
  // Stop at t=1000. Threads a and b spin before it; c is idle before it (a worker booted or used after Stop).
  const before = [at(700, { a: 0, b: 0, c: 0 }), at(800, { a: 100, b: 90, c: 0 }), at(990, { a: 280, b: 270, c: 0 })];
  it('is the last sample after Stop at which a thread busy before it used more CPU', () => {
    const after = [
      at(1010, { a: 290, b: 280, c: 0 }),
      at(1020, { a: 290, b: 290, c: 0 }),
      at(1030, { a: 290, b: 290 }),
    ];
    expect(processesEndMs([...before, ...after], 1000)).toBe(20);
  });
  it('leaves out threads idle before Stop, however busy after, and threads that ended', () => {
    const after = [at(1010, { a: 290, b: 270, c: 50 }), at(1020, { b: 270, c: 90 }), at(1500, { c: 400 })];
    expect(processesEndMs([...before, ...after], 1000)).toBe(10);
  });
  it('is 0 when none used more after Stop, and null when nothing was busy or the samples miss Stop', () => {
    expect(processesEndMs([...before, at(1010, { a: 280, b: 270 })], 1000)).toBe(0);
    expect(processesEndMs([at(700, { a: 0 }), at(990, { a: 10 }), at(1010, { a: 20 })], 1000)).toBeNull();
    expect(processesEndMs(before, 1000)).toBeNull();
    expect(processesEndMs([at(900, { a: 0 }), at(1010, { a: 90 })], 1000)).toBeNull();
  });
});
