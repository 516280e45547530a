// The one decision function of a controlled run: which runnable process takes the next step. Pure code over the
// control block, so the controller and any process holding the token decide alike (and a schedule made by one is
// replayed by the other). Strategies: a script (replay, or a DFS prefix then sleep sets), random, PCT.
import {
  AFTER_ASK,
  AFTER_CONTINUE,
  AFTER_DFS,
  ERR_DIVERGED,
  ERR_LOG_FULL,
  H,
  L,
  LOG_WORDS,
  MAX_PCT_CHANGES,
  PHYS_AT_SM,
  PHYS_REST,
  S,
  SLOT_WORDS,
  STRAT_PCT,
  STRAT_RANDOM,
  STRAT_SCRIPT,
  UNIT_RING,
  areas,
  slotCell,
} from './layout';
import { K, dependent, descA } from './ops';

/** decide(): nothing can run (every process waits, sleeps or has exited). */
export const NOBODY = -1;
/** decide(): the run is over or must end (the strategy failed: see H.ERROR). */
export const STOP = -2;
/** decide(): the script is used up and the run asks who goes next (AFTER_ASK): nothing was decided or logged. */
export const ASK = -3;

/** Whether `slot`'s next step is known: a kernel call it sent, or a shared-memory access it waits at. */
export function stepKnown(ctl: Int32Array, slot: number): boolean {
  const o = slotCell(slot, 0);
  if (Atomics.load(ctl, o + S.SENT) > Atomics.load(ctl, o + S.APPLIED)) return true;
  return Atomics.load(ctl, o + S.PHYS) === PHYS_AT_SM;
}

/**
 * Whether `slot` can take a step: its next step is known, or it is READY (its code was resumed, so it will get to
 * one whatever the others do).
 */
export function runnable(ctl: Int32Array, slot: number): boolean {
  const o = slotCell(slot, 0);
  if (Atomics.load(ctl, o + S.DEAD) !== 0) return false;
  return Atomics.load(ctl, o + S.READY) !== 0 || stepKnown(ctl, slot);
}

/**
 * Whether `slot` is where no decision can change: at a step (runnable), at rest with every batch handled, or
 * gone. A process still computing towards its next point is not settled, and nobody decides until it is.
 */
export function settled(ctl: Int32Array, slot: number): boolean {
  const o = slotCell(slot, 0);
  if (Atomics.load(ctl, o + S.DEAD) !== 0) return true;
  if (runnable(ctl, slot)) return true;
  return (
    Atomics.load(ctl, o + S.PHYS) === PHYS_REST && Atomics.load(ctl, o + S.RESTED) === Atomics.load(ctl, o + S.WAKES)
  );
}

/** Whether every process is settled (see `settled`). */
export function allSettled(ctl: Int32Array): boolean {
  const n = Atomics.load(ctl, H.NSLOTS);
  for (let s = 0; s < n; s++) if (!settled(ctl, s)) return false;
  return true;
}

/** The descriptor of `slot`'s next step, or an unknown one (which conflicts with everything). */
export function nextDesc(ctl: Int32Array, slot: number): [number, number] {
  const o = slotCell(slot, 0);
  const sent = Atomics.load(ctl, o + S.SENT);
  const applied = Atomics.load(ctl, o + S.APPLIED);
  if (sent > applied) {
    if (sent - applied > UNIT_RING) return [descA(K.UNKNOWN, 0), 0];
    const r = o + S.RING + 2 * (applied % UNIT_RING);
    return [ctl[r]!, ctl[r + 1]!];
  }
  return [ctl[o + S.SM_A]!, ctl[o + S.SM_B]!];
}

// ---- random numbers (xoshiro128**, state in the control block) ----------------------------------------------

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/** The next 32-bit random number of the run's generator. */
export function nextRandom(ctl: Int32Array): number {
  const r = H.RNG;
  const [s0, s1, s2, s3] = [ctl[r]!, ctl[r + 1]!, ctl[r + 2]!, ctl[r + 3]!];
  const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
  const t = s1 << 9;
  let n2 = s2 ^ s0;
  let n3 = s3 ^ s1;
  const n1 = s1 ^ n2;
  const n0 = s0 ^ n3;
  n2 ^= t;
  n3 = rotl(n3, 11);
  ctl[r] = n0;
  ctl[r + 1] = n1;
  ctl[r + 2] = n2;
  ctl[r + 3] = n3;
  return result;
}

/** Seeds the generator from two numbers (the strategy's seed and the run's number), never to all zeros. */
export function seedRandom(ctl: Int32Array, seed: number, stream: number): void {
  let x = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) | 0;
  for (let i = 0; i < 4; i++) {
    // splitmix32
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    ctl[H.RNG + i] = (z ^ (z >>> 16)) | 0 || 1;
  }
}

