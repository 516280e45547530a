// The kernel trusts no process: every message is checked here (shape, sizes, pids, object ids) before the
// kernel acts on it, so that a program that talks to the kernel itself can end only its own process.
import type { Call, ObjectKind, ProcToKernel, SpawnSpec, SpawnTarget } from '../protocol/messages';
import { OBJECT_KINDS } from '../protocol/messages';
import type { SyncObject } from './objects/base';
import type { Proc, ProcTable } from './procTable';
import type { SharedObjects } from './sharedObjects';
import { findHandles } from './util';

/** Why a message is refused (a clause that completes "the kernel refused … because"), or null to accept it. */
export type Refusal = string | null;

/** The most messages one batch may hold (a runtime sends at most a few hundred). */
export const MAX_BATCH = 100_000;
/** The most args one op may carry (a runtime appends at most 1024 to one op). */
const MAX_ARGS = 100_000;
/** Longest method name, object id, process name and function name a process may send. */
const MAX_NAME = 4096;
/** The deepest `identity` (Process-1:2:3…) a process may claim. */
const MAX_IDENTITY = 256;

const KINDS: ReadonlySet<string> = new Set(OBJECT_KINDS);
const PROC_EXIT_REASONS: ReadonlySet<string> = new Set(['returned', 'exception', 'sys.exit']);

/** A value as a refusal quotes it: a number or a short string as is, anything else by its type (never throws). */
const show = (v: unknown): string => {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.length > 64 ? `${v.slice(0, 64)}…` : v;
  return v === null ? 'null' : `a ${typeof v}`;
};
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isRecord = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};
const isName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_NAME;
/** A timeout: seconds (negative acts as 0) or null for none; never NaN. */
const isTimeout = (v: unknown): boolean => v === null || (typeof v === 'number' && !Number.isNaN(v));
const isEnd = (v: unknown): boolean => v === 0 || v === 1;
const intsAbove = (args: unknown[], floor: number): boolean => {
  let last = floor;
  for (const a of args) {
    if (!isInt(a) || a <= last) return false;
    last = a;
  }
  return true;
};
const none = (args: unknown[]): Refusal => (args.length === 0 ? null : 'it takes no arguments');
const block = (args: unknown[]): Refusal =>
  args.length <= 1 && (args[0] === undefined || typeof args[0] === 'boolean') ? null : 'its argument is `block`';
const jobArg = (args: unknown[]): Refusal => (args.length === 1 && isInt(args[0]) ? null : 'its argument is a job id');

type ArgCheck = (args: unknown[], obj: SyncObject) => Refusal;

/** The blocking methods (`call`) a process may ask of each kind of object, and their args. */
const CALLS: Record<string, Record<string, ArgCheck>> = {
  queue: {
    get: block,
    lease: none,
    put: (a) => (a.length === 2 && typeof a[1] === 'boolean' ? null : 'its arguments are the item and `block`'),
    qsize: none,
    empty: none,
    full: none,
  },
  JoinableQueue: { join: none },
  lock: { acquire: block, getValue: none, locked: none },
  Event: { wait: none },
  Condition: { wait: none },
  Barrier: { wait: none },
  Connection: {
    recv: (a) => (isEnd(a[0]) && a.length <= 2 && (a[1] === undefined || isInt(a[1])) ? null : 'bad pipe end'),
    poll: (a) => (isEnd(a[0]) && a.length <= 2 && (a[1] === undefined || isInt(a[1])) ? null : 'bad pipe end'),
  },
  Pool: {
    take: (a) => (a.length === 1 && isInt(a[0]) ? null : 'its argument is a chunk count'),
    get: jobArg,
    wait: jobArg,
    next: jobArg,
    join: none,
  },
};

const pipeReports = (shape: (r: unknown[]) => boolean) => (args: unknown[]) =>
  args.every((r) => Array.isArray(r) && shape(r)) ? null : 'its reports are malformed';

