// The controller of a controlled run: it stands between the kernel and the processes' endpoints, holds back each
// process's kernel calls until the schedule says that process takes its step, and applies them one at a time.
// Processes still run in their own workers and run ahead through calls that return at once; what they can see of
// each other comes only through the kernel (in schedule order) or through shared memory (where they wait for
// their turn). See docs/CONTROLLED-RUNS.md.
import type { KernelToProc, Pid, PortLike, ProcToKernel } from '../../protocol/messages';
import { NOBODY, STOP, commit, decide } from '../../protocol/sched/decide';
import {
  ERR_NONE,
  ERR_TOO_MANY,
  H,
  MAX_SLOTS,
  PHYS_AT_SM,
  S,
  TOKEN_APPLY,
  TOKEN_CTL,
  UNIT_RING,
  applyFor,
  grantTo,
  slotCell,
} from '../../protocol/sched/layout';
import { describeUnit, isPointUnit, isSchedMessage, wakes } from '../../protocol/sched/ops';
import type { RunResult } from '../../protocol/trace';
import type { KernelOptions, ProcessEndpoint, ProcessHost } from '../host';
import { Kernel } from '../kernel';
import { controlFor, type RunPlan } from './plan';
import { type Occupant, Slots } from './slots';
import { VirtualClock } from './virtualClock';

/** A controlled run: the kernel's options, minus what controlled mode decides itself, plus the plan. */
export interface ControlledOptions extends Omit<KernelOptions, 'clock' | 'pipeLinks' | 'leases' | 'speed'> {
  plan: RunPlan;
  /** The processes' workers have SharedArrayBuffer and Atomics.wait: Value/Array accesses are scheduling points. */
  shared: boolean;
  /** Decisions a run may take (the log's size). */
  logCap?: number;
  /** A control block to reuse (see plan.ts `controlFor`). */
  control?: Int32Array;
}

/** One process's place in the schedule, as the controller keeps it. */
interface Slot {
  pid: Pid;
  inner: ProcessEndpoint;
  /** The kernel's handler for this process's messages. */
  handler: ((batch: ProcToKernel[]) => void) | null;
  /** Messages received and not yet given to the kernel. */
  buffer: ProcToKernel[];
  /** Point units received so far. */
  received: number;
  /** The batch count the process reported when it last came to rest. */
  restSeen: number;
  /** Program ms the process was last told. */
  told: number;
  /** Its calls the kernel has been given and not yet answered. */
  calls: number;
}

/** Why a controlled run was stopped by its controller, if it was. */
export type ControlStop =
  | { why: 'strategy'; code: number; arg: number }
  /** Nothing could run, nothing was timed, yet some process had not ended: it awaits something mpplay never sees. */
  | { why: 'stuck'; report: string };

export class Controller {
  readonly ctl: Int32Array;
  readonly kernel: Kernel;
  stopped: ControlStop | null = null;
  private readonly clock = new VirtualClock();
  private readonly table: Slots<Slot>;
  private readonly slots: (Slot | null)[];
  private readonly shared: boolean;
  private readonly seed: number;
  /** Each process's parent now (for the keys of lifecycle steps where the controller describes them). */
  private readonly parents = new Map<Pid, Pid>();
  private pumping = false;
  private again = false;
  private ended = false;

  constructor(opts: ControlledOptions) {
    const { plan, shared, logCap, control, host, onEvent, onEnd, ...kernelOpts } = opts;
    this.shared = shared;
    this.seed = opts.seed ?? 0;
    this.ctl = controlFor(plan, {
      shared,
      ...(logCap !== undefined ? { logCap } : {}),
      ...(control ? { reuse: control } : {}),
    });
    this.table = new Slots(this.ctl);
    this.slots = this.table.entries;
    this.kernel = new Kernel({
      ...kernelOpts,
      host: this.wrap(host),
      clock: this.clock,
      speed: 1,
      pipeLinks: 'off',
      leases: false,
      maxProcesses: Math.min(opts.maxProcesses ?? MAX_SLOTS, MAX_SLOTS),
      onEvent: (ev) => {
        if (ev.kind === 'spawn') this.parents.set(ev.pid, ev.ppid);
        else if (ev.kind === 'reparented') this.parents.set(ev.pid, ev.to);
        onEvent?.(ev);
      },
      onEnd: (r) => this.finished(r, onEnd, onEvent),
    });
  }

