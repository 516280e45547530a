// Exhaustive search of a program's schedules: a stateless depth-first search over the decisions that had a choice,
// one run per path, with sleep sets (Godefroid) so that two runs that differ only in the order of independent
// steps are not both explored. Each complete run is a distinct schedule up to that reordering.
import type { LoggedDecision } from '../../protocol/sched/decide';
import { dependent } from '../../protocol/sched/ops';
import type { RunPlan } from './plan';

type Desc = readonly [number, number];

/** A decision with two or more runnable processes on the current path. */
interface Node {
  /** Its index in the run's log. */
  step: number;
  options: number[];
  chosen: number;
  /** The choices explored here so far, with the step each took (for the sleep sets of their siblings). */
  done: Map<number, Desc>;
  /** The sleep set on arriving here: processes whose next step need not be tried first here. */
  sleep: Map<number, Desc>;
}

/** Keeps only the sleepers whose step is independent of `desc` (and drops the one that took it). */
function filter(z: Map<number, Desc>, chosen: number, desc: Desc): Map<number, Desc> {
  const out = new Map<number, Desc>();
  for (const [u, d] of z) if (u !== chosen && !dependent(d[0], d[1], desc[0], desc[1])) out.set(u, d);
  return out;
}

export class DfsSearch {
  private path: Node[] = [];
  private started = false;
  /** Every path has been explored. */
  exhausted = false;
  /** Runs that ended normally: distinct schedules. */
  complete = 0;
  /** Runs stopped because every runnable process was asleep: they repeated an explored schedule. */
  blocked = 0;

  /** The next run's plan, or null when the search is over. */
  next(): RunPlan | null {
    if (!this.started) {
      this.started = true;
      return { kind: 'script', script: [], after: 'dfs', sleep: [] };
    }
    while (this.path.length) {
      const b = this.path.length - 1;
      const node = this.path[b]!;
      const u = node.options.find((s) => !node.done.has(s) && !node.sleep.has(s));
      if (u === undefined) {
        this.path.pop();
        continue;
      }
      node.chosen = u;
      const leaving = new Map(node.sleep);
      for (const [s, d] of node.done) leaving.set(s, d);
      return {
        kind: 'script',
        script: this.path.map((n) => n.chosen),
        after: 'dfs',
        sleep: [...leaving].map(([s, d]) => [s, d[0], d[1]] as const),
      };
    }
    this.exhausted = true;
    return null;
  }

  /**
   * What the run of the last plan did (its whole log), and whether it was sleep-set blocked. Throws if the run
   * did not follow its script: the program is not deterministic under control, and the search would be wrong.
   */
  record(log: readonly LoggedDecision[], blocked: boolean): void {
    if (blocked) this.blocked++;
    else this.complete++;
    let z = new Map<number, Desc>();
    let b = 0;
    for (let i = 0; i < log.length; i++) {
      const d = log[i]!;
      if (d.options.length > 1) {
        let node = this.path[b];
        if (node) {
          if (node.step !== i || node.chosen !== d.slot || node.options.join() !== d.options.join()) {
            throw new Error(
              `mpplay: a replayed path went another way at decision ${i} (expected process slot ${node.chosen} of ` +
                `[${node.options.join(', ')}], the run had ${d.slot} of [${d.options.join(', ')}]): the run is not deterministic`,
            );
          }
        } else {
          node = { step: i, options: d.options, chosen: d.slot, done: new Map(), sleep: new Map(z) };
          this.path.push(node);
        }
        node.done.set(d.slot, d.desc);
        const leaving = new Map(z);
        for (const [s, desc] of node.done) if (s !== d.slot) leaving.set(s, desc);
        z = filter(leaving, d.slot, d.desc);
        b++;
      } else z = filter(z, d.slot, d.desc);
    }
    // A blocked run ends where the next decision found everyone asleep: that point needs no node.
    if (b < this.path.length) this.path.length = b;
  }
}
