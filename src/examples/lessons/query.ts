// Reading a lesson run: its lines, its processes and their events, from the trace alone (pure: runs in Node and in any browser).
import type { TraceEvent, TraceFile } from '../../protocol/trace';
import type { LessonRun, Line } from './types';

/** The name the kernel's own lines (pid 0: deadlock reports) go by. */
export const KERNEL = 'kernel';

/**
 * A lesson run from a trace: lines and exit codes from its `output` and `exit` events, named by the `spawn` events.
 * `exitCode` defaults to the trace's result (MainProcess's exit code), or 0 if the run has none.
 */
export function lessonRunFromTrace(trace: TraceFile, exitCode = trace.result?.exitCode ?? 0): LessonRun {
  const names = new Map<number, string>(trace.processes.map((p) => [p.pid, p.name]));
  for (const e of trace.events) if (e.kind === 'spawn') names.set(e.pid, e.name);
  const nameOf = (pid: number) => names.get(pid) ?? (pid === 0 ? KERNEL : `pid ${pid}`);
  const lines: Line[] = [];
  const partial = new Map<string, { pid: number; stream: Line['stream']; text: string }>();
  const exits = new Map<string, number>();
  for (const e of trace.events) {
    if (e.kind === 'exit') exits.set(nameOf(e.pid), e.code);
    if (e.kind !== 'output') continue;
    const key = `${e.pid}/${e.stream}`;
    const parts = ((partial.get(key)?.text ?? '') + e.text).split('\n');
    const rest = parts.pop() ?? '';
    for (const text of parts) lines.push({ name: nameOf(e.pid), pid: e.pid, stream: e.stream, text });
    partial.set(key, { pid: e.pid, stream: e.stream, text: rest });
  }
  for (const { pid, stream, text } of partial.values()) {
    if (text) lines.push({ name: nameOf(pid), pid, stream, text });
  }
  return { exitCode, lines, exits, pids: new Set(names.keys()), trace };
}

/** The texts of one process's lines on one stream. */
export function linesOf(run: Pick<LessonRun, 'lines'>, name: string, stream: Line['stream'] = 'stdout'): string[] {
  return run.lines.filter((l) => l.name === name && l.stream === stream).map((l) => l.text);
}

/** The index in `run.lines` of the first line whose text includes `text` (and, if given, of that process); -1 if none. */
export function indexOfLine(run: Pick<LessonRun, 'lines'>, text: string, name?: string): number {
  return run.lines.findIndex((l) => l.text.includes(text) && (name === undefined || l.name === name));
}

/** The trace's events of one kind, typed. */
export function eventsOf<K extends TraceEvent['kind']>(trace: TraceFile, kind: K): Extract<TraceEvent, { kind: K }>[] {
  return trace.events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
}

/** The pid of the process with this name in the trace (throws, with the names there are, if there is none). */
export function pidOf(trace: TraceFile, name: string): number {
  const p = eventsOf(trace, 'spawn').find((e) => e.name === name) ?? trace.processes.find((e) => e.name === name);
  if (!p)
    throw new Error(`no process named ${name} in the trace (it has ${trace.processes.map((q) => q.name).join(', ')})`);
  return p.pid;
}

/** The one event of `kind` for `pid` (throws if there is not exactly one). */
export function eventFor<K extends TraceEvent['kind']>(
  trace: TraceFile,
  kind: K,
  pid: number,
): Extract<TraceEvent, { kind: K }> {
  const found = eventsOf(trace, kind).filter((e) => e.pid === pid);
  if (found.length !== 1) throw new Error(`expected one ${kind} event for pid ${pid}, found ${found.length}`);
  return found[0]!;
}

/** The events of `kind` of one process, in order. */
export function eventsFor<K extends TraceEvent['kind']>(
  trace: TraceFile,
  kind: K,
  pid: number,
): Extract<TraceEvent, { kind: K }>[] {
  return eventsOf(trace, kind).filter((e) => e.pid === pid);
}