/** The non-blocking methods (`op`) a process may send each kind of object; `checked` ones carry call numbers. */
const OPS: Record<string, Record<string, ArgCheck>> = {
  queue: {
    put: (a) => (a.length > 0 ? null : 'it puts nothing'),
    took: (a) => (a.every(isInt) ? null : 'its item ids are not integers'),
    unlease: (a) => (a.every(isInt) ? null : 'its item ids are not integers'),
  },
  JoinableQueue: { taskDone: () => null },
  lock: { release: () => null },
  Event: { set: none, clear: none },
  Condition: {
    notify: (a) => (a.length === 1 && isInt(a[0]) ? null : 'its argument is a count'),
    notifyAll: none,
  },
  Barrier: { actionDone: none, actionFailed: none, abort: none, reset: none },
  Connection: {
    send: (a) => (a.length === 2 && isEnd(a[0]) ? null : 'its arguments are the end and the message'),
    lsent: pipeReports((r) => r.length === 3 && isEnd(r[0]) && isInt(r[1]) && typeof r[2] === 'string'),
    ltook: pipeReports((r) => r.length === 3 && isEnd(r[0]) && isInt(r[1]) && isInt(r[2])),
    lcancel: (a) => (a.length === 1 && isEnd(a[0]) ? null : 'bad pipe end'),
    lunwritten: (a) => (a.length === 2 && isEnd(a[0]) && isInt(a[1]) ? null : 'bad pipe end or seq'),
    lunread: (a) =>
      a.length === 2 && isEnd(a[0]) && Array.isArray(a[1]) && a[1].every((r) => isRecord(r) && isInt(r.w) && isInt(r.s))
        ? null
        : 'its messages are malformed',
    lrelease: (a) => (a.length === 1 && isEnd(a[0]) ? null : 'bad pipe end'),
    close: (a) => (a.length === 1 && isEnd(a[0]) ? null : 'bad pipe end'),
  },
  Pool: {
    submit: (a) =>
      a.length === 7 &&
      isInt(a[0]) &&
      ['apply', 'map', 'imap', 'imapUnordered'].includes(a[1] as string) &&
      isName(a[2]) &&
      Array.isArray(a[3]) &&
      a[3].every((c) => Array.isArray(c) || c instanceof Float64Array) &&
      typeof a[4] === 'boolean' &&
      typeof a[5] === 'boolean' &&
      (a[6] === undefined || isRecord(a[6]))
        ? null
        : 'its job is malformed',
    result: (a) =>
      a.length === 6 && isInt(a[0]) && isInt(a[1]) && typeof a[2] === 'boolean' && typeof a[5] === 'boolean'
        ? null
        : 'its result is malformed',
    close: none,
    terminate: none,
  },
};

/** Which rows of CALLS/OPS apply to an object of `kind`. */
function groupsOf(kind: ObjectKind): string[] {
  switch (kind) {
    case 'Queue':
    case 'SimpleQueue':
      return ['queue'];
    case 'JoinableQueue':
      return ['queue', 'JoinableQueue'];
    case 'Lock':
    case 'RLock':
    case 'Semaphore':
    case 'BoundedSemaphore':
      return ['lock'];
    default:
      return [kind];
  }
}

function methodCheck(table: typeof CALLS, kind: ObjectKind, method: string): ArgCheck | undefined {
  for (const g of groupsOf(kind)) {
    const row = table[g];
    if (row && Object.hasOwn(row, method)) return row[method];
  }
  return undefined;
}

/** The creation options each kind accepts (what its runtime sends). */
function optsRefusal(kind: ObjectKind, o: Record<string, unknown>, p: Proc, objects: SharedObjects): Refusal {
  switch (kind) {
    case 'Queue':
    case 'JoinableQueue':
      return typeof o.maxsize === 'number' ? null : 'its maxsize is not a number';
    case 'Lock':
    case 'RLock':
    case 'Semaphore':
    case 'BoundedSemaphore':
      return isInt(o.value) && o.value >= 0 ? null : 'its value is not a count';
    case 'Condition': {
      const lock = typeof o.lock === 'string' ? objects.get(o.lock) : undefined;
      if (!lock || (lock.kind !== 'Lock' && lock.kind !== 'RLock')) return 'its lock is not a Lock or RLock';
      return lock.mayUse(p.pid, 'acquire') ? null : `it does not hold ${lock.name}`;
    }
    case 'Barrier':
      return isInt(o.parties) && o.parties >= 1 && (o.action === null || isName(o.action)) && isTimeout(o.timeout)
        ? null
        : 'its parties, action or timeout are malformed';
    case 'Connection':
      return typeof o.duplex === 'boolean' ? null : 'its duplex flag is not a boolean';
    case 'Pool':
      return isInt(o.processes) && o.processes >= 1 ? null : 'its processes count is not a positive integer';
    default:
      return null;
  }
}

