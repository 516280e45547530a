// Pool: a task queue that idle workers take chunks from, and jobs whose results the owner waits for.
// Workers are ordinary daemonic processes the owner started; the kernel only routes work and results.
import type { ObjectId, ObjectKind, Pid } from '../../protocol/messages';
import {
  type Answer,
  type Caller,
  type ObjectHost,
  type Parked,
  SyncObject,
  WaitQueue,
  err,
  ok,
  summarize,
} from './base';

interface Chunk {
  job: number;
  index: number;
  fn: string;
  items: unknown[];
  star: boolean;
  /** apply(): the keyword object passed as one last argument. */
  kwds?: Record<string, unknown>;
}

interface WireErr {
  name: string;
  message: string;
  traceback?: string;
}

interface Job {
  id: number;
  kind: 'apply' | 'map' | 'imap' | 'imapUnordered';
  chunks: number;
  /** Per chunk: its values, or the error it raised. */
  results: ({ ok: true; values: unknown[] } | { ok: false; error: WireErr } | undefined)[];
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
}

type State = 'RUN' | 'CLOSE' | 'TERMINATE';

/** @py multiprocessing.pool.Pool */
export class PoolObject extends SyncObject {
  private readonly owner: Pid;
  private status: State = 'RUN';
  private readonly size: number;
  readonly workers = new Set<Pid>();
  private readonly queue: Chunk[] = [];
  private readonly idle = new WaitQueue<{ parked: Parked; pid: Pid }>();
  private readonly jobs = new Map<number, Job>();
  /** What each worker is running, so a killed worker's task is known to be lost (O22). */
  private readonly running = new Map<Pid, Chunk>();
  private readonly joiners = new WaitQueue<{ parked: Parked }>();

  constructor(id: ObjectId, kind: ObjectKind, name: string, k: ObjectHost, opts: Record<string, unknown>, owner: Pid) {
    super(id, kind, name, k);
    this.size = Number(opts.processes);
    this.owner = owner;
  }

  override state(): Record<string, unknown> {
    return { state: this.status };
  }

  addWorker(pid: Pid): void {
    this.workers.add(pid);
  }

  call(method: string, args: unknown[], c: Caller): void {
    switch (method) {
      case 'take': {
        // A worker asks for work: a chunk, or null when the pool is closing and nothing is left.
        const chunk = this.queue.shift();
        if (chunk) return this.hand(c.pid, chunk, (a) => this.k.answer(c, a));
        if (this.status !== 'RUN') return this.k.answer(c, ok(null));
        const parked = this.k.park(c, 'take', `${this.name}.take()`, () => ok(null));
        if (parked) this.idle.push({ parked, pid: c.pid });
        return;
      }
      case 'get': {
        const job = this.jobs.get(Number(args[0]));
        if (!job) return this.k.answer(c, err('ValueError', `unknown job ${String(args[0])}`));
        if (job.done === job.chunks) return this.k.answer(c, this.outcome(job));
        const parked = this.k.park(c, 'get', `${this.name}.get(job ${job.id})`, () => err('TimeoutError'));
        if (parked) job.getters.push({ parked });
        return;
      }
      case 'wait': {
        const job = this.jobs.get(Number(args[0]));
        if (!job || job.done === job.chunks) return this.k.answer(c, ok(null));
        const parked = this.k.park(c, 'wait', `${this.name}.wait(job ${job.id})`, () => ok(null));
        if (parked) job.waiters.push({ parked });
        return;
      }
      case 'next': {
        const job = this.jobs.get(Number(args[0]));
        if (!job) return this.k.answer(c, err('ValueError', `unknown job ${String(args[0])}`));
        const a = this.nextOf(job);
        if (a) return this.k.answer(c, a);
        const parked = this.k.park(c, 'next', `${this.name}.next(job ${job.id})`, () => err('TimeoutError'));
        if (parked) job.nexters.push({ parked });
        return;
      }
      case 'join': {
        if (this.liveWorkers() === 0) return this.k.answer(c, ok(null));
        const parked = this.k.park(c, 'join', `${this.name}.join()`, () => ok(null));
        if (parked) this.joiners.push({ parked });
        return;
      }
      default:
        return this.k.answer(c, err('AttributeError', `'Pool' object has no attribute '${method}'`));
    }
  }

