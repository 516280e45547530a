// The gate's closing `N passed, N failed` line counts what CI must see: skipped, todo, flaky and crashed count as failed.
import { describe, expect, it } from 'vitest';
import { summaryLine, tallyCommand, tallyEngines, tallyPlaywright, tallyVitest } from '../../scripts/gateSummary.mjs';

const vitestFile = (status: string, tests: string[], message = '') => ({
  name: '/repo/src/x.test.ts',
  status,
  message,
  assertionResults: tests.map((s, i) => ({ status: s, fullName: `test ${i}` })),
});

describe('tallyVitest', () => {
  it('counts passed and failed tests', () => {
    const t = tallyVitest({ testResults: [vitestFile('failed', ['passed', 'failed', 'passed'])] }, 1);
    expect([t.passed, t.failed]).toEqual([2, 1]);
  });

  it('names each failed test with the first line of its failure, so the end of the log says what failed', () => {
    const file = vitestFile('failed', ['failed', 'passed']);
    const report = {
      testResults: [
        {
          ...file,
          name: `${process.cwd()}/src/x.test.ts`,
          assertionResults: [
            {
              status: 'failed',
              fullName: 'join › holds',
              failureMessages: ['\x1b[31mAssertionError: expected 2 < 1\x1b[39m\n  at y'],
            },
            { status: 'passed', fullName: 'other' },
          ],
        },
      ],
    };
    expect(tallyVitest(report, 1).notes).toEqual([
      'failed: join › holds (src/x.test.ts): AssertionError: expected 2 < 1',
    ]);
  });

  it('names at most ten failed tests', () => {
    const t = tallyVitest({ testResults: [vitestFile('failed', Array(25).fill('failed'))] }, 1);
    expect(t.failed).toBe(25);
    expect(t.notes.filter((n) => n.startsWith('failed: '))).toHaveLength(10);
  });

  it('counts skipped and todo tests as failed, with a note', () => {
    const t = tallyVitest({ testResults: [vitestFile('passed', ['passed', 'skipped', 'todo'])] }, 0);
    expect([t.passed, t.failed]).toEqual([1, 2]);
    expect(t.notes.join('\n')).toMatch(/skipped test counts as failed: test 1/);
  });

  it('counts a file that failed to load as one failure', () => {
    const t = tallyVitest({ testResults: [vitestFile('failed', [], 'SyntaxError: nope\n  at x')] }, 1);
    expect([t.passed, t.failed]).toEqual([0, 1]);
    expect(t.notes[0]).toContain('SyntaxError: nope');
  });

  it('fails when there is no report, or a non-zero exit without a failing test', () => {
    expect(tallyVitest(undefined, 1).failed).toBe(1);
    expect(tallyVitest({ testResults: [vitestFile('passed', ['passed'])] }, 1)).toMatchObject({ passed: 1, failed: 1 });
  });
});

describe('tallyEngines', () => {
  const test = (engine: string, status: string) => ({ status, fullName: `${engine} x`, ancestorTitles: [engine] });
  const file = (tests: object[]) => ({ name: '/repo/engines/x.engine.ts', status: 'passed', assertionResults: tests });

  it('counts as vitest does and tells each engine apart', () => {
    const report = {
      testResults: [
        file([test('chromium', 'passed'), test('chromium', 'passed')]),
        file([test('webkit', 'passed'), test('webkit', 'failed')]),
      ],
    };
    const t = tallyEngines(report, 1, ['chromium', 'webkit']);
    expect([t.passed, t.failed]).toEqual([3, 1]);
    expect(t.notes).toEqual([
      'chromium: 2 passed, 0 failed',
      'webkit: 1 passed, 1 failed',
      'failed: webkit x (/repo/engines/x.engine.ts)',
    ]);
  });

  it('fails an engine that ran no test at all', () => {
    const t = tallyEngines({ testResults: [file([test('chromium', 'passed')])] }, 0, ['chromium', 'firefox']);
    expect([t.passed, t.failed]).toEqual([1, 1]);
    expect(t.notes).toContain('firefox: no test ran (see the output above); an engine is never skipped');
  });
});

describe('tallyPlaywright', () => {
  const report = (stats: object, errors: object[] = []) => ({
    stats,
    errors,
    suites: [
      {
        title: 'app.spec.ts',
        specs: [{ title: 'runs', tests: [{ status: 'skipped', projectName: 'chromium' }] }],
        suites: [],
      },
    ],
  });

  it('counts expected as passed; unexpected, flaky and skipped as failed', () => {
    const t = tallyPlaywright(report({ expected: 3, unexpected: 1, flaky: 1, skipped: 1 }), 1);
    expect([t.passed, t.failed]).toEqual([3, 3]);
    expect(t.notes).toContain('playwright: skipped test counts as failed: app.spec.ts › runs [chromium]');
  });

  it('counts top-level errors (forbid-only, webServer) when no test failed', () => {
    const t = tallyPlaywright(
      report({ expected: 0, unexpected: 0, flaky: 0, skipped: 0 }, [{ message: 'Error: item focused with test.only' }]),
      1,
    );
    expect([t.passed, t.failed]).toEqual([0, 1]);
  });

  it('names a failed test with its error', () => {
    const t = tallyPlaywright(
      {
        stats: { expected: 0, unexpected: 1 },
        suites: [
          {
            title: 'tour.spec.ts',
            specs: [
              {
                title: 'zombie',
                tests: [
                  {
                    status: 'unexpected',
                    projectName: 'chromium',
                    results: [{ error: { message: 'Error: timed out\nmore' } }],
                  },
                ],
              },
            ],
          },
        ],
      },
      1,
    );
    expect(t.notes).toEqual(['failed: tour.spec.ts › zombie [chromium]: Error: timed out']);
  });

  it('fails when there is no report', () => {
    expect(tallyPlaywright(undefined, 1)).toMatchObject({ passed: 0, failed: 1 });
  });
});

describe('summaryLine', () => {
  it('sums every step into the one plain line CI reads', () => {
    const line = summaryLine([tallyCommand(0), tallyCommand(2), { passed: 10, failed: 0, notes: [] }]);
    expect(line).toBe('11 passed, 1 failed');
  });
});
