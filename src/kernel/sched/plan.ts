// How one controlled run is to be scheduled (a replay, a DFS prefix, random, PCT) and the control block it starts from.
import { loadSleep, nextRandom, seedRandom } from '../../protocol/sched/decide';
import { MAX_EXPLORE_DEPTH } from '../../protocol/sched/explore';
import {
  AFTER_ASK,
  AFTER_CONTINUE,
  AFTER_DFS,
  H,
  STRAT_PCT,
  STRAT_RANDOM,
  STRAT_SCRIPT,
  areas,
  makeControl,
  resetControl,
} from '../../protocol/sched/layout';

/** One run's scheduling. */
export type RunPlan =
  /**
   * Follow `script` (the chosen slot at each decision with two or more options), then `after`: `continue` keeps
   * running the process that ran last while it can (a replay, or a plain controlled run with an empty script);
   * `dfs` takes the lowest runnable slot not in `sleep` (an exhaustive search's next path); `ask`: the learner is
   * the scheduler (see ControlledOptions.onAsk).
   */
  | {
      kind: 'script';
      script: readonly number[];
      after?: 'continue' | 'dfs' | 'ask';
      sleep?: readonly (readonly [number, number, number])[];
    }
  /** Uniformly random among the runnable processes; `stream` tells runs of one search apart. */
  | { kind: 'random'; seed: number; stream: number }
  /**
   * PCT (Burckhardt et al., ASPLOS 2010) with bug depth `depth`: random priorities, the highest runnable runs, and
   * at `depth - 1` random steps among the first `steps` the process that ran last drops below all others.
   */
  | { kind: 'pct'; seed: number; stream: number; depth: number; steps: number };

/** Decisions a run may take before it is stopped with a clear error (the log's size). */
export const DEFAULT_LOG_CAP = 200_000;

/** A control block big enough for any run and any script: what a host keeps and reuses across runs. */
export function reusableControl(): Int32Array {
  return makeControl({ logCap: DEFAULT_LOG_CAP, scriptCap: DEFAULT_LOG_CAP, shared: true });
}

/**
 * A control block set up for `plan`: `reuse` (made fresh) when it is big enough, else a new one. `reuse` is how a
 * host that runs many runs keeps one shared block, which its workers receive once and then recognise.
 */
export function controlFor(plan: RunPlan, opts: { shared: boolean; logCap?: number; reuse?: Int32Array }): Int32Array {
  const script = plan.kind === 'script' ? plan.script : [];
  const logCap = opts.logCap ?? DEFAULT_LOG_CAP;
  // A learner's answers extend the script: room for as many as the log holds.
  const scriptRoom = plan.kind === 'script' && plan.after === 'ask' ? logCap : script.length;
  const r = opts.reuse;
  let ctl: Int32Array;
  if (r && r[H.LOG_ROOM]! >= logCap && r[H.SCRIPT_CAP]! >= scriptRoom) {
    resetControl(r);
    r[H.LOG_CAP] = logCap;
    ctl = r;
  } else ctl = makeControl({ logCap, scriptCap: scriptRoom, shared: opts.shared });
  switch (plan.kind) {
    case 'script': {
      ctl[H.STRATEGY] = STRAT_SCRIPT;
      ctl[H.AFTER] = plan.after === 'dfs' ? AFTER_DFS : plan.after === 'ask' ? AFTER_ASK : AFTER_CONTINUE;
      const at = areas(ctl).script;
      script.forEach((s, i) => (ctl[at + i] = s));
      ctl[H.SCRIPT_LEN] = script.length;
      if (plan.sleep) loadSleep(ctl, plan.sleep);
      break;
    }
    case 'random':
      ctl[H.STRATEGY] = STRAT_RANDOM;
      seedRandom(ctl, plan.seed, plan.stream);
      break;
    case 'pct': {
      ctl[H.STRATEGY] = STRAT_PCT;
      seedRandom(ctl, plan.seed, plan.stream);
      const depth = Math.max(1, Math.min(MAX_EXPLORE_DEPTH, Math.floor(plan.depth)));
      ctl[H.PCT_DEPTH] = depth;
      const steps = Math.max(1, Math.floor(plan.steps));
      // The paper's k_1 … k_{d-1}: steps in [1, steps], uniformly.
      for (let i = 0; i < depth - 1; i++) ctl[H.PCT_CHANGES + i] = 1 + (nextRandom(ctl) % steps);
      break;
    }
  }
  return ctl;
}
