// Per-item trace events (put, take, taskDone) as they are stored in runs and travel to the page: the column
// layout of a packed stretch (every buffer transferable), and how its events are decoded, only when read.
// The kernel's store of them is ItemLog (packedTrace.ts).
import type { Pid } from './messages';
import type { TraceEvent } from './trace';
import { summarize } from './summary';

/** The events recorded in columns: one or more per item moved through a queue or pipe. */
export type ItemEvent = Extract<TraceEvent, { kind: 'put' | 'take' | 'taskDone' }>;

/** True for the kinds recorded in columns rather than as objects. */
export function isItemEvent(ev: { kind: string }): boolean {
  return ev.kind === 'put' || ev.kind === 'take' || ev.kind === 'taskDone';
}

/** A run's `kind` column. */
export const PUT = 0;
export const TAKE = 1;
export const TASK_DONE = 2;

/**
 * How `item` and `depth` change from one event of a run to the next, by kind: a put adds the next item
 * and deepens the queue, a take removes the next item, a taskDone lowers the unfinished count (kept in
 * `item`; its `depth` is 1 when it released joins, and such a taskDone is never extended).
 */
export const ITEM_STEP: readonly number[] = [1, 1, -1];
export const DEPTH_STEP: readonly number[] = [1, -1, 0];

/**
 * How a `put`'s summary is kept: most items are numbers or short strings, whose summary text is made
 * only when the event is read; anything else is summarised at once (the value is not retained).
 */
export const TAG = { text: 0, number: 1, string: 2, true: 3, false: 4, null: 5, undefined: 6 } as const;

/** Longest raw string kept for a lazy summary; longer ones are cut at once so the store never holds them. */
export const LAZY_STRING_MAX = 40;

/** The columns of runs: one row per run of events that follow each other by one step. */
export interface RunColumns {
  kind: Uint8Array;
  at: Float64Array;
  pid: Int32Array;
  ppid: Int32Array;
  obj: Int32Array;
  /** The first event's item id (put, take) or unfinished count (taskDone). */
  item: Int32Array;
  /** The first event's queue depth after it (put, take) or 1 if it released joins (taskDone). */
  depth: Int32Array;
  /** Index of the run's first event. */
  start: Int32Array;
  /** Events in the run. */
  count: Int32Array;
}

/** The columns kept per event: `val` is, by `tag`, a put's number or an index into `refs` (text, raw string, a taskDone's releases). */
export interface EventColumns {
  tag: Uint8Array;
  val: Float64Array;
}

/**
 * A stretch of item events as it crosses a `postMessage`: `m` runs of `n` events in all (every buffer may be
 * transferred), object names by index, and the few strings and lists (`refs`) that events point to through `val`.
 */
export interface PackedItems extends RunColumns, EventColumns {
  n: number;
  m: number;
  names: string[];
  refs: (string | Pid[])[];
}

export const RUN_KEYS = ['kind', 'at', 'pid', 'ppid', 'obj', 'item', 'depth', 'start', 'count'] as const;
export const EVENT_KEYS = ['tag', 'val'] as const;

/** Events as they reach the page: `others` (not item events) and, for each, how many of `items`' events come before it. */
export interface TraceBatch {
  others: readonly TraceEvent[];
  items: PackedItems | null;
  positions: readonly number[] | null;
}

/** The buffers of a packed stretch, for `postMessage(msg, transfer)`. */
export function transferables(p: PackedItems): ArrayBuffer[] {
  return [...RUN_KEYS, ...EVENT_KEYS].map((k) => p[k].buffer as ArrayBuffer);
}

/** Fresh columns for a packed stretch of `m` runs and `n` events, each its own buffer (each listed once in a transfer). */
export function allocPacked(m: number, n: number): RunColumns & EventColumns {
  return {
    kind: new Uint8Array(m),
    at: new Float64Array(m),
    pid: new Int32Array(m),
    ppid: new Int32Array(m),
    obj: new Int32Array(m),
    item: new Int32Array(m),
    depth: new Int32Array(m),
    start: new Int32Array(m),
    count: new Int32Array(m),
    tag: new Uint8Array(n),
    val: new Float64Array(n),
  };
}

