// The lesson checks' own machinery: every gallery example has checks, the modules stay pure, the run reader and the span arithmetic are right.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent, TraceFile } from '../../protocol/trace';
import { examples } from '../catalog';
import { EXPECTS } from '../expects';
import {
  LESSON_IDS,
  LESSON_PAIRS,
  LESSON_VARIANTS,
  lessonOf,
  lessonProblems,
  lessonRunFromTrace,
  lessonSpeed,
  runCheck,
} from '.';
import { expectProblems } from './common';
import { Problems } from './problems';
import { maxConcurrency, sleepsOf, unionMs } from './query';

/** A trace of these events (pids 1000 = MainProcess, 1001 = Process-1), with a result. */
function traceOf(events: Record<string, unknown>[], exitCode = 0): TraceFile {
  return {
    format: 'mpplay-trace',
    version: 1,
    meta: { file: 't.ts', speed: 1, seed: 0, startedAt: '' },
    processes: [
      { pid: 1000, name: 'MainProcess', daemon: false, exitCode },
      { pid: 1001, name: 'Process-1', daemon: false, exitCode: 0 },
    ],
    events: events.map((e) => ({ ppid: 0, ...e }) as unknown as TraceEvent),
    result: { exitCode, reason: 'exited', at: 100, wallMs: 100 },
  };
}

describe('the lesson registry', () => {
  it('has checks for every gallery example, in the gallery order, and an expect for each', () => {
    expect(LESSON_IDS).toEqual(examples.map((e) => e.id));
    expect(Object.keys(EXPECTS).sort()).toEqual([...LESSON_IDS].sort());
    for (const e of examples) expect(e.expect, e.id).toBe(EXPECTS[e.id]);
    for (const id of LESSON_IDS) {
      expect(lessonOf(id).checks.length, id).toBeGreaterThanOrEqual(2);
      expect(lessonSpeed(id), id).toBeGreaterThan(0);
    }
  });

  it('pairs and variants name examples of the gallery', () => {
    for (const p of LESSON_PAIRS) for (const id of p.ids) expect(LESSON_IDS).toContain(id);
    for (const v of LESSON_VARIANTS) expect(LESSON_IDS).toContain(v.id);
  });

  it('an unknown id is an error that lists the ids there are', () => {
    expect(() => lessonSpeed('nope')).toThrow(/no lesson checks for "nope"; there are: zombie, orphan/);
  });

  it('a check that throws reports it as a problem, and lessonProblems prefixes each problem with its claim', () => {
    const run = lessonRunFromTrace(traceOf([]));
    expect(
      runCheck(
        {
          name: 'x',
          check: () => {
            throw new Error('boom');
          },
        },
        run,
      ),
    ).toEqual(['could not be checked: boom']);
    const problems = lessonProblems('zombie', run);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => lessonOf('zombie').checks.some((c) => p.startsWith(`${c.name}: `)))).toBe(true);
    expect(problems.join('\n')).toContain('could not be checked: expected one exit event for pid 1001, found 0');
  });

  it('the modules import nothing but each other, the expects and the protocol: no Node, no test runner, no DOM', () => {
    const dir = import.meta.dirname;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const imports = [...readFileSync(join(dir, f), 'utf8').matchAll(/^(?:import|export)[^;]*? from '([^']+)'/gm)].map(
        (m) => m[1]!,
      );
      for (const spec of imports) expect(spec, f).toMatch(/^(?:\.\/[\w]+|\.|\.\.\/expects|\.\.\/\.\.\/protocol\/\w+)$/);
    }
  });
});

