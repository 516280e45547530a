// A process's side of the run's caps (src/protocol/limits.ts): its share of the room for more processes, and
// its count of what the run's queues and pipes hold, so that start(), put() and send() raise at the call.
import type { KernelToProc, ProcessInit } from '../protocol/messages';
import { processCapNote } from '../protocol/limits';
import { BlockingIOError, addNote } from './errors';

/** The kernel's answer to Call `held`: what queues, pipes and pools hold now, and what they have freed in all. */
export type HeldAnswer = [held: number, freed: number];

export class RunLimits {
  /** The run's caps, from the process's init. */
  caps: ProcessInit['limits'] = { processes: Infinity, heldBytes: Infinity };
  /** The room for processes as the kernel last said, and how many spawns it had seen from this process. */
  private room = { free: Infinity, spawned: 0 };
  private spawnsSent = 0;
  /**
   * What the run's queues and pipes hold, as far as this process knows: the kernel's total when it last asked
   * (`reported`), less what they have freed since as the kernel told (`freed`: the kernel's count of all bytes
   * ever freed, as of `reported`), plus the bytes this process put since it asked (`sent`; asked again, in the
   * background, every quarter of the cap).
   */
  private held = { reported: 0, freed: 0, sent: 0, asking: null as Promise<void> | null };

  /**
   * `askHeld`: asks the kernel what queues and pipes hold now, and how many bytes they have freed in all (a
   * blocking call, Call `held`); from then on the kernel tells this process of what is freed (`freed` messages).
   */
  constructor(private readonly askHeld: () => Promise<HeldAnswer>) {}

  /** The process starts: its caps and its share of the room, from its init. */
  reset(init: ProcessInit): void {
    this.caps = init.limits;
    this.room = { free: init.room, spawned: 0 };
  }

  /** The kernel's newer word on the room (a `room` message). */
  onRoom(msg: KernelToProc & { t: 'room' }): void {
    this.room = { free: msg.free, spawned: msg.spawned };
  }

  /**
   * Counts a process about to be started, or raises BlockingIOError (a failing fork's) when the run has no
   * room for one: the kernel's last word on the room, less this process's spawns it has not seen yet.
   */
  claimProcess(): void {
    if (this.room.free - (this.spawnsSent - this.room.spawned) <= 0) {
      const err = new BlockingIOError('[Errno 11] Resource temporarily unavailable');
      throw addNote(err, `(${processCapNote(this.caps.processes)})`);
    }
    this.spawnsSent++;
  }

  /**
   * Counts `bytes` about to be put into a queue or sent into a pipe against the run's cap, or returns false (and
   * counts nothing) when that would pass it as far as this process knows (see `recountHeld`).
   */
  chargeHeld(bytes: number): boolean {
    const h = this.held;
    const cap = this.caps.heldBytes;
    if (h.reported + h.sent + bytes > cap) {
      void this.recountHeld();
      return false;
    }
    // Asked before this item is counted: its put goes to the kernel after the question, so the answer leaves it out.
    if (h.sent + bytes > cap / 4) void this.recountHeld();
    h.sent += bytes;
    return true;
  }

  /** Takes back a `chargeHeld` for something that did not go to the kernel after all. */
  unchargeHeld(bytes: number): void {
    this.held.sent -= bytes;
  }

  /** Asks the kernel what queues and pipes hold now (others may have taken items since it last asked). */
  recountHeld(): Promise<void> {
    const h = this.held;
    if (h.asking) return h.asking;
    const sentBefore = h.sent; // counted by the kernel before it answers: messages keep their order
    h.asking = this.askHeld().then(([total, freed]) => {
      // A `freed` message handled before this answer may tell of bytes freed after the kernel answered.
      h.reported = Math.max(0, total - Math.max(0, h.freed - freed));
      h.freed = Math.max(h.freed, freed);
      h.sent -= sentBefore;
      h.asking = null;
    });
    return h.asking;
  }

  /**
   * The kernel's newer word on what queues, pipes and pools have freed (a `freed` message: bytes freed in all
   * since the run began). What a consumer took since this process last counted leaves room for its next put
   * or send at once: send() cannot wait to ask.
   */
  onFreed(total: number): void {
    const h = this.held;
    if (total <= h.freed) return;
    h.reported = Math.max(0, h.reported - (total - h.freed));
    h.freed = total;
  }
}
