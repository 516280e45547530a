// "Step through (you are the scheduler)": the page's side of a controlled run that asks at each decision (issue 16).
// It starts the run, keeps the points asked so far (undo replays the one before in a fresh kernel worker, so the
// chart, the terminal and the process table show that point again), and passes the learner's answers on.
import { createStore } from 'zustand/vanilla';
import type { AskMessage } from '../hosts/browser/asking';
import { bridge, type Steer } from './runBridge';
import { observeRuns, runAt, stop } from './runController';

/** One point of the run where the learner chooses. */
export interface StepPoint {
  step: number;
  /** Program time (ms). */
  at: number;
  options: { slot: number; pid: number; name: string; label: string }[];
  matters: boolean;
}

export interface SteppingState {
  /** The panel is shown (a stepped run is on, or its end is on show). */
  open: boolean;
  /** `asking`: a point waits for an answer; `running`: on the way to the next one; `ended`: the run is over. */
  phase: 'running' | 'asking' | 'ended';
  point: StepPoint | null;
  /** The script of each point asked in this session, in order; the last is the point shown while asking. */
  scripts: number[][];
  /** Whether Value/Array accesses are points (null until the first point says). */
  shared: boolean | null;
  /** How the run ended (phase `ended`). */
  end: { reason: 'exit' | 'stopped' | 'compile-error' | 'error'; exitCode: number | null } | null;
  /** Why the last answer was refused (the kernel's words), or that undo did not come back to the same point. */
  problem: { refused: string } | 'diverged' | null;
  /** Bumped at each new point and at the end (the panel moves the focus and the live region speaks then). */
  seq: number;
}

const CLOSED: SteppingState = {
  open: false,
  phase: 'running',
  point: null,
  scripts: [],
  shared: null,
  end: null,
  problem: null,
  seq: 0,
};

export const steppingStore = createStore<SteppingState>()(() => ({ ...CLOSED }));

/** After an undo: the points kept before the one the replay comes back to, and that point's script. */
let comingBack: { keep: number; script: number[] } | null = null;

function sameScript(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const steer: Steer = {
  onAsk(m: AskMessage) {
    const s = steppingStore.getState();
    if (!s.open || (s.phase === 'asking' && s.point?.step === m.step)) return;
    let scripts = s.scripts;
    let problem: SteppingState['problem'] = null;
    if (comingBack) {
      scripts = scripts.slice(0, comingBack.keep);
      if (!sameScript(comingBack.script, m.script)) problem = 'diverged';
      comingBack = null;
    }
    steppingStore.setState({
      phase: 'asking',
      point: {
        step: m.step,
        at: m.at,
        matters: m.matters,
        options: m.options, // made safe where the question entered the page (runController)
      },
      scripts: [...scripts, m.script],
      shared: m.shared,
      problem,
      seq: s.seq + 1,
    });
  },
  onRefused(message: string) {
    if (steppingStore.getState().open) steppingStore.setState({ problem: { refused: message } });
  },
  onDetached() {
    comingBack = null;
    steppingStore.setState({ ...CLOSED, seq: steppingStore.getState().seq + 1 });
  },
};

observeRuns({
  onEnd(end) {
    const s = steppingStore.getState();
    if (!s.open) return;
    comingBack = null;
    steppingStore.setState({ phase: 'ended', point: null, end, seq: s.seq + 1 });
  },
});

/** Starts stepping through the editor's program from its first decision. */
export function startStepping(): void {
  comingBack = null;
  steppingStore.setState({ ...CLOSED, open: true, seq: steppingStore.getState().seq + 1 });
  runAt('full', [], steer);
}

/** Answers the point shown: a slot among its options, `next` (on to the next choice that matters) or `end`. */
export function answer(a: number | 'next' | 'end'): void {
  const s = steppingStore.getState();
  if (!s.open || s.phase !== 'asking' || !s.point) return;
  if (typeof a === 'number' && !s.point.options.some((o) => o.slot === a)) return;
  steppingStore.setState({ phase: 'running', problem: null });
  bridge.choose(s.point.step, a);
}

/** Picks the `i`-th option shown (0-based), as the keys 1–9 do. */
export function answerNth(i: number): void {
  const o = steppingStore.getState().point?.options[i];
  if (o) answer(o.slot);
}

/** Whether undo has somewhere to go back to. */
export function canUndo(s: SteppingState): boolean {
  return s.open && (s.phase === 'asking' ? s.scripts.length > 1 : s.scripts.length > 0);
}

/**
 * Takes the last answer back: the run is replayed, in a fresh kernel worker, up to the point before (or, once it
 * has moved on or ended, up to the point last shown), and waits there again.
 */
export function undo(): void {
  const s = steppingStore.getState();
  if (!canUndo(s)) return;
  const keep = s.phase === 'asking' ? s.scripts.length - 2 : s.scripts.length - 1;
  const script = s.scripts[keep]!;
  comingBack = { keep, script };
  steppingStore.setState({ phase: 'running', point: null, end: null, problem: null });
  runAt('full', script, steer);
}

/** Leaves the mode: a run still waiting is stopped; what it showed stays on the page. */
export function leaveStepping(): void {
  const s = steppingStore.getState();
  if (!s.open) return;
  comingBack = null;
  steppingStore.setState({ ...CLOSED, seq: s.seq + 1 });
  if (s.phase !== 'ended') stop();
}
