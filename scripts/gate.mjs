#!/usr/bin/env node
// @ts-check
// The one gate (`npm test`): typecheck, lint, format, unit tests, build, browser tests in Chromium, then in all three
// engines; ends with `N passed, N failed`.
//
// Every step runs even after a failure, so every runner's numbers are reported. Usage:
//   node scripts/gate.mjs                 all steps
//   node scripts/gate.mjs lint unit       only these steps (names below), for a quick local loop
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summaryLine, tallyCommand, tallyEngines, tallyPlaywright, tallyVitest } from './gateSummary.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (/** @type {string} */ name) => join(root, 'node_modules', '.bin', name);
const tmp = mkdtempSync(join(tmpdir(), 'mpplay-gate-'));
const vitestJson = join(tmp, 'vitest.json');
const playwrightJson = join(tmp, 'playwright.json');
const enginesJson = join(tmp, 'engines.json');
const enginesNotes = join(tmp, 'engines-notes.txt');
process.env['MPPLAY_ENGINE_NOTES'] = enginesNotes;
/** The engines the cross-engine suite must run, one engines/<name>.engine.ts each. */
const ENGINES = ['chromium', 'firefox', 'webkit'];

/**
 * Runs a command with inherited stdio and resolves with its exit code (a signal or spawn error counts as 1).
 * @param {string} cmd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<number>}
 */
function run(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ...env },
    });
    child.on('error', (e) => {
      console.error(`gate: could not start ${cmd}: ${e.message}`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** @param {string} file */
function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @typedef {import('./gateSummary.mjs').Tally} Tally
 * @typedef {{ status: 'ok' | 'FAILED' | 'skipped'; secs: number; tally: Tally; why?: string }} StepResult
 * @typedef {{ name: string; title: string; run: (done: Map<string, StepResult>) => Promise<Tally | string> }} Step
 * `run` gives a tally, or a string: the reason the step was skipped (it then counts as neither passed nor failed).
 */

/** @type {Step[]} */
const steps = [
  {
    name: 'typecheck',
    title: 'typecheck (tsc, every tsconfig)',
    run: async () => tallyCommand(await run(process.execPath, [join(root, 'scripts', 'typecheck.mjs')])),
  },
  {
    name: 'lint',
    title: 'lint (eslint, zero warnings)',
    run: async () => tallyCommand(await run(bin('eslint'), ['.', '--max-warnings', '0'])),
  },
  {
    name: 'format',
    title: 'format (prettier --check)',
    run: async () => tallyCommand(await run(bin('prettier'), ['--check', '.'])),
  },
  {
    name: 'unit',
    title: 'unit tests (vitest)',
    run: async () => {
      rmSync(vitestJson, { force: true });
      const code = await run(bin('vitest'), [
        'run',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${vitestJson}`,
      ]);
      return tallyVitest(readJson(vitestJson), code);
    },
  },
  {
    name: 'build',
    title: 'build (vite build)',
    run: async () => tallyCommand(await run(bin('vite'), ['build'])),
  },
  {
    name: 'browser',
    title: 'browser tests (playwright --forbid-only)',
    run: async (done) => {
      if (!existsSync(join(root, 'playwright.config.ts'))) return 'playwright.config.ts does not exist yet';
      const build = done.get('build');
      if (build?.status === 'FAILED' && !process.env.E2E_DEV) {
        // `vite preview` would serve a stale or half-written dist/ and could pass for the wrong reason.
        return { passed: 0, failed: 1, notes: ['browser tests not run: the build failed'] };
      }
      rmSync(playwrightJson, { force: true });
      const code = await run(bin('playwright'), ['test', '--forbid-only', '--reporter=list,json'], {
        PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
      });
      return tallyPlaywright(readJson(playwrightJson), code);
    },
  },
  {
    name: 'engines',
    title: 'cross-engine browser tests (vitest -c engines/vitest.config.ts: Chromium, Firefox, WebKit)',
    run: async (done) => {
      if (done.get('build')?.status === 'FAILED') {
        return { passed: 0, failed: 1, notes: ['cross-engine tests not run: the build failed'] };
      }
      rmSync(enginesJson, { force: true });
      rmSync(enginesNotes, { force: true });
      const code = await run(bin('vitest'), [
        'run',
        '--config',
        join('engines', 'vitest.config.ts'),
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${enginesJson}`,
      ]);
      const t = tallyEngines(readJson(enginesJson), code, ENGINES);
      // What the tests survived (a browser's crash, run again on a fresh page) is said, though it fails nothing.
      const survived = existsSync(enginesNotes) ? readFileSync(enginesNotes, 'utf8').split('\n').filter(Boolean) : [];
      return { ...t, notes: [...t.notes, ...survived] };
    },
  },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !steps.some((s) => s.name === w));
if (unknown.length) {
  console.error(`gate: unknown step ${unknown.join(', ')}; steps are ${steps.map((s) => s.name).join(', ')}`);
  process.exit(2);
}

/** @type {Map<string, StepResult>} */
const done = new Map();
const gateStarted = performance.now();
for (const step of steps) {
  if (wanted.length && !wanted.includes(step.name)) continue;
  console.log(`\n━━ gate: ${step.title} ━━`);
  const started = performance.now();
  const out = await step.run(done);
  const secs = (performance.now() - started) / 1000;
  if (typeof out === 'string') {
    console.log(`gate: skipped ${step.name}: ${out}`);
    done.set(step.name, { status: 'skipped', secs, tally: { passed: 0, failed: 0, notes: [] }, why: out });
  } else {
    done.set(step.name, { status: out.failed ? 'FAILED' : 'ok', secs, tally: out });
  }
}
rmSync(tmp, { recursive: true, force: true });

console.log(`\n━━ gate: summary (${((performance.now() - gateStarted) / 60_000).toFixed(1)} min in all) ━━`);
for (const [name, r] of done) {
  const counts = r.status === 'skipped' ? r.why : `${r.tally.passed} passed, ${r.tally.failed} failed`;
  console.log(`${name.padEnd(10)} ${r.status.padEnd(7)} ${r.secs.toFixed(1).padStart(6)} s  ${counts}`);
  for (const note of r.tally.notes) console.log(`           ${note}`);
}
const tallies = [...done.values()].map((r) => r.tally);
process.exitCode = tallies.some((t) => t.failed) ? 1 : 0;
console.log(summaryLine(tallies));
