// @ts-check
// Turns each runner's result (exit code, JSON report) into passed/failed counts for the gate's closing line.

/**
 * One step's contribution to the closing `N passed, N failed` line.
 * @typedef {{ passed: number; failed: number; notes: string[] }} Tally
 */

/**
 * A step that is one test (typecheck, lint, format, build): it passed iff the command exited 0.
 * @param {number | null} exitCode
 * @returns {Tally}
 */
export function tallyCommand(exitCode) {
  return exitCode === 0 ? { passed: 1, failed: 0, notes: [] } : { passed: 0, failed: 1, notes: [] };
}

/**
 * Vitest's `--reporter=json` report. Skipped and todo tests count as failures: here a skipped test is a defect.
 * A file that failed without a failing test (it did not load) counts as one failure.
 * @param {any} report parsed JSON, or undefined when the file was not written
 * @param {number | null} exitCode
 * @returns {Tally}
 */
export function tallyVitest(report, exitCode) {
  /** @type {Tally} */
  const t = { passed: 0, failed: 0, notes: [] };
  let named = 0;
  if (!report || !Array.isArray(report.testResults)) {
    t.failed = 1;
    t.notes.push(`vitest wrote no JSON report (exit code ${exitCode})`);
    return t;
  }
  for (const file of report.testResults) {
    let failedHere = 0;
    for (const a of file.assertionResults ?? []) {
      if (a.status === 'passed') {
        t.passed++;
      } else {
        t.failed++;
        failedHere++;
        if (a.status !== 'failed')
          t.notes.push(`vitest: ${a.status} test counts as failed: ${a.fullName} (${file.name})`);
        else if (named++ < MAX_NAMED)
          t.notes.push(failedNote(`${a.fullName} (${shortPath(file.name)})`, a.failureMessages?.[0]));
      }
    }
    if (file.status === 'failed' && failedHere === 0) {
      t.failed++;
      t.notes.push(
        `vitest: ${file.name} failed outside any test: ${firstLine(file.message) || 'see the output above'}`,
      );
    }
  }
  return withExitCode(t, 'vitest', exitCode);
}

/**
 * The cross-engine suite's vitest report (engines/vitest.config.ts): as `tallyVitest`, plus one note per engine
 * (`webkit: 30 passed, 4 failed`), each test's engine being its outermost describe. An engine with no test in
 * the report (its file did not load, or was left out) counts as one failure: an engine is never skipped.
 * @param {any} report parsed JSON, or undefined when the file was not written
 * @param {number | null} exitCode
 * @param {readonly string[]} engines the engines that must have run
 * @returns {Tally}
 */
export function tallyEngines(report, exitCode, engines) {
  const t = tallyVitest(report, exitCode);
  /** @type {Map<string, { passed: number; failed: number }>} */
  const per = new Map(engines.map((e) => [e, { passed: 0, failed: 0 }]));
  for (const file of Array.isArray(report?.testResults) ? report.testResults : []) {
    for (const a of file.assertionResults ?? []) {
      const engine = Array.isArray(a.ancestorTitles) ? String(a.ancestorTitles[0] ?? '') : '';
      const n = per.get(engine) ?? { passed: 0, failed: 0 };
      if (a.status === 'passed') n.passed++;
      else n.failed++;
      per.set(engine, n);
    }
  }
  /** @type {string[]} */
  const counts = [];
  for (const [engine, n] of per) {
    if (n.passed + n.failed === 0 && engines.includes(engine)) {
      t.failed++;
      counts.push(`${engine}: no test ran (see the output above); an engine is never skipped`);
    } else {
      counts.push(`${engine || '(no engine)'}: ${n.passed} passed, ${n.failed} failed`);
    }
  }
  t.notes = [...counts, ...t.notes];
  return t;
}

/**
 * Playwright's JSON report (`stats` plus the suite tree). `expected` passes; `unexpected` fails; `skipped`
 * (test.skip, test.fixme) and `flaky` (passed only on a retry) count as failures too; so does each
 * top-level error (a webServer that did not start, `test.only` under --forbid-only) when no test failed.
 * @param {any} report parsed JSON, or undefined when the file was not written
 * @param {number | null} exitCode
 * @returns {Tally}
 */
