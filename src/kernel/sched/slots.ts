// Which process holds which slot of the control block: the lowest free slot goes to each new process, a slot is
// freed when its process is gone, and a killed process's slot is reused last (its thread may run on a moment).
import type { Pid } from '../../protocol/messages';
import { assignPriority } from '../../protocol/sched/decide';
import { H, MAX_SLOTS, PHYS_NONE, S, SLOT_WORDS, slotCell } from '../../protocol/sched/layout';

/** Which process held a slot from which step on (slots are reused once a process has exited). */
export interface Occupant {
  slot: number;
  pid: Pid;
  from: number;
}

export class Slots<T> {
  /** What the controller keeps per slot (null: free). */
  readonly entries: (T | null)[] = [];
  readonly occupants: Occupant[] = [];
  private readonly quarantined = new Set<number>();
  private readonly slotOf = new Map<Pid, number>();

  constructor(private readonly ctl: Int32Array) {}

  /** A slot for `pid`, its cells made fresh (a new generation), or -1 when MAX_SLOTS processes hold them all. */
  allocate(pid: Pid): number {
    let slot = -1;
    for (let s = 0; s < MAX_SLOTS && slot < 0; s++) if (!this.entries[s] && !this.quarantined.has(s)) slot = s;
    if (slot < 0 && this.quarantined.size) {
      slot = Math.min(...this.quarantined);
      this.quarantined.delete(slot);
    }
    if (slot < 0) return -1;
    const ctl = this.ctl;
    const o = slotCell(slot, 0);
    const gen = Atomics.load(ctl, o + S.GEN) + 1;
    const go = Atomics.load(ctl, o + S.GO);
    for (let i = 0; i < SLOT_WORDS; i++) Atomics.store(ctl, o + i, 0);
    Atomics.store(ctl, o + S.GEN, gen);
    Atomics.store(ctl, o + S.GO, go);
    Atomics.store(ctl, o + S.PHYS, PHYS_NONE);
    Atomics.store(ctl, o + S.PID, pid);
    assignPriority(ctl, slot);
    if (slot >= Atomics.load(ctl, H.NSLOTS)) Atomics.store(ctl, H.NSLOTS, slot + 1);
    this.slotOf.set(pid, slot);
    this.occupants.push({ slot, pid, from: Atomics.load(ctl, H.STEPS) });
    return slot;
  }

  /** `pid`'s worker is given back: its slot is free (last in line if the process was killed, not exited). */
  release(pid: Pid): void {
    const slot = this.slotOf.get(pid);
    if (slot === undefined) return;
    this.slotOf.delete(pid);
    if (Atomics.load(this.ctl, slotCell(slot, S.DEAD)) !== 1) {
      Atomics.store(this.ctl, slotCell(slot, S.DEAD), 2);
      this.quarantined.add(slot);
    }
    this.entries[slot] = null;
  }

  /** The pid in `slot` at step `step`, or undefined. */
  pidAt(slot: number, step: number): Pid | undefined {
    let pid: Pid | undefined;
    for (const o of this.occupants) if (o.slot === slot && o.from <= step) pid = o.pid;
    return pid;
  }
}
