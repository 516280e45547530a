// The controller of a controlled run: it stands between the kernel and the processes' endpoints, holds back each
// process's kernel calls until the schedule says that process takes its step, and applies them one at a time.
// Processes still run in their own workers and run ahead through calls that return at once; what they can see of
// each other comes only through the kernel (in schedule order) or through shared memory (where they wait for
// their turn). See docs/CONTROLLED-RUNS.md.
import type { KernelToProc, Pid, PortLike, ProcToKernel } from '../../protocol/messages';
import { ASK, NOBODY, STOP, commit, decide, readLog } from '../../protocol/sched/decide';
import {
  AFTER_CONTINUE,
  ERR_NONE,
  ERR_TOO_MANY,
  H,
  MAX_SLOTS,
  PHYS_AT_SM,
  S,
  TOKEN_APPLY,
  TOKEN_CTL,
  applyFor,
  grantTo,
  slotCell,
} from '../../protocol/sched/layout';
import { isPointUnit, isSchedMessage } from '../../protocol/sched/ops';
import type { RunResult } from '../../protocol/trace';
import type { KernelOptions, ProcessHost } from '../host';
import { Kernel } from '../kernel';
import { appendChoice, type Choice, choiceMatters, choices, defaultChoice } from './asking';
import { type ControlStop, finalResult, releaseAll, stuckReport } from './ending';
import { type ControlledOptions, type Slot, noteArrival, outgoing } from './wire';
import { Labeler } from './labels';
import { controlFor } from './plan';
import { type Occupant, Slots } from './slots';
import { VirtualClock } from './virtualClock';

