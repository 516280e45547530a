// A recorded run (a trace file: `mpplay run --trace`, the chart's export, or one baked into a link), read as untrusted input.
//
// Whatever comes in (a link's payload, a file fetched next to a blog post) is rebuilt field by field from what the
// trace format allows: unknown kinds, wrong types, times that go backwards, oversized strings or lists are refused
// with a message; unknown keys are dropped; every string a program chose is made safe (safeText.ts).
import { safeTraceFile } from '../protocol/safeText';
import type { BlockedOn, RunResult, TraceEvent, TraceFile } from '../protocol/trace';

/** The most events a recorded run may hold (the gallery's largest run has a few thousand). */
export const MAX_RUN_EVENTS = 50_000;
/** The longest string field kept (a printed chunk, a report), in UTF-16 units. */
export const MAX_FIELD_CHARS = 64 * 1024;
/** The largest process id accepted (mpplay's are 1000 + a few thousand; init is 1, the kernel 0). */
const MAX_PID = 10_000_000;

/** A reason the data is not a recorded run mpplay can show. */
export class BadRecording extends Error {
  override name = 'BadRecording';
}

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new BadRecording(`${what} is not an object`);
  return v as Obj;
}
function str(o: Obj, k: string, max = MAX_FIELD_CHARS): string {
  const v = o[k];
  if (typeof v !== 'string') throw new BadRecording(`${k} is not text`);
  if (v.length > max) throw new BadRecording(`${k} is longer than ${max} characters`);
  return v;
}
function num(o: Obj, k: string): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadRecording(`${k} is not a number`);
  return v;
}
function int(o: Obj, k: string, lo = -(2 ** 31), hi = 2 ** 31 - 1): number {
  const v = num(o, k);
  if (!Number.isInteger(v) || v < lo || v > hi) throw new BadRecording(`${k} is not a whole number in ${lo}…${hi}`);
  return v;
}
function bool(o: Obj, k: string): boolean {
  if (typeof o[k] !== 'boolean') throw new BadRecording(`${k} is not true or false`);
  return o[k] as boolean;
}
function oneOf<T extends string | number>(o: Obj, k: string, allowed: readonly T[]): T {
  if (!(allowed as readonly unknown[]).includes(o[k]))
    throw new BadRecording(`${k} is not one of ${allowed.join(', ')}`);
  return o[k] as T;
}
function ints(o: Obj, k: string): number[] {
  const v = o[k];
  if (!Array.isArray(v) || v.length > MAX_RUN_EVENTS) throw new BadRecording(`${k} is not a list`);
  return v.map((_, i) => int(v as unknown as Obj, String(i), 0, MAX_PID * 100));
}
const pid = (o: Obj, k: string) => int(o, k, 0, MAX_PID);

const EXIT_REASONS = ['returned', 'exception', 'sys.exit', 'terminated', 'killed', 'refused', 'stopped'] as const;

