// Process creation: a worker booted for each new process with its init, pids handed out in blocks, and the
// cap on live processes (a start() past it fails as a fork does, with EAGAIN).
import type { Pid, Program, SpawnSpec } from '../protocol/messages';
import { processCapNote } from '../protocol/limits';
import { MAIN_PID, PROTOCOL_VERSION } from '../protocol/messages';
import type { ProcessHost } from './host';
import type { Lifecycle } from './lifecycle';
import { PoolObject } from './objects/pool';
import type { Outboxes } from './outboxes';
import type { Proc, ProcTable } from './procTable';
import type { SharedObjects } from './sharedObjects';
import type { TraceRecorder } from './traceRecorder';
import { findHandles } from './util';

/** Pids a child may hand out before asking for more; MainProcess gets a bigger block. */
const CHILD_PID_BLOCK = 32;
const MAIN_PID_BLOCK = 1024;
/** The first pid of the blocks handed out after MainProcess's own (the process table's first free pid). */
export const FIRST_BLOCK_PID: Pid = MAIN_PID + 1 + MAIN_PID_BLOCK;
/** A runtime asks for pids when it has fewer than 8 left (src/runtime/pidBlocks.ts). */
const PIDS_LOW = 8;

/** What every process of a run is told at its start (its ProcessInit, less what is its own). */
export interface RunSettings {
  program: Program;
  speed: number;
  seed: number;
  cpuCount: number;
  argv: string[];
  maxProcesses: number;
  maxHeldBytes: number;
  /** Children get their parent's pid in shared memory (KernelOptions.ppidCells). */
  ppidCells: boolean;
}

/** The kernel's parts a start touches, and where the new process's messages go. */
export interface SpawnerParts {
  procs: ProcTable;
  host: ProcessHost;
  out: Outboxes;
  rec: TraceRecorder;
  objects: SharedObjects;
  life: Lifecycle;
  /** The wall-clock time the run started (ms): every process's clock origin. */
  t0: () => number;
  /** Handles a batch of messages from `p`. */
  receive: (p: Proc, batch: unknown) => void;
}

/** Starts processes: MainProcess at the run's start, a child at each `spawn` of its parent. */
export class Spawner {
  constructor(
    private readonly s: RunSettings,
    private readonly d: SpawnerParts,
  ) {}

  /** MainProcess: the first process, with the big block of pids. */
  startMain(): void {
    const main = this.d.procs.add(MAIN_PID, 0, 'MainProcess', false);
    this.d.rec.emit({ kind: 'spawn', pid: MAIN_PID, ppid: 0, name: 'MainProcess', daemon: false });
    this.boot(main, null, [MAIN_PID + 1, MAIN_PID + 1 + MAIN_PID_BLOCK]);
  }

  private boot(p: Proc, spawn: SpawnSpec | null, pids: [number, number]): void {
    const { s, d } = this;
    this.givePids(p, pids);
    const endpoint = d.host.spawn(p.pid);
    p.endpoint = endpoint;
    p.unlisten = endpoint.listen((batch) => d.receive(p, batch));
    const parent = d.procs.get(p.ppid);
    if (spawn && s.ppidCells) {
      p.ppidCell = new Int32Array(new SharedArrayBuffer(4));
      p.ppidCell[0] = p.ppid;
    }
    d.out.send(p, {
      t: 'init',
      v: PROTOCOL_VERSION,
      pid: p.pid,
      ppid: p.ppid,
      parentName: parent?.name ?? null,
      spawn,
      program: s.program,
      clockOrigin: d.t0(),
      clock: d.out.clockFor(p),
      speed: s.speed,
      seed: s.seed,
      pids,
      room: this.roomShares()(p),
      limits: { processes: s.maxProcesses, heldBytes: s.maxHeldBytes },
      cpuCount: s.cpuCount,
      argv: s.argv,
      ...(p.ppidCell ? { ppidCell: p.ppidCell.buffer as SharedArrayBuffer } : {}),
    });
  }

  /**
   * Each process's share of the room for more live processes (what its start() may use before it hears
   * again): the free room split between the processes that start children (a process that has started none
   * counts itself in), so that several starting at once rarely overshoot the cap between two counts.
   */
  roomShares(): (p: Proc) => number {
    const { live, spawners } = this.d.procs.liveCounts();
    const free = Math.max(0, this.s.maxProcesses - live);
    return (p) => Math.floor(free / Math.max(1, spawners + (p.spawned > 0 ? 0 : 1)));
  }

  /** Pids `p` may give the children it starts (checked at each `spawn`). */
  private givePids(p: Proc, block: [number, number]): void {
    p.pidBlocks.push(block);
    p.pidsLeft += block[1] - block[0];
  }

  /** `p` says it has few pids left: another block, unless it has plenty. */
  morePids(p: Proc): void {
    if (p.pidsLeft > PIDS_LOW) return; // it has plenty: a runtime only asks when few are left
    const pids = this.d.procs.takePids(CHILD_PID_BLOCK);
    this.givePids(p, pids);
    this.d.out.send(p, { t: 'pids', pids });
  }

  /** A `spawn` of `parent`'s (MessageGuard checked its pid): the child's row, trace event and worker. */
  spawnChild(parent: Proc, spec: SpawnSpec): void {
    const { s, d } = this;
    parent.pidsLeft--;
    parent.spawned++;
    // A name is the program's to choose (any string, as in Python); the table and chart show its first 200 chars.
    const name = spec.name.length > 200 ? `${spec.name.slice(0, 200)}…` : spec.name;
    const child = d.procs.add(spec.pid, parent.pid, name, spec.daemon);
    const pool = spec.target.kind === 'poolWorker' ? d.objects.get(spec.target.pool)?.name : undefined;
    d.rec.emit({
      kind: 'spawn',
      pid: child.pid,
      ppid: parent.pid,
      name,
      daemon: spec.daemon,
      ...(pool ? { pool } : {}),
    });
    if (d.procs.liveCount() > s.maxProcesses) {
      // A start() that its process let through on an older count of the room (several processes starting at
      // once): like fork() failing with EAGAIN, but the parent's start() has returned, so the child dies at once.
      child.state = 'running';
      d.rec.emit({
        kind: 'output',
        pid: child.pid,
        ppid: parent.pid,
        stream: 'stderr',
        text: `BlockingIOError: [Errno 11] Resource temporarily unavailable (${processCapNote(s.maxProcesses)})\n`,
      });
      d.life.exit(child, 1, 'refused');
      return;
    }
    this.boot(child, spec, d.procs.takePids(CHILD_PID_BLOCK));
    if (spec.target.kind === 'poolWorker') {
      const pool = d.objects.get(spec.target.pool);
      if (pool instanceof PoolObject) pool.addWorker(child.pid);
    }
    // The child holds every handle in its args from now on, like fds duplicated at spawn.
    for (const ref of findHandles([spec.args, spec.kwargs, spec.target])) {
      const [id, sub] = ref.split('/') as [string, string | undefined];
      const obj = d.objects.get(id);
      if (!obj) continue;
      obj.attach(child.pid, sub);
      d.out.send(child, { t: 'state', id, state: { name: obj.name, ...obj.state() } });
    }
  }
}
