// Pool: a task queue that idle workers take chunks from, and jobs whose results the owner waits for.
// Workers are ordinary daemonic processes the owner started; the kernel only routes work and results. The
// chunks and jobs themselves are in ./poolJobs.
import { type ObjectId, type ObjectKind, type Pid, POOL_LEASE_MS } from '../../protocol/messages';
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
import { approxBytes } from '../../protocol/limits';
import {
  type Chunk,
  ChunkQueue,
  FORWARDED,
  type Job,
  type WireErr,
  jobOutcome,
  memoryErr,
  newJob,
  nextValue,
} from './poolJobs';

type State = 'RUN' | 'CLOSE' | 'TERMINATE';

/**
 * How much work (ms, by the job's recent chunks: see Job.chunkMs) a worker may be handed beyond the chunk it
 * takes: a worker that finished a chunk then runs the next ones without a round trip through the kernel for
 * each, as a CPython worker finds its next task already in the pipe. Chunks of a job not yet seen to be quick
 * go one at a time, so slow or unknown tasks are spread over the workers exactly as before (a job of a
 * function quick in its last job is leased from the start, on a guess a slow chunk takes back: POOL_LEASE_MS).
 */
const LEASE_BUDGET_MS = POOL_LEASE_MS;
/** The most chunks one `take` hands out. */
const MAX_LEASE = 256;

/** @py multiprocessing.pool.Pool */
export class PoolObject extends SyncObject {
  private readonly owner: Pid;
  private status: State = 'RUN';
  private readonly size: number;
  readonly workers = new Set<Pid>();
  private readonly queue = new ChunkQueue();
  private readonly idle = new WaitQueue<{ parked: Parked; pid: Pid; max: number }>();
  private readonly jobs = new Map<number, Job>();
  /**
   * Per function, the fastest item of its last job (ms; see Job.fastestItemMs): a job of a function known to
   * be quick is handed out in leases from the start, instead of one chunk per worker until one has finished.
   */
  private readonly itemMs = new Map<string, number>();
  /**
   * What each worker was handed and has not reported yet: the first is running (lost if the worker is killed,
   * O22), the others wait their turn on it and go back to the queue if it dies.
   */
  private readonly running = new Map<Pid, Chunk[]>();
  private readonly joiners = new WaitQueue<{ parked: Parked }>();
  /** The owner ended: no task will be asked for again. */
  private ownerGone = false;

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

  /** The owner submits, waits and ends; its workers take chunks and report results; nobody else uses a pool. */
  override mayUse(pid: Pid, method: string): boolean {
    const workerMethod = method === 'take' || method === 'result';
    if (pid === this.owner) return !workerMethod;
    return workerMethod && this.workers.has(pid);
  }

