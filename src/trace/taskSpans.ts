// Pool tasks on their workers' rows: a span from a task's start to its end (or to the end of the run).
import type { TraceEvent } from '../protocol/trace';
import type { Row, TaskSpan } from './model';
import { maxTime, type Time } from './time';

/** The task each worker runs now, by row key; ends them as their `end` events (or the end of the run) come. */
export class OpenTasks {
  private readonly open = new Map<string, TaskSpan>();

  /** A `task` event of the worker on `row`: a span starts (ending one left open), or the open one ends. */
  apply(row: Row, ev: Extract<TraceEvent, { kind: 'task' }>, at: Time): void {
    const open = this.open.get(row.key);
    if (ev.phase === 'start') {
      if (open) this.end(row.key, open, at, null);
      const span: TaskSpan = {
        start: at,
        end: at,
        obj: ev.obj,
        job: ev.job,
        chunk: ev.chunk,
        fn: ev.fn,
        summary: ev.summary,
        ok: null,
        open: true,
      };
      row.tasks.push(span);
      this.open.set(row.key, span);
    } else if (open) this.end(row.key, open, at, ev.ok ?? true);
  }

  /** The run is over: tasks still running end at `at`. */
  finish(at: Time): void {
    for (const task of this.open.values()) {
      task.end = maxTime(task.start, at);
      task.open = false;
    }
    this.open.clear();
  }

  private end(key: string, open: TaskSpan, at: Time, ok: boolean | null): void {
    open.end = maxTime(open.start, at);
    open.ok = ok;
    open.open = false;
    this.open.delete(key);
  }
}
