// The start-up and Stop tables of `npm run bench` (bench/startup/report.mjs): first and warm figures, verdicts.
import { describe, expect, it } from 'vitest';
import { firstAndWarm, startupMarkdown, stopMarkdown } from '../../bench/startup/report.mjs';

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
  it('passes when the status, the main thread and the processes (their CPU) all end within 100 ms (medians)', () => {
    const md = stopMarkdown([
      { host: 'A', samples: [sample(40), sample(60), sample(500)], burnMs: [50, 90, 2000] },
      { host: 'B', samples: [sample(150), sample(160), sample(30)], burnMs: [2000, 2100] },
      { host: 'C', samples: [sample(10)], burnMs: [] },
      { host: 'D', samples: [{ ...sample(10), frame: 120 }], burnMs: [10] },
    ]);
    expect(md).toContain('| A | 1.0 | 2.0 | 10 | 60 | 90 (50, 90, 2000) | PASS |'); // the next Run is not Stop's
    expect(md).toContain('| B | 1.0 | 2.0 | 10 | 150 | 2000 (2000, 2100) | MISS |');
    expect(md).toContain('| C | 1.0 | 2.0 | 10 | 10 | n/a | MISS |'); // unmeasured burn is no pass
    expect(md).toContain('| D | 1.0 | 2.0 | 120 | 10 | 10 (10) | MISS |');
  });
});