/** The index in the trace of the first output event of `pid` whose text includes `text`; -1 if none. */
export function outputIndex(trace: TraceFile, pid: number, text: string): number {
  return trace.events.findIndex((e) => e.kind === 'output' && e.pid === pid && e.text.includes(text));
}

/** A figure like `5.041041851043701` (a float printed with 3 or more decimals): a time measured by the program. */
const FIGURE = /\b\d+\.\d{3,}(?:e[-+]?\d+)?\b/g;

/** The timing figures printed in a line, in order. */
export function figures(text: string): number[] {
  return [...text.matchAll(FIGURE)].map((m) => Number(m[0]));
}

/** A line with its timing figures replaced by `<secs>`. */
export function maskFigures(text: string): string {
  return text.replace(FIGURE, '<secs>');
}

/**
 * What a process's stderr says once the frames are dropped (they differ: Python's files vs the user's
 * TypeScript): `Process NAME:` headers, and each exception's type and message, every line of it.
 */
export function errorSummary(stderr: readonly string[]): string[] {
  const out: string[] = [];
  let inFrames = false;
  for (const raw of stderr) {
    const line = raw.trimEnd();
    if (line === 'Traceback (most recent call last):') inFrames = true;
    else if (!(inFrames && /^\s/.test(line))) {
      inFrames = false;
      out.push(line);
    }
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** A span of program time, in ms. */
export interface Interval {
  start: number;
  end: number;
}

/** The program ms covered by at least one of the intervals. */
export function unionMs(spans: readonly Interval[]): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let open: Interval | null = null;
  for (const s of sorted) {
    if (open && s.start <= open.end) open = { start: open.start, end: Math.max(open.end, s.end) };
    else {
      if (open) total += open.end - open.start;
      open = { ...s };
    }
  }
  return total + (open ? open.end - open.start : 0);
}

/** The sum of the intervals' lengths. */
export function totalMs(spans: readonly Interval[]): number {
  return spans.reduce((n, s) => n + (s.end - s.start), 0);
}

/** The most intervals open at one moment (at equal times, ends before starts: back to back is one at a time). */
export function maxConcurrency(spans: readonly Interval[]): number {
  const edges = spans.flatMap((s) => [
    [s.start, 1],
    [s.end, -1],
  ]);
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d!));
  return max;
}

/**
 * Each sleep of `pid`: from its `sleeping` event to the `running` (after: 'sleep') that ends it, or to the process's
 * exit if it never woke (terminated in its sleep). `woke` says which.
 */
export function sleepsOf(trace: TraceFile, pid: number): (Interval & { seconds: number; woke: boolean })[] {
  const out: (Interval & { seconds: number; woke: boolean })[] = [];
  let open: { start: number; seconds: number } | null = null;
  for (const e of trace.events) {
    if (e.pid !== pid) continue;
    if (e.kind === 'sleeping') open = { start: e.at, seconds: e.seconds };
    else if (open && ((e.kind === 'running' && e.after === 'sleep') || e.kind === 'exit')) {
      out.push({ ...open, end: e.at, woke: e.kind === 'running' });
      open = null;
    }
  }
  return out;
}

/** The process's start-up in program ms: from its spawn to its first `running` moment; null if it never ran. */
export function bootMs(trace: TraceFile, pid: number): number | null {
  const running = eventsOf(trace, 'running').find((e) => e.pid === pid && e.after === 'start');
  return running ? running.at - eventFor(trace, 'spawn', pid).at : null;
}

/** The process's life once booted: from its first `running` event to its `exit` (start-up excluded). */
export function liveSpan(trace: TraceFile, pid: number): Interval {
  const running = eventsOf(trace, 'running').find((e) => e.pid === pid && e.after === 'start');
  const exit = eventFor(trace, 'exit', pid);
  if (!running) throw new Error(`pid ${pid} never ran (no running event after its start)`);
  return { start: running.at, end: exit.at };
}
