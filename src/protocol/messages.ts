// The wire between a process's runtime and the kernel: one typed file, versioned (STYLE habit 3).
import type { SchedInit } from './sched/layout';

/** Bumped whenever a message changes shape; the runtime refuses an `init` of another version. */
export const PROTOCOL_VERSION = 2 as const;

/** A process id. MainProcess is 1000; pid 1 is the virtual init that adopts orphans. */
export type Pid = number;

/** The pid of the virtual init process that adopts orphans and reaps them. */
export const INIT_PID: Pid = 1;
/** The pid of MainProcess. */
export const MAIN_PID: Pid = 1000;

/** An error as it travels: Python's class name and message, and a formatted traceback if any. */
export interface WireError {
  name: string;
  message: string;
  traceback?: string;
}

/** What a child must run, found by name in its own evaluation of the module (spawn semantics). */
export type SpawnTarget =
  | { kind: 'function'; name: string }
  | { kind: 'none' }
  /** A Process subclass: the instance's own fields travel as `state` (pickled by reference + state). */
  | { kind: 'class'; name: string; state: Record<string, unknown>; fn?: string }
  /** A Pool worker: takes tasks from the pool until it closes (or `maxtasks` are done). */
  | { kind: 'poolWorker'; pool: ObjectId; initializer: string | null; initargs: unknown[]; maxtasks: number | null };

/** Sent by a parent's `start()`; the pid was taken from the parent's reserved pid block. */
export interface SpawnSpec {
  pid: Pid;
  name: string;
  /** CPython's `_identity` tuple: `Process-1:2` is [1, 2]. */
  identity: number[];
  daemon: boolean;
  target: SpawnTarget;
  /** Already serialized by the runtime (functions by name, handles as markers). */
  args: unknown[];
  kwargs?: Record<string, unknown>;
}

/** The user's program, compiled once by the host and evaluated from scratch by every process. */
export interface Program {
  /** Compiled JavaScript (ESM) whose builtin imports are `MODULE_PLACEHOLDER + name`. */
  code: string;
  /** The TypeScript source, for tracebacks that quote the user's lines. */
  source: string;
  /** File name shown in tracebacks, e.g. `main.ts`. */
  filename: string;
}

/** Import specifiers in compiled code are rewritten to this prefix + module name; each process maps them. */
export const MODULE_PLACEHOLDER = 'mpplay:builtin/';
/** The global every loop condition of compiled user code calls (src/compile/loopGuards.ts, src/runtime/loopGuard.ts). */
export const LOOP_GUARD = '__mp_loop';

/** The modules a program may import. */
export const BUILTIN_MODULES = ['multiprocessing', 'time', 'os', 'random', 'queue', 'sys'] as const;
export type BuiltinModule = (typeof BUILTIN_MODULES)[number];

/** Everything a process needs to boot; sent by the kernel as the first message. */
export interface ProcessInit {
  t: 'init';
  v: typeof PROTOCOL_VERSION;
  pid: Pid;
  ppid: Pid;
  parentName: string | null;
  /** `null` for MainProcess; the spawn spec for a child. */
  spawn: SpawnSpec | null;
  program: Program;
  /** Wall-clock epoch ms at which program time 0 was (the base of `time.time()`). */
  clockOrigin: number;
  /**
   * Program ms = prog + (wall now - wall) × rate. The rate is the run's speed while every process sleeps
   * or waits and 1 while any computes; a newer mapping arrives (`clock`) before anything that wakes us.
   */
  clock: { wall: number; prog: number; rate: number };
  speed: number;
  seed: number;
  /** Pids this process may hand to its children without asking: [from, to). */
  pids: [number, number];
  /** How many more processes may be live in the run now (see the `room` message). */
  room: number;
  /** The run's caps (KernelOptions): live processes, and bytes its queues and pipes may hold at once. */
  limits: { processes: number; heldBytes: number };
  cpuCount: number;
  argv: string[];
  /** Present in a controlled run (see src/protocol/sched/layout.ts): this process's part in the schedule. */
  sched?: SchedInit;
  /**
   * A child's parent pid as the kernel sees it now, in one Int32 of shared memory (where the run has it): the
   * kernel writes INIT_PID there the moment the parent dies, so `os.getppid()` is live, as CPython's system call
   * is, even in a loop that never yields. Without it the `parentExit` message says the same, a little later.
   */
  ppidCell?: SharedArrayBuffer;
}