describe("a catalog expect's outcomes", () => {
  const lines = (...texts: string[]) =>
    texts.map((text) => ({ pid: 1000, name: 'MainProcess', stream: 'stdout' as const, text }));
  const usual = { exitCode: 0, output: ['counter = 4'], absent: ['AssertionError'] };
  const expect2 = { ...usual, rarely: { because: 'a race', exitCode: 1, output: ['AssertionError'] } };

  it('a run may end as the usual outcome or as the rare one, and one that ends as neither is reported against the usual', () => {
    expect(expectProblems({ exitCode: 0, lines: lines('counter = 4') }, expect2)).toEqual([]);
    expect(expectProblems({ exitCode: 1, lines: lines('counter = 3', 'AssertionError: x') }, expect2)).toEqual([]);
    expect(expectProblems({ exitCode: 1, lines: lines('counter = 3') }, expect2)).toEqual([
      'exit code 1, expected 0',
      'no line with "counter = 4" after line 0',
    ]);
    // Without a rare outcome, the rare run is a problem.
    expect(expectProblems({ exitCode: 1, lines: lines('counter = 3', 'AssertionError: x') }, usual)).toEqual([
      'exit code 1, expected 0',
      'no line with "counter = 4" after line 0',
      'a line contains "AssertionError"',
    ]);
  });

  it('only lost-update has a rare outcome: every other example ends one way', () => {
    expect(Object.keys(EXPECTS).filter((id) => EXPECTS[id]!.rarely)).toEqual(['lost-update']);
  });
});

describe('reading a run from its trace', () => {
  it('joins output pieces into lines per process and stream, names processes by their spawn, keeps exit codes', () => {
    const run = lessonRunFromTrace(
      traceOf([
        { kind: 'spawn', pid: 1001, at: 0, name: 'Process-1', daemon: false },
        { kind: 'output', pid: 1001, at: 1, stream: 'stdout', text: 'a' },
        { kind: 'output', pid: 1000, at: 2, stream: 'stdout', text: 'main\n' },
        { kind: 'output', pid: 1001, at: 3, stream: 'stdout', text: 'b\nc' },
        { kind: 'output', pid: 0, at: 4, stream: 'stderr', text: 'report\n' },
        { kind: 'exit', pid: 1001, at: 5, code: -15, reason: 'terminated' },
      ]),
    );
    expect(run.lines.map((l) => `${l.name}:${l.text}`)).toEqual([
      'MainProcess:main',
      'Process-1:ab',
      'kernel:report',
      'Process-1:c',
    ]);
    expect(run.exits.get('Process-1')).toBe(-15);
    expect(run.exitCode).toBe(0);
    expect(lessonRunFromTrace(traceOf([]), 124).exitCode).toBe(124);
  });

  it('finds sleeps, cut short or not', () => {
    const t = traceOf([
      { kind: 'sleeping', pid: 1001, at: 10, seconds: 1 },
      { kind: 'running', pid: 1001, at: 1010, after: 'sleep' },
      { kind: 'sleeping', pid: 1001, at: 1020, seconds: 2 },
      { kind: 'exit', pid: 1001, at: 1500, code: -15, reason: 'terminated' },
    ]);
    expect(sleepsOf(t, 1001)).toEqual([
      { start: 10, end: 1010, seconds: 1, woke: true },
      { start: 1020, end: 1500, seconds: 2, woke: false },
    ]);
  });

  it('measures unions and concurrency of spans', () => {
    const spans = [
      { start: 0, end: 10 },
      { start: 5, end: 15 },
      { start: 20, end: 30 },
      { start: 30, end: 31 },
    ];
    expect(unionMs(spans)).toBe(26);
    expect(unionMs([])).toBe(0);
    expect(maxConcurrency(spans)).toBe(2);
    expect(maxConcurrency(spans.slice(2))).toBe(1); // back to back is one at a time
  });
});

describe('problem messages', () => {
  it('say what was expected and what was seen', () => {
    const p = new Problems();
    expect(p.equal('the lines', ['a'], ['b'])).toBe(false);
    p.atMost('ms', 2.34567, 1);
    p.that(false, 'a wait', ['x']);
    expect(p.equal('same', [1], [1])).toBe(true);
    expect(p.list).toEqual([
      'the lines: expected ["b"], saw ["a"]',
      'ms: expected at most 1, saw 2.346',
      'expected a wait; saw ["x"]',
    ]);
  });
});
