// A process's side of a controlled run: it counts the kernel calls it sends (each a scheduling point), tells the
// controller when it comes to rest, waits at every shared-memory access until it is its turn, and, when it holds
// the token, decides who goes next itself (one hand-off per switch, no round trip through the kernel).
import type { KernelToProc, ProcToKernel } from '../../protocol/messages';
import { laterTask } from '../laterTask';
import { ASK, allSettled, commit, decide } from '../../protocol/sched/decide';
import {
  H,
  LAYOUT_VERSION,
  PHYS_AT_SM,
  PHYS_REST,
  PHYS_RUNNING,
  S,
  UNIT_RING,
  applyFor,
  decideBy,
  grantTo,
  slotCell,
  TOKEN_CTL,
  type SchedInit,
} from '../../protocol/sched/layout';
import { FLAG_HAS_CHILDREN, SCHED_OBJECT, describeUnit, isPointUnit, smDesc, wakes } from '../../protocol/sched/ops';

/** What the client needs of its process's runtime. */
export interface ClientHost {
  /** Queues a message to the kernel (through the runtime's outbox, so the hook sees it too). */
  send(msg: ProcToKernel): void;
  /** Posts what the outbox holds now. */
  flush(): void;
  /** Whether the process still has children it started (its exit may terminate daemons). */
  hasChildren(): boolean;
  /** Calls to the kernel sent and not answered yet. */
  pendingCalls(): number;
  /** This process's pid and its parent's, now. */
  who(): { pid: number; ppid: number };
}

/** The later task a step runs in, made once per worker (see laterTask: no timer clamping, not WebKit's page wait). */
const macrotask = laterTask();

export class SchedClient {
  private readonly ctl: Int32Array | null;
  private readonly slot: number;
  /** Index of this slot's cell 0. */
  private readonly o: number;
  private readonly gen: number;
  private seen = 0;
  private restQueued = false;
  private closed = false;

  constructor(
    init: SchedInit,
    private readonly host: ClientHost,
  ) {
    this.ctl = init.sab ? new Int32Array(init.sab) : null;
    if (this.ctl && this.ctl[H.LAYOUT] !== LAYOUT_VERSION) {
      throw new Error(
        `mpplay: control block layout ${String(this.ctl[H.LAYOUT])}, this worker reads ${LAYOUT_VERSION}`,
      );
    }
    this.slot = init.slot;
    this.o = slotCell(init.slot, 0);
    this.gen = init.gen;
    this.woken(); // the init batch this client was made from
  }

  /**
   * Whether this process may still act on its slot: not after its exit, and not once the slot went to another
   * process (this one was killed and its thread has not stopped yet).
   */
  private live(): boolean {
    if (this.closed) return false;
    if (this.ctl && Atomics.load(this.ctl, this.o + S.GEN) !== this.gen) this.closed = true;
    return !this.closed;
  }

  /** A batch from the kernel is about to be handled: if it can run code, the process runs until it rests again. */
  batchStarts(batch: readonly KernelToProc[]): void {
    if (!this.live() || !wakes(batch)) return;
    this.woken();
  }

  private woken(): void {
    this.seen++;
    if (this.ctl) {
      Atomics.store(this.ctl, this.o + S.SEEN, this.seen);
      Atomics.store(this.ctl, this.o + S.PHYS, PHYS_RUNNING);
    }
    this.checkRestSoon();
  }

  private checkRestSoon(): void {
    if (this.restQueued) return;
    this.restQueued = true;
    macrotask(() => this.rest());
  }

  /**
   * At the end of a task: the process is at rest if it waits on the kernel (a call it sent is not answered) with
   * no microtask left, so that only a batch from the kernel can make it do anything. A process that waits on
   * something else (its module still loading, a promise of its own) is still computing.
   */
  private rest(): void {
    this.restQueued = false;
    if (!this.live() || this.host.pendingCalls() === 0) return;
    const ctl = this.ctl;
    if (ctl) {
      // Came to rest still holding the decision (its last step was a shared-memory one): the controller takes it.
      if (Atomics.load(ctl, H.TOKEN) === decideBy(this.slot)) Atomics.store(ctl, H.TOKEN, TOKEN_CTL);
      Atomics.store(ctl, this.o + S.RESTED, this.seen);
      Atomics.store(ctl, this.o + S.PHYS, PHYS_REST);
      this.settledNow();
    }
    this.host.send({ t: 'op', id: SCHED_OBJECT, method: 'rest', args: [this.seen] });
    this.host.flush();
  }

  /**
   * Before a message is queued: a kernel call is a scheduling point. Returns whether to post it at once (every
   * point does: the controller may be waiting for it).
   */
  beforeSend(msg: ProcToKernel): boolean {
    if (!this.live() || !isPointUnit(msg)) return false;
    if (msg.t === 'call') this.checkRestSoon(); // it is about to wait on the kernel
    const ctl = this.ctl;
    if (ctl) this.pointUnit(ctl, msg);
    if (msg.t === 'exit') this.closed = true; // nothing of this process runs after its exit
    return true;
  }

