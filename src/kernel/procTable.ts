// The process table: one row per process, the pids still to hand out, and the questions the kernel asks of it.
import type { ExitReason, KernelToProc, Pid, PortLike } from '../protocol/messages';
import type { BlockedOn } from '../protocol/trace';
import type { ProcessEndpoint } from './host';

/** A process's state as the process table shows it. */
export type ProcState = 'created' | 'running' | 'sleeping' | 'blocked' | 'exiting' | 'zombie' | 'reaped';

/** States of a process that has not exited yet. */
export const LIVE: ReadonlySet<ProcState> = new Set(['created', 'running', 'sleeping', 'blocked', 'exiting']);

/** One row of the process table, as `snapshot()` returns it. */
export interface ProcInfo {
  pid: Pid;
  ppid: Pid;
  name: string;
  daemon: boolean;
  state: ProcState;
  exitCode: number | null;
  blockedOn: BlockedOn | null;
}

/** A process blocked in join() on another, with its call id and timeout timer. */
export interface Waiter {
  pid: Pid;
  id: number;
  timer: unknown;
}

/** A row of the process table with what the kernel keeps for the process. */
export interface Proc extends ProcInfo {
  endpoint: ProcessEndpoint | null;
  unlisten: (() => void) | null;
  children: Set<Pid>;
  /** Outstanding calls of this process, by call id, with their timers. */
  pending: Map<number, { timer: unknown; cancel?: () => void }>;
  /** Processes blocked in join() on this one. */
  joiners: Waiter[];
  outbox: KernelToProc[];
  /** MessagePorts that go with the next batch (a pipe's direct link). */
  transfer: PortLike[];
  exiting: { code: number; reason: ExitReason } | null;
  /** The program-clock version this process last received. */
  clockVersion: number;
  /** Notifications sent but not yet acknowledged: a blocked process may still act on them. */
  notifying: number;
  /** Its runtime said, at exit, that the worker could host another process. */
  reusable: boolean;
  /** Its parent's pid in shared memory, which its getppid() reads (ProcessInit.ppidCell), or null. */
  ppidCell: Int32Array | null;
  /** The pid blocks given to it (`[from, to)`): the pids of the children it may start. */
  pidBlocks: [number, number][];
  /** Pids given to it and not yet used by a `spawn`. */
  pidsLeft: number;
  /** The id of its last blocking call (ids only grow). */
  lastCallId: number;
  /** Its spawns handled so far, and the room it was last told of (`room` message): sent again on change. */
  spawned: number;
  roomTold: string;
  /** It asked what queues and pipes hold (Call `held`): it is told of what they free (`freed`), and what it was told. */
  watchesHeld: boolean;
  freedTold: number;
  /** The highest sequence number of its checked calls handled so far (see the `op` message's `checked`). */
  checkedUpTo: number;
  /** Checked calls were handled in the batch being handled: an `ack` goes back after it. */
  ackDue: boolean;
}

/** Sets a process's state; any state but `blocked` clears what it was blocked on. */
export function setState(p: Proc, state: ProcState): void {
  p.state = state;
  if (state !== 'blocked') p.blockedOn = null;
}

/** Every process of the run, by pid, and the next free pid. */
export class ProcTable {
  private readonly procs = new Map<Pid, Proc>();
  /** Every row by pid, read-only (the trace recorder looks up parents there, once per item). */
  readonly byPid: ReadonlyMap<Pid, Proc> = this.procs;

  /** `nextPid`: the first pid not yet handed out in a block. */
  constructor(private nextPid: number) {}

  /** A new row, in state `created`, listed among its parent's children. */
  add(pid: Pid, ppid: Pid, name: string, daemon: boolean): Proc {
    const p: Proc = {
      pid,
      ppid,
      name,
      daemon,
      state: 'created',
      exitCode: null,
      blockedOn: null,
      endpoint: null,
      unlisten: null,
      children: new Set(),
      pending: new Map(),
      joiners: [],
      outbox: [],
      transfer: [],
      exiting: null,
      clockVersion: -1,
      notifying: 0,
      reusable: false,
      ppidCell: null,
      pidBlocks: [],
      pidsLeft: 0,
      lastCallId: 0,
      spawned: 0,
      roomTold: '',
      watchesHeld: false,
      freedTold: 0,
      checkedUpTo: 0,
      ackDue: false,
    };
    this.procs.set(pid, p);
    this.procs.get(ppid)?.children.add(pid);
    return p;
  }

  has(pid: Pid): boolean {
    return this.procs.has(pid);
  }

  get(pid: Pid): Proc | undefined {
    return this.procs.get(pid);
  }

  /** The process, if it has not exited. */
  live(pid: Pid): Proc | undefined {
    const p = this.procs.get(pid);
    return p && LIVE.has(p.state) ? p : undefined;
  }

  /** Its parent's pid, 0 for an unknown process (what trace events carry). */
  ppidOf(pid: Pid): Pid {
    return this.procs.get(pid)?.ppid ?? 0;
  }

  values(): IterableIterator<Proc> {
    return this.procs.values();
  }

  /** How many processes have not exited, and how many of those have started a child. */
  liveCount(): number {
    return this.liveCounts().live;
  }

  liveCounts(): { live: number; spawners: number } {
    let live = 0;
    let spawners = 0;
    for (const p of this.procs.values()) {
      if (!LIVE.has(p.state)) continue;
      live++;
      if (p.spawned > 0) spawners++;
    }
    return { live, spawners };
  }

  /** Every process that has not exited, in pid-creation order. */
  liveProcs(): Proc[] {
    return [...this.procs.values()].filter((q) => LIVE.has(q.state));
  }

  liveChildren(p: Proc): Proc[] {
    const out: Proc[] = [];
    for (const pid of p.children) {
      const c = this.procs.get(pid);
      if (c && LIVE.has(c.state)) out.push(c);
    }
    return out;
  }

  /** Whether some process is live and none of them boots or runs code (so program time may run at speed). */
  idle(): boolean {
    let live = 0;
    for (const p of this.procs.values()) {
      if (!LIVE.has(p.state)) continue;
      live++;
      if (p.state === 'created' || p.state === 'running') return false;
    }
    return live > 0;
  }

  /** The next `n` pids, for a process to hand out to the children it starts. */
  takePids(n: number): [number, number] {
    const block: [number, number] = [this.nextPid, this.nextPid + n];
    this.nextPid += n;
    return block;
  }

  /** What a process is doing, for causes: "is running", "waits in q.get()", "has exited with code -15". */
  describe(pid: Pid): string {
    const p = this.procs.get(pid);
    if (!p) return 'is unknown';
    if (p.state === 'blocked' || p.state === 'exiting') return `waits in ${p.blockedOn?.label ?? '?'}`;
    if (LIVE.has(p.state)) return `is ${p.state}`;
    const signalled = p.exitCode === -15 || p.exitCode === -9;
    return `has exited with code ${p.exitCode}${signalled ? ' (a terminated process never releases what it held)' : ''}`;
  }

  /** The process table as `Kernel.snapshot()` shows it. */
  snapshot(): ProcInfo[] {
    return [...this.procs.values()].map(({ pid, ppid, name, daemon, state, exitCode, blockedOn }) => ({
      pid,
      ppid,
      name,
      daemon,
      state,
      exitCode,
      blockedOn,
    }));
  }
}
