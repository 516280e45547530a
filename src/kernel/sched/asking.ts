// The learner as the scheduler: when the script is used up (AFTER_ASK), the controlled run stops at the next
// decision with a choice and asks who goes next, naming what each runnable process is about to do. "Next point
// where a choice matters": decisions whose options are all independent of each other are taken on their own.
import type { Pid, ProcToKernel } from '../../protocol/messages';
import { appendChoice, nextDesc, plainChoice, runnable, stepKnown } from '../../protocol/sched/decide';
import { H, S, slotCell } from '../../protocol/sched/layout';
import { dependent, isPointUnit } from '../../protocol/sched/ops';
import type { Labeler } from './labels';

/** One process the learner may choose: its slot, who it is, and what its next step does. */
export interface Choice {
  slot: number;
  pid: Pid;
  name: string;
  label: string;
  /** The step's descriptor (see protocol/sched/ops.ts). */
  desc: [number, number];
}

/** What the controller tells asking() about the processes. */
export interface AskContext {
  ctl: Int32Array;
  labels: Labeler;
  /** The messages a process sent that the kernel has not been given yet. */
  buffered(slot: number): readonly ProcToKernel[] | null;
}

/**
 * The choices at this decision, or null while some runnable process has not reached its next step yet (it is
 * computing: its message will come, and the controller asks again then).
 */
export function choices(k: AskContext): Choice[] | null {
  const { ctl } = k;
  const out: Choice[] = [];
  for (let s = 0; s < Atomics.load(ctl, H.NSLOTS); s++) {
    if (!runnable(ctl, s)) continue;
    if (!stepKnown(ctl, s)) return null;
    const pid = Atomics.load(ctl, slotCell(s, S.PID));
    const desc = nextDesc(ctl, s);
    const o = slotCell(s, 0);
    let label: string;
    if (Atomics.load(ctl, o + S.SENT) > Atomics.load(ctl, o + S.APPLIED)) {
      const unit = k.buffered(s)?.find(isPointUnit);
      if (!unit) return null; // sent, still on its way
      label = k.labels.unit(unit);
    } else label = k.labels.sharedAccess(desc[0], desc[1]);
    out.push({ slot: s, pid, name: k.labels.nameOf(pid), label, desc });
  }
  return out;
}

/** Whether the order of these steps can matter: some two of them are dependent. */
export function choiceMatters(options: readonly Choice[]): boolean {
  for (let i = 0; i < options.length; i++) {
    for (let j = i + 1; j < options.length; j++) {
      const [a, b] = [options[i]!.desc, options[j]!.desc];
      if (dependent(a[0], a[1], b[0], b[1])) return true;
    }
  }
  return false;
}

/** The choice made when it does not matter: the plain one (see plainChoice). */
export function defaultChoice(ctl: Int32Array, options: readonly Choice[]): number {
  return plainChoice(
    options.map((o) => o.slot),
    ctl[H.LAST]!,
  );
}

export { appendChoice };