  /** Starts MainProcess. */
  start(): void {
    this.kernel.start();
  }

  /** Ends the run now (the Stop button). */
  stop(): void {
    this.kernel.stop();
  }

  /** Which process held which slot from which step on. */
  get occupants(): readonly Occupant[] {
    return this.table.occupants;
  }

  /** The pid in `slot` at step `step` (slots are reused), or undefined. */
  pidAt(slot: number, step: number): Pid | undefined {
    return this.table.pidAt(slot, step);
  }

  // ---- the host, seen through the controller ----------------------------------------------------------------

  private wrap(host: ProcessHost): ProcessHost {
    return {
      spawn: (pid) => {
        const slot = this.table.allocate(pid);
        if (slot < 0) this.fail(ERR_TOO_MANY, MAX_SLOTS);
        const inner = host.spawn(pid);
        const st: Slot = { pid, inner, handler: null, buffer: [], received: 0, restSeen: 0, told: -1, calls: 0 };
        if (slot >= 0) this.slots[slot] = st;
        inner.listen((batch) => {
          if (slot >= 0 && this.slots[slot] === st && !this.ended) this.fromProcess(slot, st, batch);
        });
        return {
          post: (batch, transfer) => this.toProcess(slot, st, batch, transfer),
          listen: (h) => {
            st.handler = h;
            return () => {
              if (st.handler === h) st.handler = null;
            };
          },
        };
      },
      kill: (pid, reusable) => {
        this.table.release(pid);
        host.kill(pid, reusable);
      },
    };
  }

  /** Messages from a process: held until its steps come; the controller's own are noted. */
  private fromProcess(slot: number, st: Slot, batch: ProcToKernel[]): void {
    const ctl = this.ctl;
    for (const msg of batch) {
      if (isSchedMessage(msg)) {
        if (msg.t === 'op' && msg.method === 'rest') st.restSeen = Number(msg.args[0]);
        continue;
      }
      st.buffer.push(msg);
      if (!isPointUnit(msg)) continue;
      if (!this.shared) {
        // Without shared memory the process cannot keep its own cells: the controller does, on arrival.
        const [a, b] = describeUnit(msg, 0, { pid: st.pid, ppid: this.parents.get(st.pid) ?? 0 });
        const r = slotCell(slot, S.RING) + 2 * (st.received % UNIT_RING);
        ctl[r] = a;
        ctl[r + 1] = b;
        ctl[slotCell(slot, S.SENT)] = st.received + 1;
      }
      st.received++;
    }
    this.pump();
  }

  /** Messages to a process: each batch counts as a wake; program time is stated, not a wall-clock mapping. */
  private toProcess(slot: number, st: Slot, batch: KernelToProc[], transfer?: PortLike[]): void {
    const now = this.kernel.now();
    const clock = { wall: 0, prog: now, rate: 0 };
    const out: KernelToProc[] = [];
    for (const m of batch) {
      if (m.t === 'clock') continue;
      if (m.t === 'init') {
        const gen = slot >= 0 ? Atomics.load(this.ctl, slotCell(slot, S.GEN)) : 0;
        out.push({
          ...m,
          clock,
          sched: { sab: this.shared ? (this.ctl.buffer as SharedArrayBuffer) : null, slot, gen, seed: this.seed },
        });
      } else out.push(m);
    }
    if (!out.length) return;
    if (out[0]!.t !== 'init' && st.told !== now) out.unshift({ t: 'clock', clock });
    st.told = now;
    if (slot >= 0 && this.slots[slot] === st) {
      if (wakes(out)) Atomics.add(this.ctl, slotCell(slot, S.WAKES), 1);
      // What resumes its code: its init, an error raised in it, the answer to its last call outstanding. It
      // will take a next step whatever the others do, so it counts as runnable from now on (READY).
      let resumes = false;
      for (const m of out) {
        if (m.t === 'reply') resumes = --st.calls === 0;
        else if (m.t === 'init' || m.t === 'raise') resumes = true;
      }
      if (resumes) Atomics.store(this.ctl, slotCell(slot, S.READY), 1);
    }
    st.inner.post(out, transfer);
  }

