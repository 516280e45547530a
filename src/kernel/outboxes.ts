// What the kernel sends to processes: each process's messages wait in its outbox and go as one batch per task.
import type { KernelToProc, PortLike } from '../protocol/messages';
import type { Answer } from './objects/base';
import type { ProgramClock } from './programClock';
import type { Proc } from './procTable';

/**
 * The outboxes of every process (`Proc.outbox`, `Proc.transfer`). A send queues the message; one microtask
 * later every process with mail gets its batch, led by the current program clock if its copy is stale.
 */
export class Outboxes {
  private readonly dirty = new Set<Proc>();
  private flushScheduled = false;

  /**
   * `beforeFlush` runs at each flush, before any batch is posted (the kernel announces item rows there).
   * Every batch brings its process up to date on the room for processes: `room(p)`, its share of how many more
   * may be live, given `room()`'s facts once per flush; and a process that asked what queues and pipes hold, on
   * what they have freed since (`freed()`, bytes in all).
   */
  constructor(
    private readonly time: ProgramClock,
    private readonly beforeFlush: () => void,
    private readonly room: () => (p: Proc) => number,
    private readonly freed: () => number,
  ) {}

  /** Queues `msg` (and ports to move with it) for `p`; nothing for a process without a worker. */
  send(p: Proc, msg: KernelToProc, transfer?: PortLike[]): void {
    if (!p.endpoint) return;
    p.outbox.push(msg);
    if (transfer) p.transfer.push(...transfer);
    this.dirty.add(p);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      void Promise.resolve().then(() => this.flush());
    }
  }

  /** Posts every waiting batch now. */
  flush(): void {
    this.flushScheduled = false;
    this.beforeFlush();
    let roomOf: ((p: Proc) => number) | null = null;
    for (const p of this.dirty) {
      if (!p.endpoint || !p.outbox.length) continue;
      if (p.clockVersion !== this.time.version) {
        // Whoever gets a message may be about to run: give it the current program clock first.
        p.clockVersion = this.time.version;
        p.outbox.unshift({ t: 'clock', clock: this.time.mapping() });
      }
      // And how many processes it may still start, so that its start() can refuse at once when none.
      roomOf ??= this.room();
      const free = roomOf(p);
      const told = `${free} ${p.spawned}`;
      if (p.roomTold !== told) {
        p.roomTold = told;
        p.outbox.unshift({ t: 'room', free, spawned: p.spawned });
      }
      // And what the queues and pipes freed, so that its send() fits again once a consumer took items.
      if (p.watchesHeld && p.freedTold !== this.freed()) {
        p.freedTold = this.freed();
        p.outbox.unshift({ t: 'freed', total: p.freedTold });
      }
      if (p.transfer.length) p.endpoint.post(p.outbox.splice(0), p.transfer.splice(0));
      else p.endpoint.post(p.outbox.splice(0));
    }
    this.dirty.clear();
  }

  /** The program clock for a new process's init, which then needs no separate `clock` message. */
  clockFor(p: Proc): ReturnType<ProgramClock['mapping']> {
    p.clockVersion = this.time.version;
    return this.time.mapping();
  }

  /** Answers call `id` of `p` with a value. */
  reply(p: Proc, id: number, value: unknown): void {
    this.send(p, { t: 'reply', id, ok: true, value });
  }

  /** Answers call `id` of `p` with an error raised in it. */
  fail(p: Proc, id: number, name: string, message: string): void {
    this.send(p, { t: 'reply', id, ok: false, error: { name, message } });
  }

  /** Answers call `id` of `p` as a shared object decided. */
  answer(p: Proc, id: number, a: Answer, transfer?: PortLike[]): void {
    if (a.ok) this.send(p, { t: 'reply', id, ok: true, value: a.value }, transfer);
    else this.send(p, { t: 'reply', id, ok: false, error: a });
  }

  /** Raises an error in `p` now, outside any call. */
  raise(p: Proc, name: string, message: string): void {
    this.send(p, { t: 'raise', error: { name, message } });
  }

  /** Checked call `seq` of `p` failed: its promise rejects with this error (the `ack` after it settles the rest). */
  failChecked(p: Proc, seq: number, name: string, message: string): void {
    this.send(p, { t: 'nack', seq, error: { name, message } });
  }

  /** Every checked call of `p` handled so far is done: one `ack` after each batch that had any. */
  ackChecked(p: Proc): void {
    if (!p.ackDue) return;
    p.ackDue = false;
    this.send(p, { t: 'ack', upTo: p.checkedUpTo });
  }
}