/** Checks messages against the kernel's state: what the sender was given, holds and may ask. */
export class MessageGuard {
  constructor(
    private readonly procs: ProcTable,
    private readonly objects: SharedObjects,
  ) {}

  /** Why the kernel must refuse `msg` from `p`, or null. */
  check(p: Proc, msg: unknown): Refusal {
    if (!isRecord(msg)) return 'it is not a message object';
    const m = msg as ProcToKernel;
    switch (m.t) {
      case 'boot':
        return p.state === 'created' ? null : 'the process had already started';
      case 'phase':
        return m.phase === 'run' ? null : 'its phase is unknown';
      case 'notified':
      case 'ready':
      case 'pidsLow':
        return null;
      case 'out':
        return (m.stream === 'stdout' || m.stream === 'stderr') && typeof m.text === 'string'
          ? null
          : 'its stream or text is malformed';
      case 'spawn':
        return this.spawn(p, m.spec);
      case 'call':
        if (!isInt(m.id) || m.id <= p.lastCallId) return 'its call id is not new';
        return this.call(p, m.call);
      case 'signal': {
        if (m.signal !== 15 && m.signal !== 9) return 'its signal is neither 15 nor 9';
        const target = isInt(m.pid) ? this.procs.get(m.pid) : undefined;
        return target && target.ppid === p.pid ? null : `pid ${show(m.pid)} is not a child of this process`;
      }
      case 'reap':
        return isInt(m.pid) ? null : 'its pid is not an integer';
      case 'exit':
        if (!isInt(m.code) || m.code < 0 || m.code > 255) return 'its exit code is not 0…255';
        if (!PROC_EXIT_REASONS.has(m.reason)) return 'its reason is not one a process gives';
        return m.reusable === undefined || typeof m.reusable === 'boolean' ? null : 'its reusable flag is malformed';
      case 'new':
        return this.create(p, m);
      case 'op':
        return this.op(p, m);
      default:
        return 'its kind is unknown';
    }
  }

  private spawn(p: Proc, spec: unknown): Refusal {
    if (!isRecord(spec)) return 'its spec is not an object';
    const s = spec as unknown as SpawnSpec;
    if (p.daemon) return 'daemonic processes are not allowed to have children';
    if (p.exiting) return 'the process has finished its code';
    if (!isInt(s.pid) || !p.pidBlocks.some(([a, b]) => s.pid >= a && s.pid < b))
      return `pid ${show(s.pid)} was not given to it to start a child with`;
    if (this.procs.has(s.pid)) return `pid ${s.pid} is already in use`;
    if (typeof s.name !== 'string') return 'its name is not a string';
    if (!Array.isArray(s.identity) || s.identity.length > MAX_IDENTITY || !s.identity.every(isInt))
      return 'its identity is malformed';
    if (typeof s.daemon !== 'boolean') return 'its daemon flag is not a boolean';
    if (!Array.isArray(s.args)) return 'its args are not an array';
    if (s.kwargs !== undefined && !isRecord(s.kwargs)) return 'its kwargs are not an object';
    const target = this.target(p, s.target);
    if (target) return target;
    // Handles of kernel objects must be the sender's to pass on (a Value's lives in shared memory, not here).
    for (const ref of findHandles([s.args, s.kwargs, s.target])) {
      const obj = this.objects.get(ref.split('/')[0]!);
      if (obj && !obj.holders.has(p.pid)) return `it passes on ${obj.name}, which it does not hold`;
    }
    return null;
  }