  // ---- the loop ---------------------------------------------------------------------------------------------

  /** Acts while the controller holds the token: applies chosen calls, decides, hands shared-memory steps over. */
  private pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.loop().finally(() => {
      this.pumping = false;
      if (this.again && !this.ended) {
        this.again = false;
        this.pump();
      }
    });
  }

  private async loop(): Promise<void> {
    const ctl = this.ctl;
    do {
      this.again = false;
      while (!this.ended) {
        if (Atomics.load(ctl, H.ABORT) !== 0) {
          this.stopForStrategy(); // a process's decision failed (H.ERROR says why)
          break;
        }
        const token = Atomics.load(ctl, H.TOKEN);
        if (token >= 0) break; // a process holds it
        if (token <= TOKEN_APPLY) {
          const slot = TOKEN_APPLY - token;
          if (this.apply(slot)) {
            Atomics.store(ctl, H.TOKEN, TOKEN_CTL);
            await this.kernelSettles();
            continue;
          }
          // Chosen before it got to its step (READY): a shared-memory access it now waits at is handed over;
          // otherwise its call is still on its way, or it is still computing: its message will call us again.
          const o = slotCell(slot, 0);
          if (Atomics.load(ctl, o + S.SENT) === Atomics.load(ctl, o + S.APPLIED) && this.atShared(slot)) {
            this.grant(slot);
          }
          break;
        }
        if (!this.allSettled()) break; // someone is still computing: its message will call us again
        if (this.applyLeftovers()) {
          await this.kernelSettles();
          continue;
        }
        const c = decide(ctl);
        if (c === STOP) {
          this.stopForStrategy();
          break;
        }
        if (c === NOBODY) {
          if (this.clock.advance()) {
            await this.kernelSettles();
            continue;
          }
          await this.kernelSettles();
          if (!this.ended) this.stuck();
          break;
        }
        const o = slotCell(c, 0);
        if (Atomics.load(ctl, o + S.SENT) > Atomics.load(ctl, o + S.APPLIED) || !this.atShared(c)) {
          Atomics.store(ctl, H.TOKEN, applyFor(c)); // its call, arrived or on its way, or whatever comes first
          continue;
        }
        this.grant(c); // it waits at a shared-memory access: it takes the step and holds the token
        break;
      }
    } while (this.again && !this.ended);
  }

  /** Gives the kernel `slot`'s next call (with whatever it sent before); false if it has not arrived yet. */
  private apply(slot: number): boolean {
    const st = this.slots[slot];
    if (!st) return true; // gone meanwhile (killed): nothing to apply
    const i = st.buffer.findIndex(isPointUnit);
    if (i < 0) return false;
    commit(this.ctl, slot);
    const msgs = st.buffer.splice(0, i + 1);
    const o = slotCell(slot, 0);
    Atomics.add(this.ctl, o + S.APPLIED, 1);
    const unit = msgs[i]!;
    if (unit.t === 'exit') Atomics.store(this.ctl, o + S.DEAD, 1);
    if (unit.t === 'call') st.calls++;
    st.handler?.(msgs);
    return true;
  }

  private atShared(slot: number): boolean {
    return this.shared && Atomics.load(this.ctl, slotCell(slot, S.PHYS)) === PHYS_AT_SM;
  }

  /** `slot`, waiting at a shared-memory access, takes that step and holds the token. */
  private grant(slot: number): void {
    const ctl = this.ctl;
    const o = slotCell(slot, 0);
    commit(ctl, slot);
    Atomics.store(ctl, H.TOKEN, grantTo(slot));
    Atomics.add(ctl, o + S.GO, 1);
    Atomics.notify(ctl, o + S.GO);
  }

  /** What processes at rest sent after their last call (a Pool's `notified`, a `reap`): it changes nothing others see. */
  private applyLeftovers(): boolean {
    let any = false;
    for (let s = 0; s < this.slots.length; s++) {
      const st = this.slots[s];
      if (!st || !st.buffer.length || st.restSeen !== Atomics.load(this.ctl, slotCell(s, S.WAKES))) continue;
      if (st.buffer.some(isPointUnit)) continue;
      any = true;
      st.handler?.(st.buffer.splice(0));
    }
    return any;
  }

  /** Whether every process is at a step, at rest (with everything it sent received) or gone. */
  private allSettled(): boolean {
    const ctl = this.ctl;
    const n = Atomics.load(ctl, H.NSLOTS);
    for (let s = 0; s < n; s++) {
      const st = this.slots[s];
      const o = slotCell(s, 0);
      if (!st || Atomics.load(ctl, o + S.DEAD) !== 0) continue;
      if (Atomics.load(ctl, o + S.SENT) > Atomics.load(ctl, o + S.APPLIED)) continue;
      if (Atomics.load(ctl, o + S.READY) !== 0 || this.atShared(s)) continue;
      if (st.restSeen === Atomics.load(ctl, o + S.WAKES)) continue;
      return false;
    }
    return true;
  }

  /** Lets the kernel finish what a call set off (its outboxes and deadlock check run in microtasks). */
  private async kernelSettles(): Promise<void> {
    for (let i = 0; i < 4; i++) await Promise.resolve();
  }

  // ---- the end ------------------------------------------------------------------------------------------------

  private fail(code: number, arg: number): void {
    this.ctl[H.ERROR] = code;
    this.ctl[H.ERROR_ARG] = arg;
    Atomics.store(this.ctl, H.ABORT, 1);
    this.stopForStrategy();
  }

  private stopForStrategy(): void {
    if (this.stopped || this.ended) return;
    const code = this.ctl[H.ERROR]!;
    if (code !== ERR_NONE) this.stopped = { why: 'strategy', code, arg: this.ctl[H.ERROR_ARG]! };
    void Promise.resolve().then(() => this.kernel.stop());
  }

  private stuck(): void {
    const live = this.kernel.snapshot().filter((p) => !['zombie', 'reaped'].includes(p.state));
    const who = live.map((p) => `${p.name} (${p.blockedOn ? `waits in ${p.blockedOn.label}` : p.state})`).join(', ');
    const report =
      `mpplay: the controlled run cannot go on: no process can take a step and nothing is timed, yet ${who} ` +
      'did not end. A process awaits something that is not a call to mpplay (a promise nobody resolves); in a ' +
      'free run it would wait forever.';
    this.stopped = { why: 'stuck', report };
    this.kernel.stop();
  }

  private finished(r: RunResult, onEnd: KernelOptions['onEnd'], onEvent: KernelOptions['onEvent']): void {
    this.ended = true;
    const ctl = this.ctl;
    Atomics.store(ctl, H.ABORT, 1);
    // Nobody waits any more: processes still at a shared-memory access are being ended.
    for (let s = 0; s < MAX_SLOTS; s++) {
      Atomics.add(ctl, slotCell(s, S.GO), 1);
      if (this.shared) Atomics.notify(ctl, slotCell(s, S.GO));
    }
    if (this.shared) Atomics.notify(ctl, H.SETTLE);
    let result = r;
    if (this.stopped?.why === 'stuck') {
      onEvent?.({ kind: 'output', at: r.at, pid: 0, ppid: 0, stream: 'stderr', text: `${this.stopped.report}\n` });
      result = { ...r, exitCode: 124, reason: 'deadlock' };
    } else if (this.stopped?.why === 'strategy') result = { ...r, reason: 'error' };
    onEnd?.(result);
  }
}