  override op(pid: Pid, method: string, args: unknown[]): void {
    switch (method) {
      case 'submit': {
        const [jobId, kind, fn, chunks, star, notify, kwds] = args as [
          number,
          Job['kind'],
          string,
          unknown[][],
          boolean,
          boolean,
          Record<string, unknown> | undefined,
        ];
        const job: Job = {
          id: jobId,
          kind,
          chunks: chunks.length,
          results: [],
          done: 0,
          notify,
          getters: new WaitQueue(),
          waiters: new WaitQueue(),
          yielded: 0,
          order: [],
          pending: [],
          nexters: new WaitQueue(),
        };
        this.jobs.set(jobId, job);
        if (chunks.length === 0) return this.complete(job);
        chunks.forEach((items, index) => {
          const chunk: Chunk = { job: jobId, index, fn, items, star, ...(kwds ? { kwds } : {}) };
          const w = this.idle.shift();
          if (w) this.hand(w.pid, chunk, (a) => w.parked.settle(a));
          else this.queue.push(chunk);
        });
        return;
      }
      case 'result': {
        const [jobId, index, okFlag, payload] = args as [number, number, boolean, unknown];
        const ran = this.running.get(pid);
        this.running.delete(pid);
        const job = this.jobs.get(jobId);
        this.k.emit(pid, {
          kind: 'task',
          pid,
          obj: this.name,
          phase: 'end',
          job: jobId,
          chunk: index,
          fn: ran?.fn ?? '',
          summary: '',
          ok: okFlag,
        });
        if (!job || job.results[index]) return;
        job.results[index] = okFlag
          ? { ok: true, values: payload as unknown[] }
          : { ok: false, error: payload as WireErr };
        job.done++;
        if (job.order.length < job.chunks) job.order.push(index);
        this.feedNext(job);
        if (job.done === job.chunks) this.complete(job);
        return;
      }
      case 'close':
        if (this.status === 'RUN') this.status = 'CLOSE';
        this.k.broadcast(this, this.state());
        for (let w = this.idle.shift(); w; w = this.idle.shift()) w.parked.settle(ok(null));
        return;
      case 'terminate':
        this.status = 'TERMINATE';
        this.queue.length = 0;
        this.k.broadcast(this, this.state());
        for (const w of this.workers) if (this.k.isLive(w)) this.k.signal(w, 15, pid);
        return;
      default:
        super.op(pid, method, args);
    }
  }

  /** Gives a chunk to a worker and traces the start of its span. */
  private hand(pid: Pid, chunk: Chunk, answer: (a: Answer) => void): void {
    this.running.set(pid, chunk);
    const summary = summarize(chunk.items.length === 1 ? chunk.items[0] : chunk.items);
    this.k.emit(pid, {
      kind: 'task',
      pid,
      obj: this.name,
      phase: 'start',
      job: chunk.job,
      chunk: chunk.index,
      fn: chunk.fn,
      summary,
    });
    answer(ok(chunk));
  }

  private outcome(job: Job): Answer {
    // map raises the first failing chunk's error, but only once every chunk has finished (O12).
    for (const r of job.results) if (r && !r.ok) return { ok: false, ...r.error } as Answer;
    const values = job.results.flatMap((r) => (r && r.ok ? r.values : []));
    return ok(job.kind === 'apply' ? values[0] : values);
  }

  private complete(job: Job): void {
    const a = this.outcome(job);
    for (let g = job.getters.shift(); g; g = job.getters.shift()) g.parked.settle(a);
    for (let w = job.waiters.shift(); w; w = job.waiters.shift()) w.parked.settle(ok(null));
    this.k.notify(this.owner, this.id, { job: job.id, done: true, answer: job.notify ? a : { ok: a.ok } });
    this.feedNext(job);
  }

  /** imap: the next value, an error to raise, or the end; null while the next one is not ready. */
  private nextOf(job: Job): Answer | null {
    if (job.pending.length) return ok({ value: job.pending.shift() });
    const index = job.kind === 'imapUnordered' ? job.order[job.yielded] : job.yielded;
    if (index === undefined || job.yielded >= job.chunks) return job.yielded >= job.chunks ? ok({ done: true }) : null;
    const r = job.results[index];
    if (!r) return null;
    job.yielded++;
    if (!r.ok) return { ok: false, ...r.error } as Answer;
    job.pending = [...r.values];
    return job.pending.length ? ok({ value: job.pending.shift() }) : this.nextOf(job);
  }

  private feedNext(job: Job): void {
    for (let w = job.nexters.peek(); w; w = job.nexters.peek()) {
      const a = this.nextOf(job);
      if (!a) return;
      job.nexters.shift()!.parked.settle(a);
    }
  }

  private liveWorkers(): number {
    let n = 0;
    for (const w of this.workers) if (this.k.isLive(w)) n++;
    return n;
  }

  override processGone(pid: Pid): void {
    super.processGone(pid);
    if (!this.workers.has(pid)) return;
    this.running.delete(pid); // a task that was running there is lost, as in CPython (O22)
    if (this.status === 'RUN' && this.liveWorkers() < this.size) this.k.notify(this.owner, this.id, { respawn: 1 });
    if (this.status !== 'RUN' && this.liveWorkers() === 0) {
      for (let j = this.joiners.shift(); j; j = this.joiners.shift()) j.parked.settle(ok(null));
    }
  }

  override cause(pid: Pid, op: string): string {
    void pid;
    if (op === 'join') return 'the pool was closed but its workers have not finished';
    if (op === 'get' || op === 'next' || op === 'wait') {
      if (this.status === 'TERMINATE') return 'the pool was terminated, so this result will never come';
      return this.liveWorkers() === 0
        ? 'the pool has no workers left to run the task'
        : 'its task was lost with the worker that ran it';
    }
    return '';
  }
}
