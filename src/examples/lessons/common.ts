// Checks every lesson shares: the run ends as the catalog's `expect` says, and its trace is sound.
import type { TraceEvent, TraceFile } from '../../protocol/trace';
import { EXPECTS, type ExampleExpect } from '../expects';
import { check } from './problems';
import type { LessonRun, NamedCheck } from './types';

/**
 * Sanity of any trace: every process is spawned once and exits once, with the exit code the process table
 * holds, and nothing happens to a process after it is reaped. Returns the problems found (none: `[]`).
 */
export function traceProblems(trace: TraceFile): string[] {
  const problems: string[] = [];
  for (const p of trace.processes) {
    const spawns = trace.events.filter((e) => e.kind === 'spawn' && e.pid === p.pid).length;
    const exits = trace.events.filter(
      (e): e is Extract<TraceEvent, { kind: 'exit' }> => e.kind === 'exit' && e.pid === p.pid,
    );
    if (spawns !== 1) problems.push(`${p.name} (pid ${p.pid}) has ${spawns} spawn events`);
    if (exits.length !== 1) problems.push(`${p.name} (pid ${p.pid}) has ${exits.length} exit events`);
    else if (exits[0]!.code !== p.exitCode) {
      problems.push(`${p.name} exits with ${exits[0]!.code} in the events but ${String(p.exitCode)} in the table`);
    }
    const reaped = trace.events.findIndex((e) => e.kind === 'reaped' && e.pid === p.pid);
    const after = reaped < 0 ? [] : trace.events.slice(reaped + 1).filter((e) => e.pid === p.pid);
    if (after.length) problems.push(`${p.name} has events after it was reaped: ${after.map((e) => e.kind).join(', ')}`);
  }
  for (let i = 1; i < trace.events.length; i++) {
    const [before, ev] = [trace.events[i - 1]!, trace.events[i]!];
    if (ev.at < before.at) {
      problems.push(`event ${i} goes back in time: ${eventWords(ev)} after ${eventWords(before)}`);
    }
  }
  return problems;
}

/** An event in a problem's words: its kind, process and program time (e.g. `exit of pid 1003 at 1204.513 ms`). */
function eventWords(ev: TraceEvent): string {
  return `${ev.kind} of pid ${ev.pid} at ${ev.at.toFixed(3)} ms`;
}

/**
 * What a catalog entry's `expect` says that the run does not show (none: `[]`). A run that ends as the expect's
 * `rarely` outcome says has no problems; a run that matches neither is reported against the usual outcome.
 */
export function expectProblems(
  run: Pick<LessonRun, 'exitCode' | 'lines'>,
  expect: ExampleExpect | undefined,
): string[] {
  if (!expect) return ['the catalog entry has no expect'];
  const problems = outcomeProblems(run, expect);
  if (problems.length && expect.rarely && outcomeProblems(run, expect.rarely).length === 0) return [];
  return problems;
}

function outcomeProblems(run: Pick<LessonRun, 'exitCode' | 'lines'>, expect: Omit<ExampleExpect, 'rarely'>): string[] {
  const problems: string[] = [];
  if (run.exitCode !== expect.exitCode) problems.push(`exit code ${run.exitCode}, expected ${expect.exitCode}`);
  let from = 0;
  for (const want of expect.output) {
    const at = run.lines.findIndex((l, i) => i >= from && l.text.includes(want));
    if (at < 0) problems.push(`no line with ${JSON.stringify(want)} after line ${from}`);
    else from = at + 1;
  }
  for (const bad of expect.absent ?? []) {
    if (run.lines.some((l) => l.text.includes(bad))) problems.push(`a line contains ${JSON.stringify(bad)}`);
  }
  return problems;
}

/** The check every lesson starts with: the run prints what the catalog's `expect` says, and its trace is sound. */
export function endsAsExpected(id: string): NamedCheck {
  return {
    name: 'prints what the catalog expects, with the exit code it expects, and its trace is sound',
    check: check((p, run) => {
      p.add(expectProblems(run, EXPECTS[id]), 'catalog expect');
      p.add(traceProblems(run.trace), 'trace');
    }),
  };
}
