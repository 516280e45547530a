// A Pool's work as the kernel keeps it: the chunks of tasks (queued in submission order) and the jobs they
// belong to, whose results the owner waits for; the pure parts of a job (its outcome, imap's next value).
import { type Answer, type Parked, WaitQueue, ok } from './base';

export interface Chunk {
  job: number;
  index: number;
  fn: string;
  /** The encoded arguments; a Float64Array when every one is a number (one copy instead of one per item). */
  items: unknown[] | Float64Array;
  star: boolean;
  /** apply(): the keyword object passed as one last argument. */
  kwds: Record<string, unknown> | undefined;
  /**
   * Handed in a lease on a guess (see Job.guessed): the worker gives back the rest after a slow one. Always
   * present, so that every chunk a worker gets has one shape (its loop stays optimized).
   */
  guess: boolean;
  /** Its arguments' size (approxBytes), held against the run's cap from submit until its result comes. */
  bytes: number;
}

export interface WireErr {
  name: string;
  message: string;
  traceback?: string;
}

export interface Job {
  id: number;
  kind: 'apply' | 'map' | 'imap' | 'imapUnordered';
  fn: string;
  /** The least real time an item took (ms, a chunk's time over its items), among chunks that did not wait. */
  fastestItemMs: number | undefined;
  /** chunkMs is a guess from the function's last job: none of this job's chunks has reported yet. */
  guessed: boolean;
  chunks: number;
  /** Per chunk: its values (a Float64Array when all are numbers), or the error it raised. */
  results: ({ ok: true; values: unknown[] | Float64Array } | { ok: false; error: WireErr } | undefined)[];
  /**
   * How long this job's chunks run (ms of real time, as their workers measured them, Infinity for a chunk that
   * waited on the kernel: a sleep, a queue, a lock; a moving average that a chunk slower than it raises at once
   * and quicker ones lower slowly); undefined before the first has finished.
   */
  chunkMs: number | undefined;
  done: number;
  notify: boolean;
  getters: WaitQueue<{ parked: Parked }>;
  /** wait(): released when the job is done, whatever its outcome. */
  waiters: WaitQueue<{ parked: Parked }>;
  /** imap: chunks already handed out by next() (in order for imap; in completion order for imapUnordered). */
  yielded: number;
  order: number[];
  /** imap: values of the current chunk still to hand out one by one. */
  pending: unknown[];
  nexters: WaitQueue<{ parked: Parked }>;
  /** The bytes its results hold here (kept for get()), against the run's cap until the owner is gone. */
  heldBytes: number;
}

/** A MemoryError answer (ObjectHost.memoryError) as a task's error. */
export const memoryErr = (a: Answer): WireErr =>
  a.ok ? { name: 'MemoryError', message: '' } : { name: a.name, message: a.message };

/** A map chunk's result once its values went to the owner. */
export const FORWARDED: { ok: true; values: unknown[] } = { ok: true, values: [] };

/** Submission order: by job (ids grow), then by index. */
const byOrder = (a: Chunk, b: Chunk): number => a.job - b.job || a.index - b.index;

/** A FIFO of chunks with O(1) shift (an array's shift() copies it once it is large). */
export class ChunkQueue {
  private items: Chunk[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(c: Chunk): void {
    this.items.push(c);
  }
  /**
   * Puts back chunks that were handed out and never started, where a shared FIFO would have them: before
   * every chunk of a later job or a later index (they were taken from the front, so only chunks put back
   * before can come earlier).
   */
  putBack(cs: Chunk[]): void {
    const back = [...cs].sort(byOrder);
    const rest = this.items.slice(this.head);
    const merged: Chunk[] = [];
    let j = 0;
    for (const c of back) {
      while (j < rest.length && byOrder(rest[j]!, c) < 0) merged.push(rest[j++]!);
      merged.push(c);
    }
    this.items = [...merged, ...rest.slice(j)];
    this.head = 0;
  }
  peek(): Chunk | undefined {
    return this.items[this.head];
  }
  shift(): Chunk | undefined {
    if (this.head >= this.items.length) return undefined;
    const c = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as Chunk;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return c;
  }
  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/** A job just submitted: `known`, the fastest item of the function's last job (ms), if any. */
export function newJob(
  id: number,
  kind: Job['kind'],
  fn: string,
  chunks: unknown[][],
  notify: boolean,
  known: number | undefined,
): Job {
  return {
    id,
    kind,
    fn,
    fastestItemMs: undefined,
    guessed: known !== undefined,
    chunks: chunks.length,
    results: [],
    done: 0,
    notify,
    getters: new WaitQueue(),
    waiters: new WaitQueue(),
    chunkMs: known === undefined ? undefined : known * (chunks[0]?.length ?? 1),
    yielded: 0,
    order: [],
    pending: [],
    nexters: new WaitQueue(),
    heldBytes: 0,
  };
}

/** What a finished job answers its get() and wait(): its values, or the first failing chunk's error. */
export function jobOutcome(job: Job): Answer {
  // map raises the first failing chunk's error, but only once every chunk has finished (O12).
  for (const r of job.results) if (r && !r.ok) return { ok: false, ...r.error } as Answer;
  // A map's values went to the owner chunk by chunk (see 'result'): its list is complete there.
  if (job.kind === 'map') return ok(null);
  const parts = job.results.map((r) => (r && r.ok ? r.values : []));
  if (job.kind === 'apply') return ok(parts[0]?.[0]);
  // All numbers: one Float64Array, which the owner turns back into a list (one copy instead of one per item).
  if (parts.length && parts.every((p) => p instanceof Float64Array)) {
    const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts as Float64Array[]) {
      all.set(p, at);
      at += p.length;
    }
    return ok(all);
  }
  const values: unknown[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) values.push(p[i]);
  return ok(values);
}

/** imap: the next value, an error to raise, or the end; null while the next one is not ready. */
export function nextValue(job: Job): Answer | null {
  if (job.pending.length) return ok({ value: job.pending.shift() });
  const index = job.kind === 'imapUnordered' ? job.order[job.yielded] : job.yielded;
  if (index === undefined || job.yielded >= job.chunks) return job.yielded >= job.chunks ? ok({ done: true }) : null;
  const r = job.results[index];
  if (!r) return null;
  job.yielded++;
  if (!r.ok) return { ok: false, ...r.error } as Answer;
  job.pending = [...r.values];
  return job.pending.length ? ok({ value: job.pending.shift() }) : nextValue(job);
}
