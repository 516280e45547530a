// Pool tasks as the trace shows them: one span per chunk of a job, on the worker that ran it.
import type { TraceFile } from '../../protocol/trace';
import { eventsOf, type Interval } from './query';

/** One Pool task (a chunk of a job): a span in program ms on its worker. */
export interface Span extends Interval {
  pid: number;
  worker: string;
  job: number;
  chunk: number;
  fn: string;
  summary: string;
  ok: boolean;
}

/** Every task span of the run, in the order they started (throws if a task never ended: the run would be cut). */
export function spans(trace: TraceFile): Span[] {
  const names = new Map(eventsOf(trace, 'spawn').map((e) => [e.pid, e.name]));
  const open = new Map<string, Span>();
  const out: Span[] = [];
  for (const e of eventsOf(trace, 'task')) {
    const key = `${e.pid}/${e.job}/${e.chunk}`;
    if (e.phase === 'start') {
      const span: Span = {
        pid: e.pid,
        worker: names.get(e.pid) ?? `pid ${e.pid}`,
        job: e.job,
        chunk: e.chunk,
        fn: e.fn,
        summary: e.summary,
        start: e.at,
        end: NaN,
        ok: false,
      };
      open.set(key, span);
      out.push(span);
    } else {
      const span = open.get(key);
      if (!span) throw new Error(`task ${key} ends without having started`);
      span.end = e.at;
      span.ok = e.ok === true;
      open.delete(key);
    }
  }
  if (open.size) throw new Error(`task spans that never ended: ${[...open.keys()].join(', ')}`);
  return out;
}

/** The length of a span, in program ms. */
export const lengthOf = (s: Interval): number => s.end - s.start;

/** Program ms during which spans of the two lists ran at the same time. */
export function overlapMs(a: readonly Interval[], b: readonly Interval[]): number {
  let n = 0;
  for (const x of a) for (const y of b) n += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  return n;
}

/** The sleeps (requested seconds) a worker began inside each span, in order. */
export function sleepSecondsIn(trace: TraceFile, s: Span): number[] {
  return eventsOf(trace, 'sleeping')
    .filter((e) => e.pid === s.pid && e.at >= s.start && e.at <= s.end)
    .map((e) => e.seconds);
}
