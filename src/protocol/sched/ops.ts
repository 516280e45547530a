// What a scheduling step does, in two 32-bit words: which kernel calls are scheduling points, the descriptor of
// each step, and when two steps of different processes are dependent (their order can matter).
import type { KernelToProc, ProcToKernel } from '../messages';

/** The kinds of step. */
export const K = {
  UNKNOWN: 0,
  SM_READ: 1,
  SM_WRITE: 2,
  OUT: 3,
  SPAWN: 4,
  JOIN: 5,
  EXIT: 6,
  SLEEP: 7,
  SIGNAL: 8,
  /** A method of a shared object that may wait (`get`, `acquire`, `empty`…). */
  CALL: 9,
  /** A method of a shared object that returns at once (`put` on an unbounded queue, `release`, `set`…). */
  OP: 10,
} as const;

/**
 * The step may affect any process (a signal ends one; an Event's set() or a Pool's change is pushed to every
 * holder; a Condition's wait releases its lock): it conflicts with every kernel call, and with shared-memory
 * accesses too.
 */
export const FLAG_GLOBAL = 1;
/** EXIT: the process still has children it started, so its exit may terminate daemons among them. */
export const FLAG_HAS_CHILDREN = FLAG_GLOBAL;

/** The object id of the controller's own messages (a process telling it that it came to rest). Never a real id. */
export const SCHED_OBJECT = '@sched';

/** Non-blocking ops that only report on a lease or a pipe's direct link: bookkeeping, not steps. */
const BOOKKEEPING = new Set(['took', 'unlease', 'lsent', 'ltook', 'lunwritten', 'lunread']);

/** 23-bit FNV-1a of a string: the key of a shared object in descriptors (collisions only add dependencies). */
export function keyOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffff || 3; // never 0 (no key) nor the output's or time's
}

/** The key every print shares (the terminal is one object) and the one of program time. */
export const KEY_OUTPUT = 1;
export const KEY_TIME = 2;

/**
 * Methods of shared objects whose effect stays within their object (and the caller): a queue's, a lock's or a
 * semaphore's, a pipe's. Any other method (an Event's set(), a Barrier's wait(), a Condition's, a Pool's) may
 * push state to every process holding the object, or touch another object: it is marked FLAG_GLOBAL.
 */
const LOCAL_METHODS: ReadonlySet<string> = new Set([
  'get',
  'put',
  'empty',
  'full',
  'qsize',
  'taskDone',
  'join',
  'acquire',
  'release',
  'send',
  'recv',
  'poll',
]);

/** Who a process is, for the keys of its lifecycle steps (its parent's children are one object). */
export interface UnitContext {
  pid: number;
  ppid: number;
}

/** An object id without the end of a pipe (`1000.3/1`): both ends are one object. */
const objectKey = (id: string) => keyOf(`obj:${id.split('/')[0]}`);
const familyKey = (parent: number) => keyOf(`children:${parent}`);
const procKey = (pid: number) => keyOf(`proc:${pid}`);

/** Packs kind, flags and key into a descriptor's first word. */
export const descA = (kind: number, key: number, flags = 0): number => kind | (flags << 4) | (key << 8);
export const kindOf = (a: number): number => a & 0xf;
export const flagsOf = (a: number): number => (a >> 4) & 0xf;
export const keyOfDesc = (a: number): number => a >>> 8;

/** Whether `msg` is a scheduling point: a kernel call whose effect others can see. Everything else rides along. */
export function isPointUnit(msg: ProcToKernel): boolean {
  switch (msg.t) {
    case 'out':
    case 'spawn':
    case 'call':
    case 'signal':
    case 'exit':
      return true;
    case 'op':
      return msg.id !== SCHED_OBJECT && !BOOKKEEPING.has(msg.method);
    default:
      return false;
  }
}

/** Whether `msg` is the controller's own (never given to the kernel). */
export const isSchedMessage = (msg: ProcToKernel): boolean => msg.t === 'op' && msg.id === SCHED_OBJECT;

/**
 * The descriptor of a point unit: [word A: kind, flags, first key; word B: a second key or 0]. Lifecycle steps are
 * keyed by the family they change (`children:parent`, whose messages go to the parent) and by the process they are
 * about (`proc:pid`): a join conflicts with the exit it waits for, siblings' exits with each other. `exitFlags`:
 * what the process knew when it sent `exit`; `who`: the sender (without it, lifecycle steps conflict with all).
 */
