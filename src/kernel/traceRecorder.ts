// How events enter the trace: stamped with program time (once per batch of messages), stored, and told to the host.
import type { Pid } from '../protocol/messages';
import type { TraceEvent } from '../protocol/trace';
import { isItemEvent } from '../protocol/packedTrace';
import type { ProgramClock } from './programClock';
import { TraceStore } from './traceStore';
import type { DistributiveOmit } from './util';

/** Per-item events, left out at trace level `lifecycle`. */
const ITEM_KINDS: ReadonlySet<string> = new Set(['put', 'take', 'taskDone', 'lock', 'task']);

/** Events that may change whether every live process is idle (sleeping or waiting). */
const RATE_KINDS: ReadonlySet<string> = new Set([
  'spawn',
  'start',
  'running',
  'unblocked',
  'sleeping',
  'blocked',
  'exit',
]);

/** A trace event before the recorder stamps it with its time. */
export type Unstamped = DistributiveOmit<TraceEvent, 'at'>;

export interface RecorderOptions {
  /** Trace level `lifecycle`: leave out the per-item events. */
  lifecycleOnly: boolean;
  /** Every event but the per-item ones, as it is recorded. */
  onEvent: (ev: TraceEvent) => void;
  /** Item rows were recorded: this many in all so far. */
  onItems: (count: number) => void;
  /** An event was recorded that may change whether every live process is idle. */
  onRateEvent: () => void;
  /** The process table by pid, for the parent in the per-item rows. */
  procs: ReadonlyMap<Pid, { readonly ppid: Pid }>;
  /**
   * Output kept in the trace (lines, characters): past either, the oldest lines are dropped with a note, so a
   * `while (true) print(x)` cannot grow the kernel's memory without bound; every line is still shown live.
   */
  maxOutputLines: number;
  maxOutputChars: number;
}

/**
 * Records the run's trace. While the kernel handles a batch of messages (`beginBatch`…`endBatch`) every
 * event gets the program time of the batch's first event; item rows are announced once per batch.
 */
export class TraceRecorder {
  /** The trace: item events packed in columns, the rest as objects (see TraceStore). */
  readonly trace: TraceStore;
  /** Item rows already announced through onItems. */
  private itemsAnnounced = 0;
  /** While a batch of messages is handled: the program time of its events (one clock read per batch). */
  private batchAt: number | null = null;
  private inBatch = false;
  /** The last process whose parent was looked up (0: none), and its parent. */
  private ppidPid: Pid = 0;
  private ppid: Pid = 0;
  private readonly lifecycleOnly: boolean;
  private readonly onEvent: (ev: TraceEvent) => void;
  private readonly onItems: (count: number) => void;
  private readonly onRateEvent: () => void;
  private readonly procs: ReadonlyMap<Pid, { readonly ppid: Pid }>;

  constructor(
    private readonly time: ProgramClock,
    opts: RecorderOptions,
  ) {
    this.lifecycleOnly = opts.lifecycleOnly;
    this.onEvent = opts.onEvent;
    this.onItems = opts.onItems;
    this.onRateEvent = opts.onRateEvent;
    this.procs = opts.procs;
    this.trace = new TraceStore(opts.maxOutputLines, opts.maxOutputChars);
  }

  /** Records `ev`, a fresh object the caller gives up (it is stamped, not copied). */
  emit(ev: Unstamped): void {
    if (this.lifecycleOnly && ITEM_KINDS.has(ev.kind)) return;
    const full = ev as TraceEvent;
    full.at = this.stamp();
    this.ppidPid = 0; // a process may have been re-parented: look its parent up again
    this.trace.push(full);
    if (isItemEvent(full)) return; // announced in bulk (onItems), like those recorded by putItem/takeItem
    this.onEvent(full);
    if (RATE_KINDS.has(full.kind)) this.onRateEvent();
  }

  /** Records a `put` of `value` into `obj` straight into the columns: no object, no summary until read. */
  putItem(pid: Pid, obj: string, item: number, value: unknown, depth: number): void {
    if (this.lifecycleOnly) return;
    this.trace.items.put(this.stamp(), pid, this.ppidOf(pid), obj, item, depth, value);
  }

  /** Records the puts of `values` into `obj` by `pid` (items `item`…, depth `depth`…): one clock and parent read. */
  putItems(pid: Pid, obj: string, item: number, values: readonly unknown[], depth: number): void {
    if (this.lifecycleOnly) return;
    this.trace.items.putMany(this.stamp(), pid, this.ppidOf(pid), obj, item, depth, values);
  }

  /** Records the takes of `items` from `obj` by `pid` (depth `depth` after the first, one less after each next). */
  takeItems(pid: Pid, obj: string, items: readonly number[], depth: number): void {
    if (this.lifecycleOnly) return;
    this.trace.items.takeMany(this.stamp(), pid, this.ppidOf(pid), obj, items, depth);
  }

  /** Records a `take` of item `item` from `obj`. */
  takeItem(pid: Pid, obj: string, item: number, depth: number): void {
    if (this.lifecycleOnly) return;
    this.trace.items.take(this.stamp(), pid, this.ppidOf(pid), obj, item, depth);
  }

  /** Records `count` taskDone() calls that release no join (unfinished `unfinished` after the first, one less each next). */
  tasksDone(pid: Pid, obj: string, unfinished: number, count: number): void {
    if (this.lifecycleOnly) return;
    this.trace.items.tasksDone(this.stamp(), pid, this.ppidOf(pid), obj, unfinished, count);
  }

  /** Records a JoinableQueue `taskDone()`. */
  taskDone(pid: Pid, obj: string, unfinished: number, releases: readonly Pid[]): void {
    if (this.lifecycleOnly) return;
    this.trace.items.taskDone(this.stamp(), pid, this.ppidOf(pid), obj, unfinished, releases);
  }

  /** The parent of `pid` now: the last answer is kept until the next event that is not an item event. */
  private ppidOf(pid: Pid): Pid {
    if (pid !== this.ppidPid) {
      this.ppidPid = pid;
      this.ppid = this.procs.get(pid)?.ppid ?? 0;
    }
    return this.ppid;
  }

  /** A batch of messages from one process starts: its events share one time. */
  beginBatch(): void {
    this.inBatch = true;
  }

  /** The batch is handled: later events read the clock again, and new item rows are announced. */
  endBatch(): void {
    this.inBatch = false;
    this.batchAt = null;
    this.announceItems();
  }

  /** Tells the host that item rows were recorded since it last heard (once per batch, not per item). */
  announceItems(): void {
    const n = this.trace.items.length;
    if (n === this.itemsAnnounced) return;
    this.itemsAnnounced = n;
    this.onItems(n);
  }

  /** Program time for an event: read once per batch of messages, at the batch's first event. */
  private stamp(): number {
    if (!this.inBatch) return this.time.now();
    return (this.batchAt ??= this.time.now());
  }
}