/** The shared objects of API.md's "Queues and pipes" and "Synchronisation" sections; the kernel owns their state. */
export const OBJECT_KINDS = [
  'Queue',
  'SimpleQueue',
  'JoinableQueue',
  'Connection',
  'Lock',
  'RLock',
  'Semaphore',
  'BoundedSemaphore',
  'Event',
  'Condition',
  'Barrier',
  'Pool',
] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/**
 * A shared object's id: `${creator pid}.${n}`, made by the creating process so that the constructor
 * returns at once; the kernel learns of it from the `new` message that precedes any use.
 */
export type ObjectId = string;

/** Marks a shared object's handle inside serialized args: `{ [HANDLE_TAG]: kind, id, … }`. */
export const HANDLE_TAG = '__mpplay_handle__';

/** A blocking operation, answered by a `reply` with the same id. */
export type Call =
  | { op: 'sleep'; seconds: number }
  | { op: 'join'; pid: Pid; timeout: number | null }
  /**
   * How many bytes the run's queues and pipes hold now, and have freed in all since the run began (asked by a
   * put that would pass the cap): answered `[held, freed]`. From then on every batch the kernel sends the
   * process brings it a `freed` message when more was freed.
   */
  | { op: 'held' }
  /** A method of a shared object that may wait: `get`, `put` (bounded), `acquire`, `wait`, `recv`, `poll`, … */
  | { op: 'obj'; id: ObjectId; method: string; args: unknown[]; timeout: number | null };

/** Runtime → kernel. Sent in batches (arrays) to keep up with print floods. */
export type ProcToKernel =
  /** The worker is up and about to evaluate the module. */
  | { t: 'boot' }
  /** The child finished evaluating the module and now runs its target. */
  | { t: 'phase'; phase: 'run' }
  | { t: 'out'; stream: 'stdout' | 'stderr'; text: string }
  | { t: 'spawn'; spec: SpawnSpec }
  /** `line`: the line of the user's file that made the call (its innermost frame there), when the stack tells. */
  | { t: 'call'; id: number; call: Call; line?: number }
  | { t: 'signal'; pid: Pid; signal: 15 | 9 }
  /** The runtime saw a finished child (is_alive / exitcode / active_children poll): reap the zombie. */
  | { t: 'reap'; pid: Pid }
  | { t: 'pidsLow' }
  /** A shared object was created here (ids are made by the creator). `opts` depend on the kind. */
  | { t: 'new'; id: ObjectId; kind: ObjectKind; opts: Record<string, unknown> }
  /**
   * A non-blocking method (`put` on an unbounded queue, `set`, `send`, `close`…). A `checked` op is one that
   * can fail (`taskDone`, `release` of a Lock or BoundedSemaphore): each of its args is the sequence number
   * of one call, which the kernel answers with an `ack` (and a `nack` if it failed), so that the promise the
   * call returned can reject where CPython raises, without the caller waiting unless it awaits.
   */
  | { t: 'op'; id: ObjectId; method: string; args: unknown[]; checked?: true }
  /** A `notify` was handled (e.g. a Pool's replacement worker started): until then the process may still act. */
  | { t: 'notified' }
  /** The process's code is finished; the kernel runs the exit protocol (daemons, then joins). */
  | {
      t: 'exit';
      code: number;
      reason: ExitReason;
      /** Nothing of this process can run again (no pending timers, not a crash): the worker may host another. */
      reusable?: boolean;
    }
  /** A worker has loaded and can host a process (consumed by the host's worker pool, never by the kernel). */
  | { t: 'ready' };

export type ExitReason = 'returned' | 'exception' | 'sys.exit' | 'terminated' | 'killed' | 'refused' | 'stopped';