/** PCT: a new process's priority, above every changed one (which are 1 … depth-1), at random among the others. */
export function assignPriority(ctl: Int32Array, slot: number): void {
  if (ctl[H.STRATEGY] !== STRAT_PCT) return;
  ctl[slotCell(slot, S.PRIO)] = ctl[H.PCT_DEPTH]! + 1 + (nextRandom(ctl) >>> 8);
}

// ---- the decision ---------------------------------------------------------------------------------------------

/**
 * Chooses who takes the next step and logs the decision. Call only while holding the token, with every process
 * settled. Returns a slot, NOBODY, or STOP (H.ERROR says why: a replay that does not fit, a full log).
 */
export function decide(ctl: Int32Array): number {
  if (Atomics.load(ctl, H.ABORT) !== 0) return STOP;
  const n = Atomics.load(ctl, H.NSLOTS);
  let lo = 0;
  let hi = 0;
  let count = 0;
  let first = -1;
  for (let s = 0; s < n; s++) {
    if (!runnable(ctl, s)) continue;
    if (s < 32) lo |= 1 << s;
    else hi |= 1 << (s - 32);
    if (first < 0) first = s;
    count++;
  }
  if (count === 0) return NOBODY;
  const step = ctl[H.STEPS]!;
  if (step >= ctl[H.LOG_CAP]!) return fail(ctl, ERR_LOG_FULL, step);
  const has = (s: number) => s >= 0 && s < n && ((s < 32 ? lo >>> s : hi >>> (s - 32)) & 1) === 1;
  const strategy = ctl[H.STRATEGY];
  let c = first;
  let filter = false;
  if (strategy === STRAT_SCRIPT) {
    const at = ctl[H.SCRIPT_AT]!;
    const len = ctl[H.SCRIPT_LEN]!;
    const dfs = ctl[H.AFTER] === AFTER_DFS;
    if (count > 1 && at < len) {
      c = ctl[areas(ctl).script + at]!;
      ctl[H.SCRIPT_AT] = at + 1;
      if (!has(c)) return fail(ctl, ERR_DIVERGED, ctl[H.CHOICES]!);
      // The sleep set (loaded for the end of the script) applies from the script's last decision on.
      filter = dfs && at + 1 === len;
    } else if (count > 1 && ctl[H.AFTER] === AFTER_ASK) {
      return ASK;
    } else if (at >= len && dfs) {
      c = lowestAwake(ctl, n, has);
      filter = true;
      if (c < 0) {
        // Sleep-set blocked: this path repeats an explored one. Run on to the end, uncounted.
        ctl[H.BLOCKED_AT] = step + 1;
        ctl[H.AFTER] = AFTER_CONTINUE;
        const last = ctl[H.LAST]!;
        c = has(last) ? last : first;
        filter = false;
      }
    } else {
      const last = ctl[H.LAST]!;
      c = has(last) ? last : first;
    }
  } else if (count > 1 && strategy === STRAT_RANDOM) {
    c = nth(nextRandom(ctl) % count, n, has);
  } else if (strategy === STRAT_PCT) {
    c = pct(ctl, step, n, has);
  }
  if (count > 1) ctl[H.CHOICES] = ctl[H.CHOICES]! + 1;
  const e = areas(ctl).log + step * LOG_WORDS;
  ctl[e + L.SLOT] = c;
  ctl[e + L.MASK_LO] = lo;
  ctl[e + L.MASK_HI] = hi;
  ctl[e + L.OPTIONS] = count;
  ctl[H.LAST] = c;
  Atomics.store(ctl, H.STEPS, step + 1);
  ctl[H.UNCOMMITTED] = c + 1;
  ctl[H.UNCOMMITTED_FILTER] = filter ? 1 : 0;
  if (stepKnown(ctl, c)) commit(ctl, c);
  return c;
}

/**
 * `slot`'s step, chosen by the last decision, is about to be taken and is known now: its descriptor completes the
 * log entry, and (DFS) the sleep set keeps only the steps independent of it. Called by whoever takes the step
 * (decide() itself when the step was known already); does nothing if it is not pending.
 */
export function commit(ctl: Int32Array, slot: number): void {
  if (ctl[H.UNCOMMITTED] !== slot + 1) return;
  ctl[H.UNCOMMITTED] = 0;
  Atomics.store(ctl, slotCell(slot, S.READY), 0);
  const [a, b] = nextDesc(ctl, slot);
  const e = areas(ctl).log + (ctl[H.STEPS]! - 1) * LOG_WORDS;
  ctl[e + L.DESC_A] = a;
  ctl[e + L.DESC_B] = b;
  if (ctl[H.UNCOMMITTED_FILTER]) filterSleep(ctl, slot, a, b);
}

function fail(ctl: Int32Array, error: number, arg: number): number {
  ctl[H.ERROR] = error;
  ctl[H.ERROR_ARG] = arg;
  Atomics.store(ctl, H.ABORT, 1);
  return STOP;
}

