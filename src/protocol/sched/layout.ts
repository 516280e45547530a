// The control block of a controlled run: one Int32Array that the kernel's controller and every process share
// (a SharedArrayBuffer where there is one), holding who may act, each process's scheduling state, the strategy's
// state and the log of decisions. Pure layout and accessors; see docs/CONTROLLED-RUNS.md for the protocol.

/** Bumped when the layout changes (a process refuses a control block of another layout). */
export const LAYOUT_VERSION = 1;

/** The most processes a controlled run holds at once (a decision's runnable set is two 32-bit masks). */
export const MAX_SLOTS = 64;

// ---- header cells ------------------------------------------------------------------------------------

export const H = {
  LAYOUT: 0,
  /** Who acts next: see `token`. */
  TOKEN: 1,
  /** Bumped (and notified) whenever a process settles; deciders inside processes wait on it. */
  SETTLE: 2,
  SETTLE_WAITERS: 3,
  /** Decisions made so far (= steps taken, = entries in the log). */
  STEPS: 4,
  /** Slots ever handed out (the highest slot + 1). */
  NSLOTS: 5,
  /** Non-zero once the run is being ended: nobody decides or waits any more. */
  ABORT: 6,
  /** Why the strategy could not go on (ERR_*), with `ERROR_ARG`. */
  ERROR: 7,
  ERROR_ARG: 8,
  /** The slot that took the last step, or -1. */
  LAST: 9,
  /** Decisions that had two or more runnable processes to choose from. */
  CHOICES: 10,
  LOG_CAP: 11,
  SCRIPT_CAP: 12,
  STRATEGY: 13,
  /** What the strategy does once its script is used up (AFTER_*). */
  AFTER: 14,
  SCRIPT_LEN: 15,
  /** The next script entry to use. */
  SCRIPT_AT: 16,
  /** Four cells of xoshiro128** state. */
  RNG: 17,
  PCT_DEPTH: 21,
  /** PCT: the steps (1-based decision numbers) at which the running process's priority drops. */
  PCT_CHANGES: 22,
  /** Entries in the sleep set (DFS with sleep sets). */
  SLEEP_LEN: 38,
  /** Non-zero: a process arriving at a shared-memory point while the controller decides tells it by message. */
  ANNOUNCE: 39,
  /** The entries the log area has room for (LOG_CAP, the run's limit, may be lower). */
  LOG_ROOM: 42,
  /** Stays 0: a process of a run that is being ended waits on it until its worker is ended. */
  PARK: 40,
  /**
   * DFS: the decision (1-based) at which every runnable process was asleep, or 0. The path from there repeats one
   * already explored; the run goes on to its end (so its processes exit and their workers are reused), uncounted.
   */
  BLOCKED_AT: 41,
  /**
   * The last decision chose a process whose next step was not known yet (READY, still on its way): 1 + its slot.
   * Whoever takes that step first completes the decision's log entry (and, in DFS, the sleep set): see commit().
   */
  UNCOMMITTED: 43,
  /** With UNCOMMITTED: whether the sleep set is to be filtered with the step once it is known. */
  UNCOMMITTED_FILTER: 44,
} as const;

/** Most PCT change points (bug depth - 1). */
export const MAX_PCT_CHANGES = 16;
const HEADER_WORDS = 64;

// ---- per-slot cells ------------------------------------------------------------------------------------

export const S = {
  /** What the process is doing physically: PHYS_*. Written by the process (the controller resets it). */
  PHYS: 0,
  /** Futex the process waits on at a shared-memory point until it is granted its step. */
  GO: 1,
  /** Point units (kernel calls) the process has sent, bumped before each is posted. */
  SENT: 2,
  /** Point units the controller has applied. */
  APPLIED: 3,
  /** Batches the controller has posted to the process (each may wake code). */
  WAKES: 4,
  /** Batches the process has handled. */
  SEEN: 5,
  /** SEEN when the process last came to rest (nothing more to do until a new batch). */
  RESTED: 6,
  /** Non-zero once the process has exited or was killed (written by the controller only). */
  DEAD: 7,
  /** The shared-memory operation the process waits at: two descriptor words. */
  SM_A: 8,
  SM_B: 9,
  /** PCT priority (higher runs first). */
  PRIO: 10,
  PID: 11,
  /**
   * Bumped each time the slot is handed to a new process: a process whose generation is not the slot's any more
   * (killed, its thread not yet stopped) must not touch the slot.
   */
  GEN: 12,
  /**
   * Set by the controller when it gave the process what resumes its code (its init, the answer to its call): it
   * will take a next step whatever happens, so it counts as runnable before it gets there. Cleared when a step
   * of it is taken.
   */
  READY: 13,
  /** Descriptors of the last UNIT_RING point units sent, two words each, by SENT modulo UNIT_RING. */
  RING: 16,
} as const;

export const SLOT_WORDS = 32;
export const UNIT_RING = 8;

export const PHYS_NONE = 0;
export const PHYS_RUNNING = 1;
export const PHYS_AT_SM = 2;
export const PHYS_REST = 3;

// ---- the token ------------------------------------------------------------------------------------------
// token >= 0: `2 * slot` means that process decides at its next point (it just took a shared-memory step);
//             `2 * slot + 1` means that process's next step (a shared-memory one) was chosen: it takes it.
// token == TOKEN_CTL: the controller decides; token == TOKEN_APPLY - slot: the controller applies that slot's
// next kernel call, then decides.