export function tallyPlaywright(report, exitCode) {
  /** @type {Tally} */
  const t = { passed: 0, failed: 0, notes: [] };
  if (!report || typeof report.stats !== 'object') {
    t.failed = 1;
    t.notes.push(`playwright wrote no JSON report (exit code ${exitCode})`);
    return t;
  }
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats;
  t.passed = expected;
  t.failed = unexpected + flaky + skipped;
  let named = 0;
  for (const { title, status, error } of playwrightTests(report.suites ?? [])) {
    if (status === 'skipped' || status === 'flaky')
      t.notes.push(`playwright: ${status} test counts as failed: ${title}`);
    else if (status === 'unexpected' && named++ < MAX_NAMED) t.notes.push(failedNote(title, error));
  }
  const errors = Array.isArray(report.errors) ? report.errors : [];
  for (const e of errors) t.notes.push(`playwright: ${firstLine(e?.message) || 'error outside any test'}`);
  if (t.failed === 0 && errors.length) t.failed = errors.length;
  return withExitCode(t, 'playwright', exitCode);
}

/**
 * Every test in a Playwright suite tree, with its full title and status.
 * @param {any[]} suites
 * @param {string[]} path
 * @returns {{ title: string; status: string; error: string }[]}
 */
function playwrightTests(suites, path = []) {
  return suites.flatMap((s) => {
    const here = s.title ? [...path, s.title] : path;
    const own = (s.specs ?? []).flatMap((/** @type {any} */ spec) =>
      (spec.tests ?? []).map((/** @type {any} */ test) => ({
        title: [...here, spec.title].join(' › ') + (test.projectName ? ` [${test.projectName}]` : ''),
        status: String(test.status),
        error: firstLine(
          stripAnsi((test.results ?? []).map((/** @type {any} */ r) => r.error?.message ?? '').find(Boolean)),
        ),
      })),
    );
    return [...own, ...playwrightTests(s.suites ?? [], here)];
  });
}

/**
 * A runner that exited non-zero failed, even when its report shows no failing test.
 * @param {Tally} t
 * @param {string} runner
 * @param {number | null} exitCode
 * @returns {Tally}
 */
function withExitCode(t, runner, exitCode) {
  if (exitCode !== 0 && t.failed === 0) {
    t.failed = 1;
    t.notes.push(`${runner} exited with code ${exitCode} without a failing test: see its output above`);
  }
  return t;
}

/**
 * How many failed tests each runner names in the summary: the summary is the end of CI's log, which is often
 * all of it that is kept, so it says which tests failed and why, in a line each.
 */
const MAX_NAMED = 10;

/** @param {unknown} s */
function firstLine(s) {
  const line =
    typeof s === 'string'
      ? (
          stripAnsi(s)
            .split('\n')
            .find((l) => l.trim()) ?? ''
        ).trim()
      : '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/**
 * @param {string} test
 * @param {unknown} message
 */
function failedNote(test, message) {
  const why = firstLine(message);
  return why ? `failed: ${test}: ${why}` : `failed: ${test}`;
}

/** @param {unknown} s */
function stripAnsi(s) {
  // eslint-disable-next-line no-control-regex
  return typeof s === 'string' ? s.replace(/\x1b\[[0-9;]*m/g, '') : '';
}

/**
 * A test file's path from the repository's root, as the runners print it.
 * @param {unknown} name
 */
function shortPath(name) {
  const s = String(name ?? '');
  const cwd = process.cwd().replace(/\\/g, '/') + '/';
  return s.startsWith(cwd) ? s.slice(cwd.length) : s;
}

/**
 * The gate's closing line, which CI reads.
 * @param {Tally[]} tallies
 */
export function summaryLine(tallies) {
  const passed = tallies.reduce((n, t) => n + t.passed, 0);
  const failed = tallies.reduce((n, t) => n + t.failed, 0);
  return `${passed} passed, ${failed} failed`;
}