function nth(k: number, n: number, has: (s: number) => boolean): number {
  for (let s = 0; s < n; s++) if (has(s) && k-- === 0) return s;
  return -1;
}

function pct(ctl: Int32Array, step: number, n: number, has: (s: number) => boolean): number {
  const depth = ctl[H.PCT_DEPTH]!;
  const last = ctl[H.LAST]!;
  for (let i = 0; i < Math.min(depth - 1, MAX_PCT_CHANGES); i++) {
    // Change point i+1 falls on this step: the process that ran last drops below every unchanged one.
    if (ctl[H.PCT_CHANGES + i] === step + 1 && last >= 0) ctl[slotCell(last, S.PRIO)] = i + 1;
  }
  let best = -1;
  let bestPrio = -Infinity;
  for (let s = 0; s < n; s++) {
    if (!has(s)) continue;
    const p = ctl[slotCell(s, S.PRIO)]!;
    if (p > bestPrio) {
      best = s;
      bestPrio = p;
    }
  }
  return best;
}

const SLEEP_WORDS = 3;

/** The lowest runnable slot not in the sleep set, or -1. */
function lowestAwake(ctl: Int32Array, n: number, has: (s: number) => boolean): number {
  const { sleep } = areas(ctl);
  const len = ctl[H.SLEEP_LEN]!;
  for (let s = 0; s < n; s++) {
    if (!has(s)) continue;
    let asleep = false;
    for (let i = 0; i < len && !asleep; i++) asleep = ctl[sleep + i * SLEEP_WORDS] === s;
    if (!asleep) return s;
  }
  return -1;
}

function filterSleep(ctl: Int32Array, c: number, a: number, b: number): void {
  const { sleep } = areas(ctl);
  const len = ctl[H.SLEEP_LEN]!;
  let kept = 0;
  for (let i = 0; i < len; i++) {
    const o = sleep + i * SLEEP_WORDS;
    const [s, sa, sb] = [ctl[o]!, ctl[o + 1]!, ctl[o + 2]!];
    if (s === c || dependent(sa, sb, a, b)) continue;
    const k = sleep + kept++ * SLEEP_WORDS;
    ctl[k] = s;
    ctl[k + 1] = sa;
    ctl[k + 2] = sb;
  }
  ctl[H.SLEEP_LEN] = kept;
}

/** Loads the sleep set a DFS run starts from once its script is used up: [slot, descA, descB] each. */
export function loadSleep(ctl: Int32Array, entries: readonly (readonly [number, number, number])[]): void {
  const { sleep } = areas(ctl);
  entries.forEach(([s, a, b], i) => {
    const o = sleep + i * SLEEP_WORDS;
    ctl[o] = s;
    ctl[o + 1] = a;
    ctl[o + 2] = b;
  });
  ctl[H.SLEEP_LEN] = entries.length;
}

/** One decision as the log holds it. */
export interface LoggedDecision {
  slot: number;
  /** Runnable slots at the decision, ascending. */
  options: number[];
  desc: [number, number];
}

/** The decisions logged so far, in order. */
export function readLog(ctl: Int32Array): LoggedDecision[] {
  const { log } = areas(ctl);
  const out: LoggedDecision[] = [];
  const steps = Atomics.load(ctl, H.STEPS);
  for (let i = 0; i < steps; i++) {
    const e = log + i * LOG_WORDS;
    const options: number[] = [];
    const lo = ctl[e + L.MASK_LO]!;
    const hi = ctl[e + L.MASK_HI]!;
    for (let s = 0; s < 32; s++) if ((lo >>> s) & 1) options.push(s);
    for (let s = 0; s < 32; s++) if ((hi >>> s) & 1) options.push(32 + s);
    out.push({ slot: ctl[e + L.SLOT]!, options, desc: [ctl[e + L.DESC_A]!, ctl[e + L.DESC_B]!] });
  }
  return out;
}

/** The choices a run's log took at the decisions that had one: its schedule, which replays it as a script. */
export function choicesOf(log: readonly { slot: number; options: readonly number[] }[]): number[] {
  return log.filter((d) => d.options.length > 1).map((d) => d.slot);
}

/**
 * The plain choice among `options` (runnable slots): the process that ran last goes on if it can, else the first.
 * It is what a decision takes when the choice does not matter, so a choice other than it is a switch that mattered.
 */
export function plainChoice(options: readonly number[], last: number): number {
  return options.includes(last) ? last : options[0]!;
}

/** SLOT_WORDS re-exported for the controller's slot resets. */
export { SLOT_WORDS };

/** Appends a choice to the script (the learner's answer to ASK); the next decide() takes it. */
export function appendChoice(ctl: Int32Array, slot: number): boolean {
  const len = ctl[H.SCRIPT_LEN]!;
  if (len >= ctl[H.SCRIPT_CAP]!) return false;
  ctl[areas(ctl).script + len] = slot;
  ctl[H.SCRIPT_LEN] = len + 1;
  return true;
}