export const TOKEN_CTL = -1;
export const TOKEN_APPLY = -2;
export const decideBy = (slot: number): number => 2 * slot;
export const grantTo = (slot: number): number => 2 * slot + 1;
export const applyFor = (slot: number): number => TOKEN_APPLY - slot;

// ---- strategies ----------------------------------------------------------------------------------------

/** Follow the script (a replay, or a DFS prefix); then AFTER. */
export const STRAT_SCRIPT = 0;
export const STRAT_RANDOM = 1;
export const STRAT_PCT = 2;

/** After the script: keep running the process that ran last while it can, else the lowest runnable slot. */
export const AFTER_CONTINUE = 0;
/** After the script: the lowest runnable slot not in the sleep set; none left ends the run (sleep-set blocked). */
export const AFTER_DFS = 1;
/** After the script: ask (the learner is the scheduler): decide() returns ASK, and the answer extends the script. */
export const AFTER_ASK = 2;

export const ERR_NONE = 0;
/** The script chose a process that could not run at that point (ERROR_ARG: the decision's number). */
export const ERR_DIVERGED = 1;
/** More decisions than the log holds. */
export const ERR_LOG_FULL = 3;
/** More live processes than MAX_SLOTS. */
export const ERR_TOO_MANY = 4;

// ---- the log ---------------------------------------------------------------------------------------------
// One entry per decision: the chosen slot, the runnable set, the step's descriptor and the number of options.

export const L = { SLOT: 0, MASK_LO: 1, MASK_HI: 2, DESC_A: 3, DESC_B: 4, OPTIONS: 5 } as const;
export const LOG_WORDS = 6;
const SLEEP_WORDS = 3;

/** Where each area starts, from the capacities held in the header. */
export function areas(ctl: Int32Array): { slots: number; sleep: number; script: number; log: number } {
  const slots = HEADER_WORDS;
  const sleep = slots + MAX_SLOTS * SLOT_WORDS;
  const script = sleep + MAX_SLOTS * SLEEP_WORDS;
  const log = script + ctl[H.SCRIPT_CAP]!;
  return { slots, sleep, script, log };
}

/** Words a control block needs for `logCap` decisions and a script of `scriptCap`. */
export function controlWords(logCap: number, scriptCap: number): number {
  return HEADER_WORDS + MAX_SLOTS * SLOT_WORDS + MAX_SLOTS * SLEEP_WORDS + scriptCap + logCap * LOG_WORDS;
}

/** Index of cell `cell` of slot `slot`. */
export const slotCell = (slot: number, cell: number): number => HEADER_WORDS + slot * SLOT_WORDS + cell;

/** A fresh control block: a SharedArrayBuffer where `shared`, else a plain one (only the controller uses it). */
export function makeControl(opts: { logCap: number; scriptCap: number; shared: boolean }): Int32Array {
  const bytes = controlWords(opts.logCap, opts.scriptCap) * 4;
  const buf = opts.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const ctl = new Int32Array(buf);
  ctl[H.LAYOUT] = LAYOUT_VERSION;
  ctl[H.TOKEN] = TOKEN_CTL;
  ctl[H.LAST] = -1;
  ctl[H.LOG_CAP] = opts.logCap;
  ctl[H.LOG_ROOM] = opts.logCap;
  ctl[H.SCRIPT_CAP] = opts.scriptCap;
  return ctl;
}

/**
 * Makes a used control block fresh for another run (cheaper than a new SharedArrayBuffer, which is costly to post to
 * workers the first time). Each slot keeps its generation and futex counter, so that a process of an earlier run
 * whose thread has not stopped yet can never take a step in this one.
 */
export function resetControl(ctl: Int32Array): void {
  const { slots, sleep, script, log } = areas(ctl);
  const usedScript = ctl[H.SCRIPT_LEN]!;
  const usedLog = ctl[H.STEPS]! * LOG_WORDS;
  const [layout, logRoom, scriptCap] = [ctl[H.LAYOUT]!, ctl[H.LOG_ROOM]!, ctl[H.SCRIPT_CAP]!];
  ctl.fill(0, 0, slots);
  for (let s = 0; s < MAX_SLOTS; s++) {
    const o = slots + s * SLOT_WORDS;
    const [gen, go] = [ctl[o + S.GEN]!, ctl[o + S.GO]!];
    ctl.fill(0, o, o + SLOT_WORDS);
    ctl[o + S.GEN] = gen;
    ctl[o + S.GO] = go;
  }
  ctl.fill(0, sleep, script);
  ctl.fill(0, script, script + usedScript);
  ctl.fill(0, log, log + usedLog);
  ctl[H.LAYOUT] = layout;
  ctl[H.LOG_ROOM] = logRoom;
  ctl[H.LOG_CAP] = logRoom;
  ctl[H.SCRIPT_CAP] = scriptCap;
  ctl[H.TOKEN] = TOKEN_CTL;
  ctl[H.LAST] = -1;
}

/** What a process learns of its controlled run, in its init message (`ProcessInit.sched`). */
export interface SchedInit {
  /** The control block, or null where there is no shared memory (then only the controller decides). */
  sab: SharedArrayBuffer | null;
  slot: number;
  /** The slot's generation when this process was given it (see S.GEN). */
  gen: number;
  /** Seeds the process's `Math.random` and `crypto.getRandomValues` (with its name). */
  seed: number;
}