/**
 * The run that holds event `i` of `m` runs (whose first events are `start(r)`): `hint` if it does, or the
 * next one (reading in order, the usual case), else found by binary search. `i` must be an event of the runs.
 */
export function findRun(start: (r: number) => number, m: number, i: number, hint: number): number {
  if (hint < m && start(hint) <= i) {
    if (hint + 1 >= m || i < start(hint + 1)) return hint;
    if (hint + 2 >= m || i < start(hint + 2)) return hint + 1;
  }
  let lo = 0;
  let hi = m - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (start(mid) <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Event `k` of run `j` of `runs`; its own columns are `ev` at `e`. */
export function decodeEvent(
  runs: RunColumns,
  j: number,
  k: number,
  ev: EventColumns | undefined,
  e: number,
  names: readonly string[],
  refs: readonly (string | Pid[])[],
): ItemEvent {
  // One object literal per kind, no spread: the page decodes 100k of these a second while a queue floods.
  const kind = runs.kind[j]!;
  const at = runs.at[j]!;
  const pid = runs.pid[j]!;
  const ppid = runs.ppid[j]!;
  const obj = names[runs.obj[j]!]!;
  const item = runs.item[j]! + k * ITEM_STEP[kind]!;
  const depth = runs.depth[j]! + k * DEPTH_STEP[kind]!;
  if (kind === TAKE) return { kind: 'take', at, pid, ppid, obj, item, depth };
  if (kind === TASK_DONE) {
    const releases = depth ? [...(refs[ev!.val[e]!] as Pid[])] : [];
    return { kind: 'taskDone', at, pid, ppid, obj, unfinished: item, releases };
  }
  return { kind: 'put', at, pid, ppid, obj, item, summary: summaryOf(ev!.tag[e]!, ev!.val[e]!, refs), depth };
}

function summaryOf(tag: number, val: number, refs: readonly (string | Pid[])[]): string {
  switch (tag) {
    case TAG.number:
      return String(val); // what summarize() makes of a number, without its checks
    case TAG.string:
      return summarize(refs[val]);
    case TAG.true:
      return 'true';
    case TAG.false:
      return 'false';
    case TAG.null:
      return 'null';
    case TAG.undefined:
      return 'undefined';
    default:
      return refs[val] as string;
  }
}

/**
 * The events of a stretch of the trace in order: `others` (every event that is not an item event) with, for
 * each, how many item rows of the stretch come before it (`positions`, ascending), merged with the rows.
 */
export function mergeEvents(
  others: readonly TraceEvent[],
  positions: readonly number[],
  items: { n: number; event(i: number): TraceEvent },
  into: TraceEvent[] = [],
): TraceEvent[] {
  let r = 0;
  for (let k = 0; k < others.length; k++) {
    for (const end = Math.min(positions[k]!, items.n); r < end; r++) into.push(items.event(r));
    into.push(others[k]!);
  }
  for (; r < items.n; r++) into.push(items.event(r));
  return into;
}

/** The summary of put event `i` of a packed stretch (what its event's `summary` is), without the event. */
export function putSummary(p: PackedItems, i: number): string {
  return summaryOf(p.tag[i]!, p.val[i]!, p.refs);
}

/** A packed stretch as `mergeEvents` reads it (in order: each event after the first finds its run at once). */
export function packedSource(p: PackedItems): { n: number; event(i: number): ItemEvent } {
  let hint = 0;
  const start = (r: number) => p.start[r]!;
  return {
    n: p.n,
    event(i) {
      hint = findRun(start, p.m, i, hint);
      return decodeEvent(p, hint, i - p.start[hint]!, p, i, p.names, p.refs);
    },
  };
}