  private target(p: Proc, t: unknown): Refusal {
    if (!isRecord(t)) return 'its target is not an object';
    const target = t as unknown as SpawnTarget;
    switch (target.kind) {
      case 'none':
        return null;
      case 'function':
        return isName(target.name) ? null : 'its target name is malformed';
      case 'class':
        return isName(target.name) && isRecord(target.state) && (target.fn === undefined || isName(target.fn))
          ? null
          : 'its target class is malformed';
      case 'poolWorker': {
        const pool = typeof target.pool === 'string' ? this.objects.get(target.pool) : undefined;
        if (!pool || pool.kind !== 'Pool' || !pool.mayUse(p.pid, 'submit')) return 'its pool is not one it owns';
        const ok =
          (target.initializer === null || isName(target.initializer)) &&
          Array.isArray(target.initargs) &&
          (target.maxtasks === null || (isInt(target.maxtasks) && target.maxtasks > 0));
        return ok ? null : 'its pool worker settings are malformed';
      }
      default:
        return 'its target kind is unknown';
    }
  }

  private call(p: Proc, call: unknown): Refusal {
    if (!isRecord(call)) return 'its call is not an object';
    const c = call as unknown as Call;
    switch (c.op) {
      case 'sleep':
        return typeof c.seconds === 'number' && c.seconds >= 0 ? null : 'its seconds are not a non-negative number';
      case 'join':
        return isInt(c.pid) && isTimeout(c.timeout) ? null : 'its pid or timeout is malformed';
      case 'held':
        return null;
      case 'obj': {
        if (!Array.isArray(c.args) || !isTimeout(c.timeout)) return 'its args or timeout are malformed';
        const obj = this.usable(p, c.id, c.method, c.args, CALLS);
        return typeof obj === 'string' ? obj : null;
      }
      default:
        return 'its operation is unknown';
    }
  }

  private create(p: Proc, m: Extract<ProcToKernel, { t: 'new' }>): Refusal {
    if (typeof m.id !== 'string' || !m.id.startsWith(`${p.pid}.`) || !/^\d+\.[1-9]\d*$/.test(m.id))
      return `id ${show(m.id)} is not one this process may give (${p.pid}.N)`;
    if (this.objects.get(m.id)) return `id ${m.id} is already taken`;
    if (!KINDS.has(m.kind)) return 'its kind of object is unknown';
    if (!isRecord(m.opts)) return 'its options are not an object';
    return optsRefusal(m.kind, m.opts, p, this.objects);
  }

  private op(p: Proc, m: Extract<ProcToKernel, { t: 'op' }>): Refusal {
    if (!Array.isArray(m.args) || m.args.length > MAX_ARGS) return 'its args are not an array of a sane length';
    if (m.checked !== undefined) {
      if (m.checked !== true) return 'its checked flag is malformed';
      if (m.method !== 'taskDone' && m.method !== 'release') return `${show(m.method)} is not a checked call`;
      if (!m.args.length || !intsAbove(m.args, p.checkedUpTo)) return 'its call numbers are not new';
    } else if (m.method === 'taskDone') return 'taskDone is a checked call';
    const obj = this.usable(p, m.id, m.method, m.checked ? [] : m.args, OPS);
    if (typeof obj === 'string') return obj;
    if (m.method === 'release') {
      const checked = obj.kind === 'Lock' || obj.kind === 'BoundedSemaphore';
      if (checked !== (m.checked === true)) return 'its release is checked for the wrong kind of lock';
      if (!checked && m.args.length) return 'its release takes no arguments';
    }
    return null;
  }

  /** The object `id` if `p` may ask `method` of it with `args`, else why not. */
  private usable(p: Proc, id: unknown, method: unknown, args: unknown[], table: typeof CALLS): SyncObject | string {
    if (typeof id !== 'string' || id.length > MAX_NAME) return 'its object id is malformed';
    const obj = this.objects.get(id);
    if (!obj) return `object ${id} does not exist`;
    if (typeof method !== 'string') return 'its method is not a string';
    const check = methodCheck(table, obj.kind, method);
    if (!check) return `${obj.name} has no method ${show(method)} for it`;
    if (!obj.mayUse(p.pid, method)) return `it does not hold ${obj.name}`;
    return check(args, obj) ?? obj;
  }
}