/** One event, rebuilt from the fields its kind has. */
function readEvent(raw: unknown, i: number): TraceEvent {
  const e = obj(raw, `event ${i}`);
  const base = { at: num(e, 'at'), pid: pid(e, 'pid'), ppid: pid(e, 'ppid') };
  if (base.at < 0) throw new BadRecording(`event ${i} happens before the run started`);
  switch (e['kind']) {
    case 'spawn': {
      const ev = { ...base, kind: 'spawn' as const, name: str(e, 'name', 200), daemon: bool(e, 'daemon') };
      return e['pool'] === undefined ? ev : { ...ev, pool: str(e, 'pool', 200) };
    }
    case 'start':
    case 'zombie':
      return { ...base, kind: e['kind'] };
    case 'running':
      return { ...base, kind: 'running', after: oneOf(e, 'after', ['start', 'sleep'] as const) };
    case 'unblocked':
      return { ...base, kind: 'unblocked', reason: oneOf(e, 'reason', ['ready', 'timeout'] as const) };
    case 'sleeping':
      return { ...base, kind: 'sleeping', seconds: num(e, 'seconds') };
    case 'blocked': {
      const on = obj(e['on'], 'on');
      const timeout = on['timeout'] === null ? null : num(on, 'timeout');
      const b: BlockedOn = { obj: str(on, 'obj', 200), op: str(on, 'op', 200), label: str(on, 'label', 400), timeout };
      return { ...base, kind: 'blocked', on: b };
    }
    case 'output':
      return {
        ...base,
        kind: 'output',
        stream: oneOf(e, 'stream', ['stdout', 'stderr'] as const),
        text: str(e, 'text'),
      };
    case 'signal':
      return { ...base, kind: 'signal', signal: oneOf(e, 'signal', [15, 9] as const), from: pid(e, 'from') };
    case 'exit':
      return { ...base, kind: 'exit', code: int(e, 'code', -255, 255), reason: oneOf(e, 'reason', EXIT_REASONS) };
    case 'reaped':
      return { ...base, kind: 'reaped', by: pid(e, 'by') };
    case 'reparented':
      return { ...base, kind: 'reparented', from: pid(e, 'from'), to: pid(e, 'to') };
    case 'object':
      return {
        ...base,
        kind: 'object',
        obj: str(e, 'obj', 200),
        objKind: str(e, 'objKind', 200),
        id: str(e, 'id', 200),
      };
    case 'put':
      return {
        ...base,
        kind: 'put',
        obj: str(e, 'obj', 200),
        item: int(e, 'item', 0),
        summary: str(e, 'summary', 400),
        depth: int(e, 'depth', 0),
      };
    case 'take':
      return { ...base, kind: 'take', obj: str(e, 'obj', 200), item: int(e, 'item', 0), depth: int(e, 'depth', 0) };
    case 'taskDone':
      return {
        ...base,
        kind: 'taskDone',
        obj: str(e, 'obj', 200),
        unfinished: int(e, 'unfinished', 0),
        releases: ints(e, 'releases'),
      };
    case 'lock':
      return { ...base, kind: 'lock', obj: str(e, 'obj', 200), op: oneOf(e, 'op', ['acquire', 'release'] as const) };
    case 'task': {
      const ev = {
        ...base,
        kind: 'task' as const,
        obj: str(e, 'obj', 200),
        phase: oneOf(e, 'phase', ['start', 'end'] as const),
        job: int(e, 'job', 0),
        chunk: int(e, 'chunk', 0),
        fn: str(e, 'fn', 200),
        summary: str(e, 'summary', 400),
      };
      return e['ok'] === undefined ? ev : { ...ev, ok: bool(e, 'ok') };
    }
    case 'untaken':
      return { ...base, kind: 'untaken', obj: str(e, 'obj', 200), items: ints(e, 'items') };
    case 'deadlock': {
      const waits = e['waits'];
      if (!Array.isArray(waits) || waits.length > 10_000) throw new BadRecording('waits is not a list');
      return {
        ...base,
        kind: 'deadlock',
        report: str(e, 'report'),
        waits: waits.map((w, k) => {
          const o = obj(w, `wait ${k}`);
          return { pid: pid(o, 'pid'), name: str(o, 'name', 200), on: str(o, 'on', 400), cause: str(o, 'cause', 400) };
        }),
      };
    }
    default:
      throw new BadRecording(`event ${i} is of a kind mpplay does not know (${String(e['kind']).slice(0, 20)})`);
  }
}

function readResult(raw: unknown): RunResult | null {
  if (raw === null || raw === undefined) return null;
  const r = obj(raw, 'result');
  const out: RunResult = {
    exitCode: int(r, 'exitCode', -255, 255),
    reason: oneOf(r, 'reason', ['exited', 'stopped', 'deadlock', 'error'] as const),
    at: num(r, 'at'),
    wallMs: num(r, 'wallMs'),
  };
  if (r['outputDropped'] !== undefined) out.outputDropped = int(r, 'outputDropped', 0);
  return out;
}

/**
 * Reads a recorded run from parsed JSON of unknown origin: a trace file (`format: "mpplay-trace"`, version 1).
 * Returns a clean copy with every program-chosen string made safe; throws BadRecording saying what is wrong.
 */
export function readRecording(value: unknown): TraceFile {
  const f = obj(value, 'the recording');
  if (f['format'] !== 'mpplay-trace') throw new BadRecording('it is not an mpplay trace (format "mpplay-trace")');
  if (f['version'] !== 1)
    throw new BadRecording(`it is trace version ${String(f['version']).slice(0, 10)}; this page reads version 1`);
  const meta = obj(f['meta'], 'meta');
  const events = f['events'];
  if (!Array.isArray(events)) throw new BadRecording('events is not a list');
  if (events.length > MAX_RUN_EVENTS)
    throw new BadRecording(`it has ${events.length} events, more than ${MAX_RUN_EVENTS}`);
  const read = events.map(readEvent);
  for (let i = 1; i < read.length; i++)
    if (read[i]!.at < read[i - 1]!.at) throw new BadRecording(`event ${i} happens before the one above it`);
  const procs = f['processes'];
  if (!Array.isArray(procs) || procs.length > MAX_RUN_EVENTS) throw new BadRecording('processes is not a list');
  return safeTraceFile({
    format: 'mpplay-trace',
    version: 1,
    meta: {
      file: str(meta, 'file', 200),
      speed: num(meta, 'speed'),
      seed: int(meta, 'seed', 0, 0xffffffff),
      startedAt: str(meta, 'startedAt', 100),
    },
    processes: procs.map((p, i) => {
      const o = obj(p, `process ${i}`);
      const exitCode = o['exitCode'] === null ? null : int(o, 'exitCode', -255, 255);
      return { pid: pid(o, 'pid'), name: str(o, 'name', 200), daemon: bool(o, 'daemon'), exitCode };
    }),
    events: read,
    result: readResult(f['result']),
  });
}

/** Parses and reads a recorded run from JSON text; a message (not an exception) when it cannot. */
export function parseRecording(text: string): { file: TraceFile } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'it is not JSON' };
  }
  try {
    return { file: readRecording(value) };
  } catch (e) {
    return { problem: e instanceof BadRecording ? e.message : 'it could not be read' };
  }
}