/** Kernel → runtime. Also sent in batches. */
export type KernelToProc =
  | ProcessInit
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: WireError }
  | { t: 'childExit'; pid: Pid; code: number }
  | { t: 'parentExit' }
  | { t: 'pids'; pids: [number, number] }
  /** Something this process did broke the rules outside any call (a bad message): raise it now, uncatchable. */
  | { t: 'raise'; error: WireError }
  /** Every checked call (see the `op` message) with a sequence number up to `upTo` is done: those not `nack`ed succeeded. */
  | { t: 'ack'; upTo: number }
  /** Checked call `seq` failed (e.g. `taskDone()` called too many times): its promise rejects with `error`. */
  | { t: 'nack'; seq: number; error: WireError }
  /** Something happened to a shared object that its owner must act on (a Pool job finished, a worker to replace). */
  | { t: 'notify'; id: ObjectId; data: unknown }
  /**
   * How many more processes may be live in the run (`free`), when the kernel had handled `spawned` of this
   * process's spawns: start() raises BlockingIOError, as a failing fork does, when none is left.
   */
  | { t: 'room'; free: number; spawned: number }
  /**
   * The bytes the run's queues, pipes and pools have freed in all since the run began (items taken, tasks
   * run), for a process that asked what they hold (Call `held`): its send() may fit again without asking.
   */
  | { t: 'freed'; total: number }
  /** The program clock changed rate: use this mapping from now on. */
  | { t: 'clock'; clock: { wall: number; prog: number; rate: number } }
  /** Give back the unconsumed items of this queue leased to you (another consumer is waiting). */
  | { t: 'recall'; id: ObjectId }
  /** The new state of a shared object, for its synchronous getters (`isSet()`, `nWaiting`, `broken`). */
  | { t: 'state'; id: ObjectId; state: Record<string, unknown> }
  /** A pipe direction (into `end`) changes route: see PipeNote and src/kernel/objects/link.ts. */
  | ({ t: 'link'; id: ObjectId; end: 0 | 1 } & PipeNote);

/**
 * A MessagePort as the kernel hands it on: made by the host (`ProcessHost.channel`), moved to a process in
 * the transfer list of a batch, never used by the kernel itself.
 */
export type PortLike = object;

/**
 * How one direction of a pipe carries messages once it has a single writer and a single reader: a
 * SharedArrayBuffer ring (where there is shared memory; layout in src/runtime/objects/pipeRing.ts) or a
 * MessagePort of its own. Either way the kernel is told of every message afterwards (`lsent`/`ltook` ops),
 * so the trace, EOF and deadlock diagnosis stay exact.
 */
export type PipeLink = { mode: 'sab'; sab: SharedArrayBuffer } | { mode: 'port'; port: PortLike };

/** Bytes of one direction's ring: a 64-byte header and 256 slots of 128 bytes. */
export const PIPE_RING_BYTES = 64 + 256 * 128;

/** A reply to recv()/poll() that makes the caller the direct reader of its end (instead of a value). */
export const PIPE_LINK_TAG = '__mpplay_pipe_link__';
export interface PipeReaderGrant {
  [PIPE_LINK_TAG]: true;
  link: PipeLink;
  /** The writer whose messages come by the link, and the seq of its next message this reader must deliver. */
  w: Pid;
  next: number;
  /** Messages sent into this end so far (the reader counts deliveries from here; see the `recv` args). */
  delivered: number;
}

/** What the kernel tells the writer or reader of a pipe direction about its direct link. */
export type PipeNote =
  /** You are now the only writer into `end`: send by `link`, and report each message (`lsent`). */
  | { a: 'write'; link: PipeLink }
  /** Stop sending by the link; answer with `lunwritten` and the seq of your last message. */
  | { a: 'unwrite' }
  /** A message sent through the kernel into the end you read directly (writer `w`, its seq `s`). */
  | { a: 'item'; w: Pid; s: number; v: unknown }
  /** Another process reads this end too: once writer `w`'s messages up to seq `upTo` have come, give back every undelivered message (`lunread`) and read through the kernel again. */
  | { a: 'unread'; w: Pid; upTo: number };

/**
 * The one thing the kernel and runtime know about their transport. A host adapts a Worker,
 * a worker_threads port or a MessagePort to it (comlink's Endpoint idea, smaller).
 */
export interface Endpoint<In, Out> {
  /** `transfer`: MessagePorts moved with the batch (a pipe's direct link). */
  post(batch: Out[], transfer?: PortLike[]): void;
  /** Registers the handler; returns a function that removes it. */
  listen(handler: (batch: In[]) => void): () => void;
}

/** Queue items handed ahead to a lone consumer (see QueueObject.lease): `ids[i]` is the id of `values[i]`. */
export interface Lease {
  ids: number[];
  values: unknown[];
}

/**
 * Pool leases (ms): a worker is handed several chunks at once only while they are expected to take no longer
 * than this together; when that is a guess (from the function's last job), a chunk of the lease that takes
 * this long (or waits on the kernel) shows it was wrong, and the worker gives back the ones not started.
 */
export const POOL_LEASE_MS = 4;
