// multiprocessing.Process and friends, with CPython's checks, messages and spawn semantics.
import type { Pid, SpawnSpec, SpawnTarget } from '../protocol/messages';
import { AssertionError, AttributeError, BOOTSTRAP_MESSAGE, RuntimeError, ValueError } from './errors';
import { REPR } from './inspect';
import type { ProcessRuntime } from './runtime';
import { assertCloneable, deserialize, type HandleRef, serialize } from './serialize';

/** Everything CPython keeps on a Process object; kept off the instance so subclass state stays clean. */
interface PState {
  name: string;
  identity: number[];
  daemon: boolean;
  target: ((...args: unknown[]) => unknown) | null;
  args: unknown[];
  kwargs: Record<string, unknown> | undefined;
  /** pid of the process that created the object (CPython's `_parent_pid`). */
  creatorPid: Pid | null;
  pid: Pid | null;
  started: boolean;
  closed: boolean;
  exitCode: number | null;
  reaped: boolean;
  /** This object is the running process itself (currentProcess()). */
  isCurrent: boolean;
  /** This object stands for the parent (parentProcess()). */
  isParent: boolean;
  /** Set for processes the runtime starts itself (Pool workers): what to run instead of a target. */
  internal?: SpawnTarget;
}

export interface ProcessOptions {
  group?: unknown;
  target?: ((...args: never[]) => unknown) | null;
  name?: string | null;
  args?: Iterable<unknown> | null;
  kwargs?: Record<string, unknown> | null;
  daemon?: boolean | null;
}

