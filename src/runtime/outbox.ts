// What a process sends to the kernel, batched: messages wait in an outbox that goes out when the current task
// ends (a macrotask), when 256 are waiting, or at once before a wait (so a put and the wait after it reach
// the kernel together); and non-blocking ops accumulate their args into one message per batch where order
// allows.
import type { Endpoint, KernelToProc, ProcToKernel } from '../protocol/messages';
import { laterTask } from './laterTask';

const FLUSH_AT = 256;
/** The longest a lazy op (see sendAppending) waits for a batch to go with before it goes on its own. */
export const LAZY_MS = 1;
/**
 * Args one appended op gathers before its batch goes: a loop that never yields (a producer's `await q.put(x)`
 * settles at once) still lets the kernel and a consumer start on its first items while it goes on.
 */
const APPEND_FLUSH_AT = 1024;
/**
 * Non-blocking queue ops whose relative order the kernel does not need: a consumer's reports of leased items
 * it took, and its taskDone() calls (which count against the items put, not taken).
 */
const COMMUTING: ReadonlySet<string> = new Set(['took', 'taskDone']);
/** A pipe link's reports to the kernel (for its trace and counts): a send by the link need not wait for them. */
const LINK_REPORTS: ReadonlySet<string> = new Set(['lsent', 'ltook']);

export class Outbox {
  private queued: ProcToKernel[] = [];
  private flushQueued = false;
  private flushes = 0;
  private flushedAt = 0;
  private readonly appendable = new Map<string, { flush: number; args: unknown[]; at: number }>();
  private readonly later = laterTask();
  private readonly flushNow = () => this.flush();
  private readonly scheduleFlush = () => this.later(this.flushNow);
  private lazyTimer: ReturnType<typeof setTimeout> | null = null;
  /** Messages queued since the last batch that are not a link's reports (a print, a call, a put). */
  private eager = 0;
  /** Run before every batch goes (a pipe's port link sends its own batch then). */
  readonly hooks = new Set<() => void>();
  /** Set when the process has exited (close()): nothing more is sent. */
  closed = false;
  /**
   * A controlled run's scheduling hook (src/runtime/sched): sees every message before it is queued, and says
   * whether to post it at once. While set, nothing is appended: every call is its own message.
   */
  sched: { beforeSend(msg: ProcToKernel): boolean } | null = null;

  constructor(private readonly endpoint: Endpoint<KernelToProc, ProcToKernel>) {}

  /** The process has exited: nothing more is sent, and the runner of its later batches is freed. */
  close(): void {
    this.closed = true;
    this.later.close();
    if (this.lazyTimer) clearTimeout(this.lazyTimer);
    this.lazyTimer = null;
  }

  send(msg: ProcToKernel): void {
    if (this.closed) return;
    if (this.sched?.beforeSend(msg)) {
      this.queued.push(msg);
      return this.flush();
    }
    this.queued.push(msg);
    if (msg.t !== 'op' || !LINK_REPORTS.has(msg.method)) this.eager++;
    if (this.queued.length >= FLUSH_AT) this.flush();
    else this.requestFlush();
  }

  /**
   * Flushes if the last batch went more than `ms` ago: for a loop that never waits nor ends its task (a pipe
   * read from its ring), so that its output is not held back for long.
   */
  flushIfOlder(ms: number): void {
    if (this.queued.length && performance.now() - this.flushedAt > ms) this.flush();
  }

  /** Flushes when this task ends. */
  requestFlush(): void {
    if (this.flushQueued || this.closed) return;
    this.flushQueued = true;
    this.scheduleFlush();
  }

  flush(): void {
    this.flushQueued = false;
    for (const hook of this.hooks) hook();
    this.postQueued();
  }

  private postQueued(): void {
    this.flushedAt = performance.now();
    this.flushes++;
    this.eager = 0;
    if (this.queued.length) this.endpoint.post(this.queued.splice(0));
  }

  /**
   * Posts what links hold (a pipe's port link) without the kernel's batch, unless that batch holds more than
   * lazy reports: then it goes first, so that what the process did before a send (a print) never reaches
   * the kernel after what the reader does on receiving it (ping's "got 9, return 10" after pong's "got 10").
   */
  flushLinks(): void {
    this.flushEager();
    for (const hook of this.hooks) hook();
  }

  /** Posts the kernel's batch now if it holds more than a link's reports (before a write into a link's ring). */
  flushEager(): void {
    if (this.eager) this.postQueued();
  }

  /**
   * Sends a non-blocking op whose args accumulate: calls for the same object and method before the next
   * flush add to one message (a loop of `await q.put(x)` sends one `put` op per batch, not per item).
   * `lazy`: a report the kernel may hear of a little later (a port link's lsent/ltook): it goes with the next
   * batch, or on its own after LAZY_MS, so that a ping-pong by a link does not wake the kernel every time.
   * `checked`: each arg is the sequence number of a checked call (see ProcessRuntime.checkedOp).
   */
  sendAppending(id: string, method: string, arg: unknown, lazy = false, checked = false): void {
    if (this.closed) return;
    // A controlled run: every call is its own message (its own scheduling point).
    if (this.sched)
      return this.send(checked ? { t: 'op', id, method, args: [arg], checked } : { t: 'op', id, method, args: [arg] });
    const key = `${checked ? '!' : ''}${method} ${id}`;
    const open = this.appendable.get(key);
    // Append only where the order of what this process sends is kept: to the last message queued, or past
    // ops whose order against this one does not matter (a consumer's `took` and `taskDone` on one queue,
    // which alternate item by item: two ops per batch instead of two per item).
    if (open && open.flush === this.flushes && this.onlyCommutingAfter(open.at, id, method)) {
      open.args.push(arg);
      if (open.args.length >= APPEND_FLUSH_AT) this.flush();
      return;
    }
    const args = [arg];
    this.appendable.set(key, { flush: this.flushes, args, at: this.queued.length });
    if (checked) return this.send({ t: 'op', id, method, args, checked });
    if (!lazy) return this.send({ t: 'op', id, method, args });
    this.queued.push({ t: 'op', id, method, args });
    if (this.queued.length >= FLUSH_AT) this.flush();
    else if (!this.lazyTimer && !this.flushQueued) {
      this.lazyTimer = setTimeout(() => {
        this.lazyTimer = null;
        if (this.queued.length && !this.closed) this.flush();
      }, LAZY_MS);
      (this.lazyTimer as { unref?: () => void }).unref?.(); // Node: never keep a worker alive just for this
    }
  }

  /** Whether every message queued after index `at` (a few at most) is an op on `id` that commutes with `method`. */
  private onlyCommutingAfter(at: number, id: string, method: string): boolean {
    const n = this.queued.length;
    if (n - at > 4) return false;
    if (n - at === 1) return true; // `at` is the last message
    if (!COMMUTING.has(method)) return false;
    for (let i = at + 1; i < n; i++) {
      const m = this.queued[i]!;
      if (m.t !== 'op' || m.id !== id || !COMMUTING.has(m.method)) return false;
    }
    return true;
  }
}