  private pointUnit(ctl: Int32Array, msg: ProcToKernel): void {
    const sent = Atomics.load(ctl, this.o + S.SENT);
    const flags = msg.t === 'exit' && this.host.hasChildren() ? FLAG_HAS_CHILDREN : 0;
    const [a, b] = describeUnit(msg, flags, this.host.who());
    const r = this.o + S.RING + 2 * (sent % UNIT_RING);
    ctl[r] = a;
    ctl[r + 1] = b;
    Atomics.store(ctl, this.o + S.SENT, sent + 1);
    if (Atomics.load(ctl, H.TOKEN) !== decideBy(this.slot)) return this.settledNow();
    // This process holds the decision (its last step was a shared-memory access): this call waits on it.
    this.waitSettled();
    if (!this.live()) return;
    const c = decide(ctl);
    if (c === this.slot) Atomics.store(ctl, H.TOKEN, applyFor(c));
    else if (c >= 0) this.handTo(c);
    else if (c === ASK)
      Atomics.store(ctl, H.TOKEN, TOKEN_CTL); // the controller asks; this call wakes it
    else this.stopped();
  }

  /**
   * A read or write of a Value/Array element: waits until this process is chosen to take the step. `key` names
   * the shared buffer, `index` the element (-1: all of them).
   */
  sharedMemory(write: boolean, key: number, index: number, array = false): void {
    const ctl = this.ctl;
    if (!ctl || !this.live()) return;
    if (Atomics.load(ctl, H.ABORT) !== 0) return this.park();
    const [a, b] = smDesc(write, key, index, array);
    ctl[this.o + S.SM_A] = a;
    ctl[this.o + S.SM_B] = b;
    Atomics.store(ctl, this.o + S.PHYS, PHYS_AT_SM);
    const token = Atomics.load(ctl, H.TOKEN);
    if (token === decideBy(this.slot)) {
      this.waitSettled();
      if (!this.live()) return this.park();
      const c = decide(ctl); // the step is known (this access): decide() commits it if chosen
      if (c === this.slot) {
        Atomics.store(ctl, this.o + S.PHYS, PHYS_RUNNING);
        return;
      }
      if (c === ASK) {
        // The learner chooses: the controller asks, and grants this access when it is chosen.
        Atomics.store(ctl, H.TOKEN, TOKEN_CTL);
        this.host.send({ t: 'op', id: SCHED_OBJECT, method: 'kick', args: [] });
      } else if (c < 0) return this.stopped();
      else this.handTo(c);
    } else {
      this.settledNow();
      // The controller may be waiting for this process to settle before it decides: a message wakes it.
      if (token < 0) this.host.send({ t: 'op', id: SCHED_OBJECT, method: 'sm', args: [] });
    }
    this.host.flush(); // what this process sent before the access must reach the controller first
    this.waitForGrant();
    Atomics.store(ctl, this.o + S.PHYS, PHYS_RUNNING);
  }

  private waitForGrant(): void {
    const ctl = this.ctl!;
    const go = this.o + S.GO;
    for (;;) {
      const g = Atomics.load(ctl, go);
      if (!this.live()) return;
      if (Atomics.load(ctl, H.ABORT) !== 0) return this.park();
      if (Atomics.load(ctl, H.TOKEN) === grantTo(this.slot)) {
        Atomics.store(ctl, H.TOKEN, decideBy(this.slot));
        return;
      }
      Atomics.wait(ctl, go, g);
    }
  }

  /** The strategy could not go on (see H.ERROR): the controller ends the run, and this process waits for that. */
  private stopped(): void {
    Atomics.store(this.ctl!, H.TOKEN, TOKEN_CTL);
    this.host.send({ t: 'op', id: SCHED_OBJECT, method: 'kick', args: [] });
    this.host.flush();
    this.park();
  }

  /**
   * The run is being ended: this process must not run on unscheduled (a loop of a million increments would keep
   * a core busy), so it waits here until its worker is ended.
   */
  private park(): void {
    this.closed = true;
    this.host.flush();
    Atomics.wait(this.ctl!, H.PARK, 0);
  }

  /** Gives the next step to `c`: directly if it waits at a shared-memory access, else through the controller. */
  private handTo(c: number): void {
    const ctl = this.ctl!;
    const oc = slotCell(c, 0);
    if (Atomics.load(ctl, oc + S.SENT) > Atomics.load(ctl, oc + S.APPLIED)) {
      Atomics.store(ctl, H.TOKEN, applyFor(c));
      this.host.send({ t: 'op', id: SCHED_OBJECT, method: 'kick', args: [] });
      this.host.flush();
      return;
    }
    if (Atomics.load(ctl, oc + S.PHYS) !== PHYS_AT_SM) {
      // Chosen before it got to its next step (READY): the controller hands it the step once it is there.
      Atomics.store(ctl, H.TOKEN, applyFor(c));
      this.host.send({ t: 'op', id: SCHED_OBJECT, method: 'kick', args: [] });
      this.host.flush();
      return;
    }
    commit(ctl, c);
    Atomics.store(ctl, H.TOKEN, grantTo(c));
    Atomics.add(ctl, oc + S.GO, 1);
    Atomics.notify(ctl, oc + S.GO);
  }

  /** Waits until no process is still computing towards its next point (they all settle on their own). */
  private waitSettled(): void {
    const ctl = this.ctl!;
    while (!allSettled(ctl) && Atomics.load(ctl, H.ABORT) === 0 && this.live()) {
      const v = Atomics.load(ctl, H.SETTLE);
      if (allSettled(ctl)) return;
      Atomics.add(ctl, H.SETTLE_WAITERS, 1);
      Atomics.wait(ctl, H.SETTLE, v, 50);
      Atomics.sub(ctl, H.SETTLE_WAITERS, 1);
    }
  }

  private settledNow(): void {
    const ctl = this.ctl!;
    Atomics.add(ctl, H.SETTLE, 1);
    if (Atomics.load(ctl, H.SETTLE_WAITERS) > 0) Atomics.notify(ctl, H.SETTLE);
  }
}