export function describeUnit(msg: ProcToKernel, exitFlags = 0, who?: UnitContext): [number, number] {
  const family = (parent: number | undefined, flags = 0) => (who ? [familyKey(parent!), flags] : [0, FLAG_GLOBAL]);
  switch (msg.t) {
    case 'out':
      return [descA(K.OUT, KEY_OUTPUT), 0];
    case 'spawn': {
      const [key, flags] = family(who?.pid);
      return [descA(K.SPAWN, key!, flags), procKey(msg.spec.pid)];
    }
    case 'signal':
      return [descA(K.SIGNAL, procKey(msg.pid), FLAG_GLOBAL), 0];
    case 'exit': {
      const [key, flags] = family(who?.ppid, exitFlags);
      return [descA(K.EXIT, key!, flags), who ? procKey(who.pid) : 0];
    }
    case 'call': {
      const c = msg.call;
      if (c.op === 'sleep') return [descA(K.SLEEP, KEY_TIME), 0];
      // How much every queue and pipe holds (a put near the cap asks): it reads them all.
      if (c.op === 'held') return [descA(K.CALL, KEY_OUTPUT, FLAG_GLOBAL), 0];
      const timed = c.timeout !== null ? KEY_TIME : 0;
      if (c.op === 'join') {
        const [key, flags] = family(who?.pid);
        return [descA(K.JOIN, key!, flags), procKey(c.pid)];
      }
      return [descA(K.CALL, objectKey(c.id), LOCAL_METHODS.has(c.method) ? 0 : FLAG_GLOBAL), timed];
    }
    case 'op':
      return [descA(K.OP, objectKey(msg.id), LOCAL_METHODS.has(msg.method) ? 0 : FLAG_GLOBAL), 0];
    default:
      return [descA(K.UNKNOWN, 0), 0];
  }
}

/** SM_READ / SM_WRITE: the access is to an element of an Array (not a Value's value): for labels only. */
export const FLAG_ARRAY = 2;

/** A shared-memory access: `index` -1 stands for every element (a slice or an assignment of the whole array). */
export const smDesc = (write: boolean, key: number, index: number, array = false): [number, number] => [
  descA(write ? K.SM_WRITE : K.SM_READ, key, array ? FLAG_ARRAY : 0),
  index,
];

const isSm = (kind: number) => kind === K.SM_READ || kind === K.SM_WRITE;

/**
 * Whether two steps of different processes are dependent: swapping them (when adjacent) could change what any
 * process sees. Shared-memory accesses conflict on the same element when one writes; kernel calls conflict when
 * they share a key (the same object, the terminal, program time, a family's exits and joins); a shared-memory
 * access and a kernel call commute. A step marked FLAG_GLOBAL conflicts with every other, and an unknown step too.
 */
export function dependent(a0: number, a1: number, b0: number, b1: number): boolean {
  const ka = kindOf(a0);
  const kb = kindOf(b0);
  if (ka === K.UNKNOWN || kb === K.UNKNOWN) return true;
  if (flagsOf(a0) & FLAG_GLOBAL || flagsOf(b0) & FLAG_GLOBAL) return true;
  const sa = isSm(ka);
  const sb = isSm(kb);
  if (sa && sb) {
    if (keyOfDesc(a0) !== keyOfDesc(b0)) return false;
    if (a1 !== b1 && a1 !== -1 && b1 !== -1) return false;
    return ka === K.SM_WRITE || kb === K.SM_WRITE;
  }
  if (sa !== sb) return false;
  // Kernel calls: word A's key, and word B's second key where there is one.
  const ka1 = keyOfDesc(a0);
  const kb1 = keyOfDesc(b0);
  return ka1 === kb1 || (a1 !== 0 && (a1 === kb1 || a1 === b1)) || (b1 !== 0 && b1 === ka1);
}

/**
 * Whether a batch from the kernel can run code of the process it goes to: an init, an answer, an error raised in it
 * or a notification (a Pool's) can; a state update, a clock or a child's exit only update what the runtime keeps.
 * The process and the controller count these batches alike (S.WAKES, S.SEEN).
 */
export function wakes(batch: readonly KernelToProc[]): boolean {
  for (const m of batch) {
    const t = m.t as string;
    if (t === 'init' || t === 'reply' || t === 'raise' || t === 'notify' || t === 'ack' || t === 'nack') return true;
  }
  return false;
}
