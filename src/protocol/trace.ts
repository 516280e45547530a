// Trace events: one per state change of a process, in program time. The Gantt chart is drawn from these.
import type { ExitReason, Pid } from './messages';

/** Program milliseconds since the run started (wall time × speed). */
export type ProgramMs = number & { readonly __brand?: 'ProgramMs' };

/** What a blocked process waits on: the object (`Process-3`, `JoinableQueue#1`) and the operation. */
export interface BlockedOn {
  obj: string;
  op: string;
  /** How the chart labels it, e.g. `join(Process-3)` or `exit: waiting for non-daemon children`. */
  label: string;
  timeout: number | null;
}

interface Base {
  at: ProgramMs;
  pid: Pid;
  /** The parent at the moment of the event (changes after re-parenting). */
  ppid: Pid;
}

export type TraceEvent =
  /** `pool`: the Pool (`Pool#1`) a SpawnPoolWorker belongs to. */
  | (Base & { kind: 'spawn'; name: string; daemon: boolean; pool?: string })
  | (Base & { kind: 'start' })
  /** Running again after starting or after a sleep. */
  | (Base & { kind: 'running'; after: 'start' | 'sleep' })
  /** A blocked process may run again: what it waited for happened (`ready`) or its timeout passed. */
  | (Base & { kind: 'unblocked'; reason: 'ready' | 'timeout' })
  /** `line`: the line of the user's file that made the blocking call, when the runtime could tell (see CallSite). */
  | (Base & { kind: 'sleeping'; seconds: number; line?: number })
  | (Base & { kind: 'blocked'; on: BlockedOn; line?: number })
  | (Base & { kind: 'output'; stream: 'stdout' | 'stderr'; text: string })
  | (Base & { kind: 'signal'; signal: 15 | 9; from: Pid })
  | (Base & { kind: 'exit'; code: number; reason: ExitReason })
  | (Base & { kind: 'zombie' })
  | (Base & { kind: 'reaped'; by: Pid })
  | (Base & { kind: 'reparented'; from: Pid; to: Pid })
  /** A shared object was created; `name` is what the chart and reports call it (`JoinableQueue#1`). */
  | (Base & { kind: 'object'; obj: string; objKind: string; id: string })
  /** An item entered a queue or pipe: `item` is its run-wide id; `depth` the queue's length after it. */
  | (Base & { kind: 'put'; obj: string; item: number; summary: string; depth: number })
  /** An item left a queue or pipe, taken by this process. */
  | (Base & { kind: 'take'; obj: string; item: number; depth: number })
  /** `taskDone()` for a JoinableQueue; `releases` lists the pids whose `join()` it released. */
  | (Base & { kind: 'taskDone'; obj: string; unfinished: number; releases: Pid[] })
  /** A lock or semaphore changed hands. */
  | (Base & { kind: 'lock'; obj: string; op: 'acquire' | 'release' })
  /** A Pool task (one chunk of a job) runs on this worker: `start`, then `end` with whether it raised. */
  | (Base & {
      kind: 'task';
      obj: string;
      phase: 'start' | 'end';
      job: number;
      chunk: number;
      fn: string;
      summary: string;
      ok?: boolean;
    })
  /** At the end of the run: items put but never taken (the seed's lost-item lesson). */
  | (Base & { kind: 'untaken'; obj: string; items: number[] })
  /** The run cannot proceed: every live process waits on something only another waiting process could give. */
  | (Base & { kind: 'deadlock'; report: string; waits: { pid: Pid; name: string; on: string; cause: string }[] });

export type TraceKind = TraceEvent['kind'];

/** How a run ended, as the CLI and the status line report it. */
export interface RunResult {
  /** MainProcess's exit code (CPython's), or 130 when stopped by the user. */
  exitCode: number;
  reason: 'exited' | 'stopped' | 'deadlock' | 'error';
  /** Program ms at the end. */
  at: ProgramMs;
  wallMs: number;
  /** Output lines shown live but left out of the stored trace (a print flood). */
  outputDropped?: number;
}

/** The JSON that `mpplay run --trace` writes and the page exports. */
export interface TraceFile {
  format: 'mpplay-trace';
  version: 1;
  meta: { file: string; speed: number; seed: number; startedAt: string };
  processes: { pid: Pid; name: string; daemon: boolean; exitCode: number | null }[];
  events: TraceEvent[];
  result: RunResult | null;
}