export type { ControlStop, ControlledOptions };

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
  /** Names for what steps do. */
  readonly labels = new Labeler();
  /** The label of each step the controller took (its kernel calls), by decision number. */
  private readonly taken = new Map<number, string>();
  private readonly onAsk: ((options: Choice[]) => void) | null;
  /** Answering on its own until a decision whose choice matters ("next point where a choice matters"). */
  private auto = false;
  /** The choices the learner was last asked (null: not waiting for an answer). */
  private asked: Choice[] | null = null;

  constructor(opts: ControlledOptions) {
    const { plan, shared, logCap, control, host, onEvent, onEnd, onAsk, ...kernelOpts } = opts;
    this.onAsk = onAsk ?? null;
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
      ppidCells: false, // a parent's death reaches its child as a message, in schedule order
      maxProcesses: Math.min(opts.maxProcesses ?? MAX_SLOTS, MAX_SLOTS),
      onEvent: (ev) => {
        this.labels.note(ev);
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

  /**
   * The learner's answer: a slot among the choices asked, 'next' (this decision as a plain run takes it, then on
   * alone until a choice matters) or 'end' (this decision and every later one as a plain run takes them: the run
   * asks no more). Returns false for an answer that is not one of the choices (nothing happens).
   */
  choose(answer: number | 'next' | 'end'): boolean {
    const asked = this.asked;
    if (!asked || this.ended) return false;
    const slot = typeof answer === 'number' ? answer : defaultChoice(this.ctl, asked);
    if (!asked.some((o) => o.slot === slot) || !appendChoice(this.ctl, slot)) return false;
    if (answer === 'end') this.ctl[H.AFTER] = AFTER_CONTINUE; // decide() then takes defaultChoice's rule itself
    this.auto = answer === 'next';
    this.asked = null;
    this.pump();
    return true;
  }

  /** What each step taken so far did, in order (the schedule strip's labels). */
  stepLabels(): string[] {
    return readLog(this.ctl).map((d, i) => this.taken.get(i) ?? this.labels.fromDesc(d.desc[0], d.desc[1]));
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
      if (msg.t === 'boot' && st.booted) continue; // the kernel heard it at the process's first step (bootAt)
      st.buffer.push(msg);
      if (!isPointUnit(msg)) continue;
      if (!this.shared) noteArrival(ctl, slot, msg, st.received, { pid: st.pid, ppid: this.parents.get(st.pid) ?? 0 });
      st.received++;
    }
    this.pump();
  }

  /** Messages to a process: each batch counts as a wake; program time is stated, not a wall-clock mapping. */
  private toProcess(slot: number, st: Slot, batch: KernelToProc[], transfer?: PortLike[]): void {
    const now = this.kernel.now();
    const gen = slot >= 0 ? Atomics.load(this.ctl, slotCell(slot, S.GEN)) : 0;
    const sab = this.shared ? (this.ctl.buffer as SharedArrayBuffer) : null;
    const o = outgoing(batch, now, st.told, { sab, slot, gen, seed: this.seed });
    if (!o.out.length) return;
    st.told = now;
    if (slot >= 0 && this.slots[slot] === st) {
      if (o.wakes) Atomics.add(this.ctl, slotCell(slot, S.WAKES), 1);
      // What resumes its code (its start, an error raised in it, the answer to its last call outstanding): it
      // will take a next step whatever the others do, so it counts as runnable from now on (READY).
      st.calls -= o.replies;
      if (o.starts || (o.replies > 0 && st.calls === 0)) Atomics.store(this.ctl, slotCell(slot, S.READY), 1);
    }
    st.inner.post(o.out, transfer);
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
        if (c === ASK) {
          if (this.ask()) continue;
          break;
        }
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
    this.taken.set(this.ctl[H.STEPS]! - 1, this.labels.unit(st.buffer[i]!));
    const msgs = st.buffer.splice(0, i + 1);
    const o = slotCell(slot, 0);
    Atomics.add(this.ctl, o + S.APPLIED, 1);
    const unit = msgs[i]!;
    if (!st.booted && msgs.some((m) => m.t === 'boot')) st.booted = true;
    if (unit.t === 'exit') Atomics.store(this.ctl, o + S.DEAD, 1);
    if (unit.t === 'call') st.calls++;
    st.handler?.(msgs);
    return true;
  }

  /**
   * Asks the learner who goes next (or answers alone in `auto` when the choice does not matter). True when an
   * answer was appended and the loop can decide at once; false to wait (for a process to reach its step, or for
   * the learner).
   */
  private ask(): boolean {
    const options = choices({
      ctl: this.ctl,
      labels: this.labels,
      buffered: (slot) => this.slots[slot]?.buffer ?? null,
    });
    if (!options) return false;
    if (this.auto && !choiceMatters(options)) return appendChoice(this.ctl, defaultChoice(this.ctl, options));
    this.auto = false;
    this.asked = options;
    this.onAsk?.(options);
    return false;
  }

  private atShared(slot: number): boolean {
    return this.shared && Atomics.load(this.ctl, slotCell(slot, S.PHYS)) === PHYS_AT_SM;
  }

  /**
   * A process whose first step is a shared-memory access (it runs user code before any kernel call) starts at that
   * step: the kernel hears its `boot` now, whether the message has arrived yet or not (it is dropped when it does),
   * so the trace says it started at the same step in every run, and the process table no longer shows it created.
   */
  private bootAt(slot: number): void {
    const st = this.slots[slot];
    if (!st || st.booted) return;
    st.booted = true;
    const i = st.buffer.findIndex((m) => m.t === 'boot');
    if (i >= 0) st.buffer.splice(i, 1);
    st.handler?.([{ t: 'boot' }]);
  }

  /** `slot`, waiting at a shared-memory access, takes that step and holds the token. */
  private grant(slot: number): void {
    const ctl = this.ctl;
    const o = slotCell(slot, 0);
    commit(ctl, slot);
    this.bootAt(slot);
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
    this.stopped = { why: 'stuck', report: stuckReport(this.kernel.snapshot()) };
    this.kernel.stop();
  }

  private finished(r: RunResult, onEnd: KernelOptions['onEnd'], onEvent: KernelOptions['onEvent']): void {
    this.ended = true;
    releaseAll(this.ctl, this.shared);
    if (this.stopped?.why === 'stuck') {
      onEvent?.({ kind: 'output', at: r.at, pid: 0, ppid: 0, stream: 'stderr', text: `${this.stopped.report}\n` });
    }
    onEnd?.(finalResult(r, this.stopped));
  }
}
