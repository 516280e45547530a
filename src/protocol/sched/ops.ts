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

/** EXIT: the process still has children it started, so its exit may terminate daemons among them. */
export const FLAG_HAS_CHILDREN = 1;

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
  return (h >>> 0) & 0x7fffff;
}

/** The key every print shares (the terminal is one object) and the one of program time. */
export const KEY_OUTPUT = 1;
export const KEY_TIME = 2;

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

/** The descriptor of a point unit: [word A, word B]; `exitFlags` is what the process knew when it sent `exit`. */
export function describeUnit(msg: ProcToKernel, exitFlags = 0): [number, number] {
  switch (msg.t) {
    case 'out':
      return [descA(K.OUT, KEY_OUTPUT), 0];
    case 'spawn':
      return [descA(K.SPAWN, keyOf(`proc:${msg.spec.pid}`)), msg.spec.pid];
    case 'signal':
      return [descA(K.SIGNAL, keyOf(`proc:${msg.pid}`)), msg.pid];
    case 'exit':
      return [descA(K.EXIT, 0, exitFlags), msg.code];
    case 'call':
      if (msg.call.op === 'sleep') return [descA(K.SLEEP, KEY_TIME), 0];
      if (msg.call.op === 'join') return [descA(K.JOIN, keyOf(`proc:${msg.call.pid}`)), msg.call.pid];
      return [descA(K.CALL, keyOf(msg.call.id)), 0];
    case 'op':
      return [descA(K.OP, keyOf(msg.id)), 0];
    default:
      return [descA(K.UNKNOWN, 0), 0];
  }
}

/** A shared-memory access: `index` -1 stands for every element (a slice or an assignment of the whole array). */
export const smDesc = (write: boolean, key: number, index: number): [number, number] => [
  descA(write ? K.SM_WRITE : K.SM_READ, key),
  index,
];

const isSm = (kind: number) => kind === K.SM_READ || kind === K.SM_WRITE;

/**
 * Whether two steps of different processes are dependent: swapping them (when adjacent) could change what any
 * process sees. Shared-memory accesses conflict on the same element when one writes; kernel calls conflict with
 * each other (conservatively: the kernel's state and every message it sends are one object); a shared-memory
 * access and a kernel call commute, except a signal (it may end the other process) and the exit of a process
 * that started children (it may terminate daemons). Unknown steps conflict with everything.
 */
export function dependent(a0: number, a1: number, b0: number, b1: number): boolean {
  const ka = kindOf(a0);
  const kb = kindOf(b0);
  if (ka === K.UNKNOWN || kb === K.UNKNOWN || ka === K.SIGNAL || kb === K.SIGNAL) return true;
  const sa = isSm(ka);
  const sb = isSm(kb);
  if (sa && sb) {
    if (keyOfDesc(a0) !== keyOfDesc(b0)) return false;
    if (a1 !== b1 && a1 !== -1 && b1 !== -1) return false;
    return ka === K.SM_WRITE || kb === K.SM_WRITE;
  }
  if (sa !== sb) {
    const k = sa ? b0 : a0;
    return kindOf(k) === K.EXIT && (flagsOf(k) & FLAG_HAS_CHILDREN) !== 0;
  }
  return true;
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