/** The multiprocessing module's process part, bound to one process's runtime. */
export function makeProcessModule(rt: ProcessRuntime) {
  const states = new WeakMap<object, PState>();

  const st = (p: object): PState => {
    const s = states.get(p);
    if (!s) throw new RuntimeError('Process.__init__() was not called: call super() first in your constructor');
    return s;
  };

  const checkClosed = (s: PState) => {
    if (s.closed) throw new ValueError('process object is closed');
  };

  /** CPython's poll(): a finished child is reaped the moment anyone looks at it. */
  const poll = (s: PState): number | null => {
    if (s.exitCode !== null && !s.reaped && s.pid !== null && !s.isCurrent && !s.isParent) {
      s.reaped = true;
      rt.children.delete(s.pid);
      rt.send({ t: 'reap', pid: s.pid });
    }
    return s.exitCode;
  };

  /** @py multiprocessing.Process */
  class Process {
    constructor(opts: ProcessOptions = {}) {
      const { group = null, target = null, name = null, args = [], kwargs = null, daemon = null } = opts ?? {};
      if (group !== null && group !== undefined) throw new AssertionError('group argument must be None for now');
      const count = ++rt.processCounter;
      let argList: unknown[];
      if (args === null || args === undefined) argList = [];
      else if (typeof (args as Iterable<unknown>)[Symbol.iterator] === 'function') argList = Array.from(args);
      else throw new TypeError(`'${typeof args}' object is not iterable`);
      if (target !== null && typeof target !== 'function')
        throw new TypeError(`'${typeof target}' object is not callable`);
      const cls = new.target === Process ? 'Process' : new.target.name;
      const identity = [...rt.identity, count];
      const s: PState = {
        name: `${cls}-${identity.join(':')}`,
        identity,
        daemon: daemon ?? rt.daemon,
        target: target as PState['target'],
        args: argList,
        kwargs: kwargs ?? undefined,
        creatorPid: rt.pid,
        pid: null,
        started: false,
        closed: false,
        exitCode: null,
        reaped: false,
        isCurrent: false,
        isParent: false,
      };
      states.set(this, s);
      if (name !== null && name !== undefined) this.name = name;
    }

    /** @py multiprocessing.Process.run */
    run(): unknown {
      const s = st(this);
      const target = s.target;
      if (!target) return undefined;
      return s.kwargs === undefined ? target(...s.args) : target(...s.args, s.kwargs);
    }

    /** @py multiprocessing.Process.start */
    start(): void {
      const s = st(this);
      checkClosed(s);
      if (s.started) throw new AssertionError('cannot start a process twice');
      if (s.creatorPid !== rt.pid)
        throw new AssertionError('can only start a process object created by current process');
      if (rt.daemon) throw new AssertionError('daemonic processes are not allowed to have children');
      reapFinished();
      if (rt.importingMain) throw new RuntimeError(BOOTSTRAP_MESSAGE);
      const nameOf = (v: unknown) => rt.nameOf(v);
      let target: SpawnTarget;
      if (s.internal) target = s.internal;
      else if (Object.getPrototypeOf(this) === Process.prototype) {
        target = s.target ? { kind: 'function', name: rt.nameOfOrThrow(s.target) } : { kind: 'none' };
      } else {
        const cls = rt.nameOfOrThrow(this.constructor as (...a: unknown[]) => unknown);
        const state = serialize({ ...this }, nameOf) as Record<string, unknown>;
        target = { kind: 'class', name: cls, state, ...(s.target ? { fn: rt.nameOfOrThrow(s.target) } : {}) };
      }
      const args = serialize(s.args, nameOf) as unknown[];
      const kwargs = s.kwargs === undefined ? undefined : (serialize(s.kwargs, nameOf) as Record<string, unknown>);
      const pid = rt.takePid();
      const spec: SpawnSpec = { pid, name: s.name, identity: s.identity, daemon: s.daemon, target, args };
      if (kwargs !== undefined) spec.kwargs = kwargs;
      assertCloneable(spec, `the arguments of ${s.name}`);
      rt.limits.claimProcess();
      rt.send({ t: 'spawn', spec });
      s.pid = pid;
      s.started = true;
      rt.children.set(pid, this);
    }

    /** @py multiprocessing.Process.join */
    async join(timeout: number | null = null): Promise<void> {
      const s = st(this);
      checkClosed(s);
      if (s.creatorPid !== rt.pid && !s.isParent) throw new AssertionError('can only join a child process');
      if (!s.started) throw new AssertionError('can only join a started process');
      if (timeout !== null && timeout !== undefined && typeof timeout !== 'number') {
        throw new TypeError(`join() timeout must be a number of seconds or null, not ${typeof timeout}`);
      }
      const code = (await rt.call({ op: 'join', pid: s.pid as Pid, timeout: timeout ?? null })) as number | null;
      if (code !== null && !s.isParent) {
        s.exitCode = code;
        s.reaped = true;
        rt.children.delete(s.pid as Pid);
      }
    }

    /** @py multiprocessing.Process.is_alive */
    isAlive(): boolean {
      const s = st(this);
      checkClosed(s);
      if (s.isCurrent) return true;
      if (s.isParent) return rt.parentIsAlive;
      if (s.creatorPid !== rt.pid) throw new AssertionError('can only test a child process');
      if (!s.started) return false;
      return poll(s) === null;
    }

    /** @py multiprocessing.Process.terminate — SIGTERM: exit code -15; its children become orphans. */
    terminate(): void {
      this.signal(15);
    }

    /** @py multiprocessing.Process.kill — SIGKILL: exit code -9. */
    kill(): void {
      this.signal(9);
    }

    private signal(sig: 15 | 9): void {
      const s = st(this);
      checkClosed(s);
      if (!s.started || s.pid === null) {
        throw new AttributeError(
          `'NoneType' object has no attribute '${sig === 15 ? 'terminate' : 'kill'}' (start() the process first)`,
        );
      }
      if (s.exitCode === null) rt.send({ t: 'signal', pid: s.pid, signal: sig });
    }

    /** @py multiprocessing.Process.close */
    close(): void {
      const s = st(this);
      if (s.closed) return;
      if (s.started && !s.isCurrent && !s.isParent && poll(s) === null) {
        throw new ValueError(
          'Cannot close a process while it is still running. You should first call join() or terminate().',
        );
      }
      s.closed = true;
    }

    /** @py multiprocessing.Process.name */
    get name(): string {
      return st(this).name;
    }
    set name(v: string) {
      if (typeof v !== 'string') throw new AssertionError('name must be a string');
      st(this).name = v;
    }

    /** @py multiprocessing.Process.daemon */
    get daemon(): boolean {
      return st(this).daemon;
    }
    set daemon(v: boolean) {
      const s = st(this);
      if (s.started) throw new AssertionError('process has already started');
      s.daemon = Boolean(v);
    }

    /** @py multiprocessing.Process.exitcode */
    get exitCode(): number | null {
      const s = st(this);
      checkClosed(s);
      if (!s.started || s.isCurrent || s.isParent) return null;
      return poll(s);
    }

    /** @py multiprocessing.Process.pid */
    get pid(): number | null {
      const s = st(this);
      checkClosed(s);
      return s.pid;
    }

    /** @py multiprocessing.Process.ident */
    get ident(): number | null {
      return this.pid;
    }

    [REPR](): string {
      const s = st(this);
      // CPython's parent_process() is a _ParentProcess: no Popen (so no pid shown), no parent of its own, and a
      // status it cannot know from here.
      if (s.isParent) return `<_ParentProcess name='${s.name}' parent=None ${s.closed ? 'closed' : 'unknown'}>`;
      // CPython's MainProcess is a _MainProcess with no parent; a process's own object has no Popen, so no pid.
      const main = s.isCurrent && rt.isMain;
      const cls = main
        ? '_MainProcess'
        : Object.getPrototypeOf(this) === Process.prototype
          ? 'Process'
          : this.constructor.name;
      let status: string;
      if (s.closed) status = 'closed';
      else if (s.isCurrent) status = 'started';
      else if (!s.started) status = 'initial';
      else if (s.exitCode !== null) status = `stopped exitcode=${exitName(s.exitCode)}`;
      else status = 'started';
      // The pid of the process that created it, as CPython's `_parent_pid`: never the init that adopted it.
      const parent = s.isCurrent ? rt.originalPpid : s.creatorPid;
      const parts = [`name='${s.name}'`];
      if (s.pid !== null && !s.closed && !s.isCurrent) parts.push(`pid=${s.pid}`);
      if (main) parts.push('parent=None');
      else if (parent !== null && parent !== 0) parts.push(`parent=${parent}`);
      parts.push(status);
      if (s.daemon) parts.push('daemon');
      return `<${cls} ${parts.join(' ')}>`;
    }

    toString(): string {
      return this[REPR]();
    }
  }

  const reapFinished = () => {
    for (const child of [...rt.children.values()]) poll(st(child));
  };

  /** Builds the object that `currentProcess()` returns in this process. */
  const makeSelf = (spec: SpawnSpec | null): Process => {
    const base: PState = {
      name: 'MainProcess',
      identity: [],
      daemon: false,
      target: null,
      args: [],
      kwargs: undefined,
      creatorPid: null,
      pid: rt.pid,
      started: true,
      closed: false,
      exitCode: null,
      reaped: false,
      isCurrent: true,
      isParent: false,
    };
    if (!spec) {
      const self = Object.create(Process.prototype) as Process;
      states.set(self, base);
      return self;
    }
    const lookup = (n: string) => rt.lookup(n);
    const handleFor = (ref: HandleRef) => rt.handleFor(ref);
    const t = spec.target;
    let self: Process;
    let fn: string | undefined;
    if (t.kind === 'class') {
      const Cls = lookup(t.name) as { prototype: object };
      self = Object.create(Cls.prototype) as Process;
      Object.assign(self, deserialize(t.state, lookup, handleFor));
      fn = (t as { fn?: string }).fn;
    } else {
      self = Object.create(Process.prototype) as Process;
      fn = t.kind === 'function' ? t.name : undefined;
    }
    states.set(self, {
      ...base,
      name: spec.name,
      identity: spec.identity,
      daemon: spec.daemon,
      creatorPid: rt.originalPpid,
      target: fn === undefined ? null : (lookup(fn) as PState['target']),
      args: deserialize(spec.args, lookup, handleFor) as unknown[],
      kwargs:
        spec.kwargs === undefined
          ? undefined
          : (deserialize(spec.kwargs, lookup, handleFor) as Record<string, unknown>),
    });
    return self;
  };

  const makeParent = (): Process | null => {
    if (rt.parentName === null) return null;
    const p = Object.create(Process.prototype) as Process;
    states.set(p, {
      name: rt.parentName,
      identity: [],
      daemon: false,
      target: null,
      args: [],
      kwargs: undefined,
      creatorPid: null,
      pid: rt.originalPpid,
      started: true,
      closed: false,
      exitCode: null,
      reaped: false,
      isCurrent: false,
      isParent: true,
    });
    return p;
  };

  let parent: Process | null | undefined;

  /** Starts a process the runtime itself needs (a Pool worker): daemonic, named by `nameFor(identity)`. */
  const startInternal = (target: SpawnTarget, nameFor: (identity: number[]) => string): Process => {
    const p = new Process({ daemon: true });
    const s = st(p);
    s.name = nameFor(s.identity);
    s.internal = target;
    p.start();
    return p;
  };

  return {
    Process,
    makeSelf,
    startInternal,
    reapFinished,
    /** @py multiprocessing.current_process */
    currentProcess: (): Process => rt.current as Process,
    /** @py multiprocessing.parent_process */
    parentProcess: (): Process | null => (parent === undefined ? (parent = makeParent()) : parent),
    /** @py multiprocessing.active_children — also reaps every finished child. */
    activeChildren: (): Process[] => {
      reapFinished();
      return [...rt.children.values()] as Process[];
    },
    /** @py multiprocessing.cpu_count */
    cpuCount: (): number => rt.cpuCount,
    /** Applies a `childExit` from the kernel to the child's object. */
    childExited: (pid: Pid, code: number) => {
      const child = rt.children.get(pid);
      if (child) st(child).exitCode = code;
    },
  };
}

function exitName(code: number): string {
  if (code === -15) return '-SIGTERM';
  if (code === -9) return '-SIGKILL';
  return String(code);
}

export type ProcessModule = ReturnType<typeof makeProcessModule>;
