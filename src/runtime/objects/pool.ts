// Pool and AsyncResult as a process sees them: jobs are cut into chunks here, routed by the kernel to
// SpawnPoolWorker processes (./poolWorker), and their results (or remote tracebacks) come back through the kernel.
import {
  AssertionError,
  BOOTSTRAP_MESSAGE,
  NotImplementedError,
  RuntimeError,
  TimeoutError,
  ValueError,
  errorFromWire,
} from '../errors';
import type { ProcessModule } from '../process';
import type { ProcessRuntime } from '../runtime';
import { HANDLE, type HandleRef, serialize } from '../serialize';
import { packNumbers } from './poolWorker';

type Fn = (...args: never[]) => unknown;
type Answer = { ok: true; value?: unknown } | { ok: false; name: string; message: string; traceback?: string };

interface PoolOptions {
  initializer?: Fn | null;
  initargs?: unknown[];
  maxtasksperchild?: number | null;
}
interface AsyncOptions<T> {
  callback?: ((result: T) => unknown) | null;
  errorCallback?: ((error: Error) => unknown) | null;
}

export function makePool(rt: ProcessRuntime, pm: ProcessModule) {
  let jobSeq = 0;
  /** Owner side: the jobs not done yet (a job's record lives on in its AsyncResult). */
  const jobs = new Map<number, OwnerJob>();

  const remoteError = (a: Extract<Answer, { ok: false }>): Error => errorFromWire(a.name, a.message, a.traceback);
  /** A map chunk's values into their place in the job's list (a Float64Array when every one is a number). */
  const place = (map: MapJob, chunk: number, values: unknown[] | Float64Array): void => {
    const numbers = values instanceof Float64Array;
    const list = (map.list ??= listOf(map.size, numbers));
    const at = chunk * map.chunkSize;
    if (numbers) for (let i = 0; i < values.length; i++) list[at + i] = values[i];
    else for (let i = 0; i < values.length; i++) list[at + i] = rt.decodeItem(values[i]);
  };
  /** A done job's result: a map's assembled list, or the value the kernel sent. */
  const resultOf = (job: OwnerJob, value: unknown): unknown => (job.map ? (job.map.list ?? []) : rt.decodeItem(value));

  /** @py multiprocessing.pool.AsyncResult */
  class AsyncResult<T = unknown> {
    constructor(
      private readonly poolId: string,
      private readonly poolName: () => string,
      private readonly job: OwnerJob,
    ) {}
    /** @py AsyncResult.get — the result, or the task's exception (its remote traceback as `cause`). */
    async get(timeout: number | null = null): Promise<T> {
      const job = this.job;
      // A map that is done answers here: its list was assembled as its chunks finished.
      if (job.map && job.ready) {
        if (job.error) throw remoteError(job.error);
        return resultOf(job, null) as T;
      }
      try {
        const raw = await rt.call({ op: 'obj', id: this.poolId, method: 'get', args: [job.id], timeout });
        return resultOf(job, raw) as T;
      } catch (e) {
        if (e instanceof TimeoutError) throw new TimeoutError();
        throw e;
      }
    }
    /** @py AsyncResult.wait */
    async wait(timeout: number | null = null): Promise<void> {
      if (this.job.ready) return;
      await rt.call({ op: 'obj', id: this.poolId, method: 'wait', args: [this.job.id], timeout });
    }
    /** @py AsyncResult.ready */
    ready(): boolean {
      return this.job.ready;
    }
    /** @py AsyncResult.successful */
    successful(): boolean {
      if (!this.job.ready) throw new ValueError(`${String(this)} not ready`);
      return this.job.ok;
    }
    toString(): string {
      return `<multiprocessing.pool.ApplyResult object job ${this.job.id} of ${this.poolName()}>`;
    }
  }

  /** @py multiprocessing.pool.IMapIterator — `for await (const x of it)`, or `await it.next(timeout)`. */
  class IMapIterator<T = unknown> implements AsyncIterableIterator<T> {
    constructor(
      private readonly poolId: string,
      private readonly job: number,
    ) {}
    /** The next result; `TimeoutError` if none arrives within `timeout` seconds (a later call still gets it). */
    async next(timeout: number | null = null): Promise<IteratorResult<T>> {
      const r = (await rt.call({ op: 'obj', id: this.poolId, method: 'next', args: [this.job], timeout })) as
        { value: unknown } | { done: true };
      if ('done' in r) return { done: true, value: undefined };
      return { done: false, value: rt.decodeItem(r.value) as T };
    }
    [Symbol.asyncIterator](): AsyncIterableIterator<T> {
      return this;
    }
  }

  /** @py multiprocessing.Pool */
  class Pool {
    private readonly id: string;
    private status: 'RUN' | 'CLOSE' | 'TERMINATE' = 'RUN';
    private readonly workers: object[] = [];
    private readonly size: number;
    private readonly init: { initializer: string | null; initargs: unknown[]; maxtasks: number | null };

    constructor(processes: number | null = null, opts: PoolOptions = {}) {
      if (processes !== null && typeof processes !== 'number') {
        // A natural slip in TypeScript: new Pool({ processes: 2 }). Python would fail comparing it with 1.
        throw new TypeError(
          `Pool's first argument is the number of processes, not ${processes === undefined ? 'undefined' : typeof processes}: write new Pool(2, { initializer, initargs, maxtasksperchild })`,
        );
      }
      const n = processes ?? rt.cpuCount;
      if (!Number.isInteger(n) || n < 1) throw new ValueError('Number of processes must be at least 1');
      const m = opts.maxtasksperchild ?? null;
      if (m !== null && (!Number.isInteger(m) || m <= 0)) {
        throw new ValueError('maxtasksperchild must be a positive int or None');
      }
      const initializer = opts.initializer ?? null;
      if (initializer !== null && typeof initializer !== 'function')
        throw new TypeError('initializer must be a callable');
      // Pool() starts processes: the same rules as Process.start() (D02, X05).
      if (rt.daemon) throw new AssertionError('daemonic processes are not allowed to have children');
      if (rt.importingMain) throw new RuntimeError(BOOTSTRAP_MESSAGE);
      this.size = n;
      this.init = {
        initializer: initializer === null ? null : rt.nameOfOrThrow(initializer as (...a: unknown[]) => unknown),
        // Passed at each worker's start, like a Process's args: queues, locks and shared values may go too.
        initargs: serialize(opts.initargs ?? [], (v) => rt.nameOf(v)) as unknown[],
        maxtasks: m,
      };
      this.id = rt.newObject('Pool', { processes: n, maxtasksperchild: m }, this);
      rt.notifyHandlers.set(this.id, (data) => this.onNotify(data as Record<string, unknown>));
      for (let i = 0; i < n; i++) this.spawnWorker();
    }

    private spawnWorker(): void {
      const w = pm.startInternal(
        { kind: 'poolWorker', pool: this.id, ...this.init },
        (identity) => `SpawnPoolWorker-${identity.join(':')}`,
      );
      this.workers.push(w);
    }

    private onNotify(data: Record<string, unknown>): void {
      if (data.respawn) {
        pm.reapFinished(); // CPython's _maintain_pool joins the workers that exited
        if (this.status === 'RUN') this.spawnWorker();
        return;
      }
      const job = jobs.get(Number(data.job));
      if (!job) return;
      if (data.chunk !== undefined && job.map) {
        return place(job.map, Number(data.chunk), data.values as unknown[] | Float64Array);
      }
      const a = data.answer as Answer;
      jobs.delete(job.id);
      job.ready = true;
      job.ok = a.ok;
      if (!a.ok) job.error = a;
      job.onDone?.(a);
    }

    private running(): void {
      if (this.status !== 'RUN') throw new ValueError('Pool not running');
    }

    private submit(
      kind: 'apply' | 'map' | 'imap' | 'imapUnordered',
      fn: Fn,
      { items, size }: Chunks,
      star: boolean,
      cb: AsyncOptions<unknown>,
      kwds?: Record<string, unknown>,
    ): OwnerJob {
      this.running();
      const name = rt.nameOfOrThrow(fn as (...a: unknown[]) => unknown);
      // Each chunk straight from the items (no slice first when they are numbers: most maps).
      const encoded: unknown[] = [];
      for (let at = 0; at < items.length; at += size) {
        const end = Math.min(items.length, at + size);
        encoded.push(packNumbers(items, at, end) ?? items.slice(at, end).map((item) => rt.encodeItem(item)));
      }
      const notify = !!(cb.callback || cb.errorCallback);
      const job: OwnerJob = { id: ++jobSeq, ready: false, ok: false };
      if (kind === 'map') job.map = { size: items.length, chunkSize: size, list: items.length ? null : [] };
      if (notify) {
        job.onDone = (a: Answer) => {
          if (a.ok) void cb.callback?.(resultOf(job, a.value));
          else void cb.errorCallback?.(remoteError(a));
        };
      }
      jobs.set(job.id, job);
      const payload = [job.id, kind, name, encoded, star, notify, kwds === undefined ? undefined : rt.encodeItem(kwds)];
      rt.send({ t: 'op', id: this.id, method: 'submit', args: payload });
      return job;
    }

    private chunked(items: readonly unknown[], chunksize: number | null | undefined, dflt: 'map' | 'imap'): Chunks {
      let size = chunksize ?? null;
      if (size === null) {
        if (dflt === 'imap') size = 1;
        else {
          // CPython: chunksize, extra = divmod(len(iterable), len(self._pool) * 4); if extra: chunksize += 1
          size = Math.floor(items.length / (this.size * 4)) + (items.length % (this.size * 4) ? 1 : 0);
          if (items.length === 0) return { items, size: 1 };
        }
      }
      if (!Number.isInteger(size) || size < 1) throw new ValueError(`Chunksize must be 1+, not ${String(size)}`);
      return { items, size };
    }

    /** @py Pool.apply — runs `fn(...args)` in a worker and waits for it. */
    async apply<T>(
      fn: (...a: never[]) => T | Promise<T>,
      args: unknown[] = [],
      kwds?: Record<string, unknown>,
    ): Promise<Awaited<T>> {
      return this.applyAsync(fn, args, kwds === undefined ? {} : { kwds }).get() as Promise<Awaited<T>>;
    }

    /** @py Pool.apply_async */
    applyAsync<T>(
      fn: (...a: never[]) => T | Promise<T>,
      args: unknown[] = [],
      opts: AsyncOptions<Awaited<T>> & { kwds?: Record<string, unknown> } = {},
    ): AsyncResult<Awaited<T>> {
      const job = this.submit(
        'apply',
        fn,
        { items: [[...args]], size: 1 },
        true,
        opts as AsyncOptions<unknown>,
        opts.kwds,
      );
      return new AsyncResult(this.id, () => rt.objectName(this.id, 'Pool'), job);
    }

    /** @py Pool.map */
    async map<A, T>(
      fn: (a: A) => T | Promise<T>,
      iterable: Iterable<A>,
      chunksize?: number | null,
    ): Promise<Awaited<T>[]> {
      return this.mapAsync(fn, iterable, { chunksize: chunksize ?? null }).get();
    }

    /** @py Pool.map_async */
    mapAsync<A, T>(
      fn: (a: A) => T | Promise<T>,
      iterable: Iterable<A>,
      opts: AsyncOptions<Awaited<T>[]> & { chunksize?: number | null } = {},
    ): AsyncResult<Awaited<T>[]> {
      // A list is only read here, at once (submit copies its chunks): no copy of it first.
      const items = Array.isArray(iterable) ? (iterable as A[]) : Array.from(iterable);
      const job = this.submit(
        'map',
        fn as Fn,
        this.chunked(items, opts.chunksize, 'map'),
        false,
        opts as AsyncOptions<unknown>,
      );
      return new AsyncResult(this.id, () => rt.objectName(this.id, 'Pool'), job);
    }

    /** @py Pool.starmap */
    async starmap<T>(
      fn: (...a: never[]) => T | Promise<T>,
      iterable: Iterable<unknown[]>,
      chunksize?: number | null,
    ): Promise<Awaited<T>[]> {
      return this.starmapAsync(fn, iterable, { chunksize: chunksize ?? null }).get();
    }

    /** @py Pool.starmap_async */
    starmapAsync<T>(
      fn: (...a: never[]) => T | Promise<T>,
      iterable: Iterable<unknown[]>,
      opts: AsyncOptions<Awaited<T>[]> & { chunksize?: number | null } = {},
    ): AsyncResult<Awaited<T>[]> {
      const items = Array.from(iterable, (a) => [...a]);
      const job = this.submit(
        'map',
        fn as Fn,
        this.chunked(items, opts.chunksize, 'map'),
        true,
        opts as AsyncOptions<unknown>,
      );
      return new AsyncResult(this.id, () => rt.objectName(this.id, 'Pool'), job);
    }

    /** @py Pool.imap — results in order, as they become ready. */
    imap<A, T>(fn: (a: A) => T | Promise<T>, iterable: Iterable<A>, chunksize = 1): IMapIterator<Awaited<T>> {
      const items = Array.from(iterable);
      return new IMapIterator(
        this.id,
        this.submit('imap', fn as Fn, this.chunked(items, chunksize, 'imap'), false, {}).id,
      );
    }

    /** @py Pool.imap_unordered — results in the order they finish. */
    imapUnordered<A, T>(fn: (a: A) => T | Promise<T>, iterable: Iterable<A>, chunksize = 1): IMapIterator<Awaited<T>> {
      const items = Array.from(iterable);
      return new IMapIterator(
        this.id,
        this.submit('imapUnordered', fn as Fn, this.chunked(items, chunksize, 'imap'), false, {}).id,
      );
    }

    /** @py Pool.close — no more tasks; workers exit when the queued ones are done. */
    close(): void {
      if (this.status === 'RUN') this.status = 'CLOSE';
      rt.send({ t: 'op', id: this.id, method: 'close', args: [] });
    }

    /** @py Pool.terminate — ends the workers at once; pending results never come. */
    terminate(): void {
      this.status = 'TERMINATE';
      rt.send({ t: 'op', id: this.id, method: 'terminate', args: [] });
    }

    /** @py Pool.join — after close() or terminate(): waits for every worker to exit. */
    async join(): Promise<void> {
      if (this.status === 'RUN') throw new ValueError('Pool is still running');
      await rt.call({ op: 'obj', id: this.id, method: 'join', args: [], timeout: null });
      for (const w of this.workers) await (w as { join(): Promise<void> }).join();
    }

    /** `await using pool = new Pool()` is `with Pool() as pool:`, which terminates (not closes) on exit (O18). */
    async [Symbol.asyncDispose](): Promise<void> {
      this.terminate();
    }

    [Symbol.dispose](): void {
      this.terminate();
    }

    [HANDLE](): HandleRef {
      throw new NotImplementedError('pool objects cannot be passed between processes or pickled');
    }

    toString(): string {
      return `<multiprocessing.pool.Pool state=${this.status} pool_size=${this.size}>`;
    }
  }

  return { Pool, AsyncResult, IMapIterator };
}

/** A job's items and how many go in each chunk (the last may have fewer). */
interface Chunks {
  items: readonly unknown[];
  size: number;
}

/** A job as its owner sees it, shared by the jobs table (until done) and its AsyncResult. */
interface OwnerJob {
  id: number;
  ready: boolean;
  ok: boolean;
  /** The error it raised, once done. */
  error?: Extract<Answer, { ok: false }>;
  /** Runs the callbacks once done. */
  onDone?: (a: Answer) => void;
  map?: MapJob;
}

/** A map's results as its owner assembles them, chunk by chunk as the kernel forwards them. */
interface MapJob {
  size: number;
  /** Items per chunk (the last may have fewer). */
  chunkSize: number;
  /** Made when the first chunk arrives (see listOf). */
  list: unknown[] | null;
}

/**
 * A list of `size` slots whose elements are already of the kind that the first chunk's values need (numbers,
 * or anything): filling it then never changes its kind, which would throw the optimized filling loop back
 * to the interpreter for a whole chunk in every map. Slot 0 is overwritten by chunk 0.
 */
function listOf(size: number, numbers: boolean): unknown[] {
  const list = new Array<unknown>(size);
  list[0] = numbers ? 0.5 : null;
  return list;
}