  call(method: string, args: unknown[], c: Caller): void {
    switch (method) {
      case 'take': {
        // A worker asks for work: chunks to run in order (at most args[0]), or null when the pool is closing
        // and nothing is left.
        const max = Math.max(1, Math.min(MAX_LEASE, Number(args[0] ?? 1) || 1));
        if (this.queue.length) return this.hand(c.pid, this.takeBatch(max), (a) => this.k.answer(c, a));
        if (this.status !== 'RUN') return this.k.answer(c, ok(null));
        const parked = this.k.park(c, 'take', `${this.name}.take()`, () => ok(null));
        if (parked) this.idle.push({ parked, pid: c.pid, max });
        return;
      }
      case 'get': {
        const job = this.jobs.get(Number(args[0]));
        if (!job) return this.k.answer(c, err('ValueError', `unknown job ${String(args[0])}`));
        if (job.done === job.chunks) return this.k.answer(c, jobOutcome(job));
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
        const a = nextValue(job);
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
        const known = this.itemMs.get(fn);
        const job = newJob(jobId, kind, fn, chunks, notify, known);
        this.jobs.set(jobId, job);
        if (chunks.length === 0) return this.complete(job);
        // The tasks wait here for a worker: they count against the run's cap on held bytes, as queued items do.
        // Past it, the job fails with MemoryError, which the owner's map() or get() raises at its call.
        const sizes = chunks.map((items) => approxBytes(items));
        sizes[0]! += kwds === undefined ? 0 : approxBytes(kwds);
        if (!this.k.hold(sizes.reduce((a, b) => a + b, 0))) return this.failJob(job);
        chunks.forEach((items, index) =>
          this.queue.push({ job: jobId, index, fn, items, star, kwds, guess: false, bytes: sizes[index]! }),
        );
        // Idle workers split the job between them (one chunk each while it is not known to be quick).
        for (let n = this.idle.size; n > 0 && this.queue.length; n--) {
          const w = this.idle.shift()!;
          this.hand(w.pid, this.takeBatch(w.max, n), (a) => w.parked.settle(a));
        }
        return;
      }
      case 'result': {
        const [jobId, index, okFlag, payload, ms, givesBack] = args as [
          number,
          number,
          boolean,
          unknown,
          number,
          boolean,
        ];
        const handed = this.running.get(pid) ?? [];
        const at = handed.findIndex((x) => x.job === jobId && x.index === index);
        const ran = at >= 0 ? handed[at] : undefined;
        if (at >= 0) handed.splice(0, at + 1);
        // A chunk of a lease handed on a guess was slow: the worker did not start the rest, which goes back.
        const back = givesBack ? handed.splice(0) : [];
        if (!handed.length) this.running.delete(pid);
        if (ran) this.k.unhold(ran.bytes);
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
        // The worker went straight on to the next chunk it was handed.
        const next = handed[0];
        if (next) this.traceStart(pid, next);
        if (back.length) this.putBack(back);
        if (!job || job.results[index]) return;
        job.guessed = false;
        if (typeof ms === 'number' && !Number.isNaN(ms)) {
          const was = job.chunkMs;
          job.chunkMs = was === undefined || ms > was ? ms : was * 0.8 + ms * 0.2;
          const perItem = ms / Math.max(1, ran?.items.length ?? 1);
          if (Number.isFinite(perItem) && !(perItem >= (job.fastestItemMs ?? Infinity))) job.fastestItemMs = perItem;
        }
        // A result comes through here: a map's on its way to the owner, the others kept for get(). One that the
        // run's cap on held bytes has no room for fails its job with MemoryError (the owner's call raises it).
        const bytes = okFlag ? approxBytes(payload) : 0;
        const kept = okFlag && job.kind !== 'map';
        if (bytes && !this.k.hold(bytes)) {
          job.results[index] = { ok: false, error: memoryErr(this.k.memoryError()) };
        } else if (okFlag && job.kind === 'map') {
          this.k.unhold(bytes); // it only passes through
          // The owner places a map's values in its list as each chunk finishes (CPython's result handler fills
          // the list the same way): only the last chunk is left to place when the job completes.
          this.k.notify(this.owner, this.id, { job: jobId, chunk: index, values: payload });
          job.results[index] = FORWARDED;
        } else {
          if (kept) job.heldBytes += bytes;
          job.results[index] = okFlag
            ? { ok: true, values: payload as unknown[] | Float64Array }
            : { ok: false, error: payload as WireErr };
        }
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
        this.dropQueued();
        this.k.broadcast(this, this.state());
        for (const w of this.workers) if (this.k.isLive(w)) this.k.signal(w, 15, pid);
        return;
      default:
        super.op(pid, method, args);
    }
  }

  /**
   * The next chunk and, when its job's chunks have been quick, more of the same job: as many as fit in the
   * lease budget, no more than `max` and no more than this worker's share of what is queued.
   */
  private takeBatch(max: number, among?: number): Chunk[] {
    const first = this.queue.shift()!;
    const batch = [first];
    first.guess = false;
    const per = this.jobs.get(first.job)?.chunkMs;
    if (this.k.leases === false || per === undefined || per >= LEASE_BUDGET_MS) return batch;
    // This worker's share: of what is queued among all the workers, or at submit of the job among the idle
    // workers served now (`among`, this one included).
    const share =
      among === undefined
        ? Math.ceil(this.queue.length / Math.max(1, this.size))
        : Math.ceil((this.queue.length + 1) / among) - 1;
    let extra = Math.min(max - 1, share, Math.floor(LEASE_BUDGET_MS / Math.max(per, 0.001)) - 1);
    for (; extra > 0 && this.queue.peek()?.job === first.job; extra--) batch.push(this.queue.shift()!);
    const guess = this.jobs.get(first.job)?.guessed === true && batch.length > 1;
    for (const c of batch) c.guess = guess;
    return batch;
  }

  /** A job whose tasks the run's cap on held bytes has no room for: done at once, with MemoryError. */
  private failJob(job: Job): void {
    const error = memoryErr(this.k.memoryError());
    for (let i = 0; i < job.chunks; i++) job.results[i] = { ok: false, error };
    job.done = job.chunks;
    for (let i = 0; i < job.chunks; i++) job.order.push(i);
    this.complete(job);
  }

  /** The queued tasks will never run: what they held is free. */
  private dropQueued(): void {
    for (let c = this.queue.shift(); c; c = this.queue.shift()) this.k.unhold(c.bytes);
  }

  /** Chunks handed out and never started go back to the queue (in order), and to idle workers. */
  private putBack(chunks: Chunk[]): void {
    if (this.status === 'TERMINATE' || this.ownerGone) {
      for (const c of chunks) this.k.unhold(c.bytes);
      return;
    }
    this.queue.putBack(chunks);
    while (this.queue.length) {
      const w = this.idle.shift();
      if (!w) break;
      this.hand(w.pid, this.takeBatch(w.max), (a) => w.parked.settle(a));
    }
  }

  /** Gives chunks to a worker, to run in order, and traces the start of the first one's span. */
  private hand(pid: Pid, chunks: Chunk[], answer: (a: Answer) => void): void {
    this.running.set(pid, chunks);
    this.traceStart(pid, chunks[0]!);
    answer(ok(chunks));
  }

  private traceStart(pid: Pid, chunk: Chunk): void {
    const items = chunk.items;
    // The summary shows 40 characters at most: 40 items are enough to write them (a chunk may hold 12,500).
    const head = items.length === 1 ? items[0] : Array.from(items.length > 40 ? items.slice(0, 40) : items);
    const summary = summarize(head);
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
  }

  private complete(job: Job): void {
    if (job.chunks > 0) {
      if (job.fastestItemMs === undefined) this.itemMs.delete(job.fn);
      else this.itemMs.set(job.fn, job.fastestItemMs);
    }
    const a = jobOutcome(job);
    // The owner hears that the job is done before its get() returns: a map's get() reads the list it assembled.
    this.k.notify(this.owner, this.id, { job: job.id, done: true, answer: job.notify || !a.ok ? a : { ok: a.ok } });
    for (let g = job.getters.shift(); g; g = job.getters.shift()) g.parked.settle(a);
    for (let w = job.waiters.shift(); w; w = job.waiters.shift()) w.parked.settle(ok(null));
    this.feedNext(job);
  }

  private feedNext(job: Job): void {
    for (let w = job.nexters.peek(); w; w = job.nexters.peek()) {
      const a = nextValue(job);
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
    if (pid === this.owner) {
      // Nobody can ask for these results any more, nor for the tasks still queued.
      this.ownerGone = true;
      for (const job of this.jobs.values()) this.k.unhold(job.heldBytes);
      this.jobs.clear();
      this.dropQueued();
    }
    if (!this.workers.has(pid)) return;
    // The task that was running there is lost, as in CPython (O22); the ones waiting behind it go back.
    const lost = this.running.get(pid)?.[0];
    if (lost) this.k.unhold(lost.bytes);
    const waiting = this.running.get(pid)?.slice(1) ?? [];
    this.running.delete(pid);
    if (waiting.length) this.putBack(waiting);
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
