// The timeline's model: rows (processes, pools, queues), state spans, markers and item flows, in program time.
import type { FlowBands } from './flowBands';
import type { ExitReason } from '../protocol/messages';
import type { Time } from './time';

/**
 * A process's state over an interval. `starting`: spawned, its worker booting. `terminating`: it got
 * SIGTERM/SIGKILL and is being cut off. `zombie`: exited, not yet joined (reaped) by its parent.
 */
export type ProcState = 'starting' | 'running' | 'sleeping' | 'blocked' | 'terminating' | 'zombie';

/** A process in one state from `start` to `end`; the span still open (live) has `open: true`. */
export interface Span {
  start: Time;
  end: Time;
  state: ProcState;
  /** What the chart writes on it: `join(Process-3)`, `Queue#1.get()`, `sleep(1)`, `SIGTERM from 1000`. */
  label: string;
  /** The object a blocked process waits on (`Process-3`, `Queue#1`), else null. */
  obj: string | null;
  /** The blocking operation (`join`, `get`, `take`, `exit`), else null. */
  op: string | null;
  open: boolean;
}

/** One Pool task (a chunk of a job) running on a worker. */
export interface TaskSpan {
  start: Time;
  end: Time;
  obj: string;
  job: number;
  chunk: number;
  fn: string;
  summary: string;
  /** Whether it returned (true) or raised (false); null while it runs. */
  ok: boolean | null;
  open: boolean;
}

export type MarkerKind = 'start' | 'exit' | 'output' | 'signal' | 'reparented' | 'adopted' | 'untaken' | 'deadlock';

/** A moment on a row: start, exit (with its code), a printed line, a signal, an adoption, lost items. */
export interface Marker {
  at: Time;
  kind: MarkerKind;
  text: string;
  /** Exit code, for `exit`. */
  code?: number;
  reason?: ExitReason;
  stream?: 'stdout' | 'stderr';
  /**
   * `reparented`: the parent that ended (and `to`: the adopter); `adopted` (on the adopter's row): the orphan's pid;
   * `signal`: the sender.
   */
  from?: number;
  to?: number;
  /** `signal`: which. */
  signal?: 9 | 15;
  /** `untaken`: how many items; `detail`: which (their summaries). `deadlock`: `detail` is what it waits on. */
  count?: number;
  detail?: string;
}

/** The queue's length from `at` on. */
export interface DepthStep {
  at: Time;
  depth: number;
}

/** `group`: many children of one process gathered under one row (collapsed at first), e.g. 200 `Process` rows. */
export type RowKind = 'process' | 'pool' | 'queue' | 'group';

/**
 * One line of the chart. Processes carry spans, tasks and markers; a pool row groups its workers;
 * a queue row carries its depth over time.
 */
export interface Row {
  /** Stable id: `p1000`, `pool:Pool#1`, `q:Queue#1`. */
  key: string;
  kind: RowKind;
  pid: number | null;
  name: string;
  /** Key of the row this one is drawn under (indented), or null at the top. */
  parent: string | null;
  /** The group row this one is drawn in (its parent's many children gathered), or null. */
  group: string | null;
  /** Indent level, 0 at the top of the tree. */
  depth: number;
  /** Colour slot: the process's spawn order (MainProcess 0), as in the terminal; queues and pools get their own. */
  colour: number;
  daemon: boolean;
  /** init (pid 1) appears only once it adopts an orphan. */
  synthetic: boolean;
  spans: Span[];
  tasks: TaskSpan[];
  markers: Marker[];
  depthSteps: DepthStep[];
  maxDepth: number;
  spawnedAt: Time | null;
  exitCode: number | null;
  exitReason: ExitReason | null;
  /** When the parent joined it (or init reaped it); null while it lives or lingers as a zombie. */
  reapedAt: Time | null;
  /**
   * When its parent ended and init (or another) adopted it: the first parent, the adopter and the moment. The
   * row stays under its first parent; the chart marks the moment.
   */
  adopted: { from: number; by: number; at: Time } | null;
}

/** An item from the `put`/`send` that made it to the `get`/`recv` that took it, or a `taskDone()` releasing a `join()`. */
export interface Flow {
  kind: 'item' | 'release';
  obj: string;
  /** Run-wide item id (for `release`, the index of the release). */
  item: number;
  /** The item as `repr` shows it, e.g. `"P2-0"`. */
  summary: string;
  from: { row: string; at: Time };
  /** Null until taken (or forever, when `lost`). */
  to: { row: string; at: Time } | null;
  /** Colour slot of the producer. */
  colour: number;
  /** Never taken: the run ended with the item still in the queue. */
  lost: boolean;
}

/** Everything the chart draws. `rows` is in display order (process tree, then queues). */
export interface Layout {
  rows: Row[];
  flows: Flow[];
  /** The run's first moment (0) and the last one shown: the end of the run, or "now" while it runs. */
  start: Time;
  end: Time;
  /** Whether the run still goes (spans open at `end`). */
  live: boolean;
  deadlock: { at: Time; report: string } | null;
  /** Bumped on every change, so renderers know when to redraw. */
  version: number;
  /** The taken item flows summed into bands, kept while the run goes (a live chart draws a flood from them). */
  bands?: FlowBands;
}
