// What a controlled run's end tells the page besides its result: the choices it took (a schedule the page can share
// and replay) and its decisions with a choice, each marked with its program time and whether it mattered.
import type { Controller } from '../../kernel/sched/controller';
import { choicesOf, readLog } from '../../protocol/sched/decide';
import { H } from '../../protocol/sched/layout';
import { decisionMarks, type ControlledEnd } from './exploreProtocol';

/** The program time of each decision of a run, learnt from its trace events as they come. */
export class DecisionTimes {
  private readonly times: number[] = [];

  /** An event at program ms `at` came when `ctl` had taken its decisions so far: those before it were by `at`. */
  note(ctl: Int32Array, at: number): void {
    const steps = Atomics.load(ctl, H.STEPS);
    while (this.times.length < steps) this.times.push(at);
  }

  at(step: number, end: number): number {
    return this.times[step] ?? end;
  }
}

/** The end message's part of a controlled run that has just ended. */
export function controlledEnd(
  c: Controller,
  o: { seed: number; shared: boolean; times: DecisionTimes; end: number },
): ControlledEnd {
  const log = readLog(c.ctl);
  const labels = c.stepLabels();
  const { marks, cut } = decisionMarks(log, {
    pid: (slot, step) => c.pidAt(slot, step) ?? 0,
    label: (step) => labels[step] ?? '?',
    at: (step) => o.times.at(step, o.end),
  });
  return {
    choices: choicesOf(log),
    seed: o.seed,
    shared: o.shared,
    marks,
    marksCut: cut,
  };
}
