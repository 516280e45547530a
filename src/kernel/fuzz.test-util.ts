// Fuzzing the kernel's protocol: seeded random messages for a puppet process (see hostile.test-util.ts), of the
// shapes a runtime sends, with real ids and pids, some of them mutated at random.
import { HANDLE_TAG, type ProcToKernel } from '../protocol/messages';
import type { Puppet } from './hostile.test-util';

/** MainProcess is 1000; its first child, the witness, 1001; the puppets come after. */
export const WITNESS = 1001;

/** The ids of the objects a puppet was given in its args (its bait), in order. */
export function baitIds(p: Puppet): string[] {
  return (p.init.spawn?.args ?? []).map((a) => (a as { id: string }).id);
}

/** A spawn spec a puppet could honestly send: its first free pid, a registered target, one bait handle. */
export function spawnSpec(p: Puppet) {
  return {
    pid: p.init.pids[0],
    name: `${p.pid}-child`,
    identity: [1],
    daemon: false,
    target: { kind: 'function', name: 'idle' },
    args: [{ [HANDLE_TAG]: 'Queue', id: baitIds(p)[0], extra: { maxsize: 0 } }],
  };
}

/** mulberry32: a small seeded PRNG, so a failing seed can be run again. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const METHODS = [
  'get',
  'put',
  'lease',
  'took',
  'unlease',
  'qsize',
  'empty',
  'full',
  'join',
  'taskDone',
  'acquire',
  'release',
  'getValue',
  'locked',
  'set',
  'clear',
  'wait',
  'notify',
  'notifyAll',
  'abort',
  'reset',
  'actionDone',
  'actionFailed',
  'send',
  'recv',
  'poll',
  'close',
  'lsent',
  'ltook',
  'lcancel',
  'lunwritten',
  'lunread',
  'lrelease',
  'submit',
  'result',
  'take',
  'next',
  'terminate',
  '__proto__',
  'toString',
  '',
];
const KINDS = [
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
  'Nope',
];

/** Kinds of the bait, in the order program() passes it (a Pipe's two ends are one object). */
const BAIT_KINDS = [
  'Queue',
  'JoinableQueue',
  'Lock',
  'RLock',
  'BoundedSemaphore',
  'Event',
  'Condition',
  'Barrier',
  'Connection',
];

/** For each kind, the methods an honest runtime uses, as [op or call, method, args maker]. */
function honestUses(int: (n: number) => number): Record<string, [string, string, () => unknown[]][]> {
  const end = () => [int(2)];
  return {
    Queue: [
      ['call', 'get', () => [int(2) === 0]],
      ['op', 'put', () => [int(9), 'x']],
      ['call', 'qsize', () => []],
      ['call', 'put', () => [1, false]],
      ['op', 'took', () => [int(50)]],
      ['op', 'unlease', () => [int(50)]],
      ['call', 'lease', () => []],
    ],
    JoinableQueue: [
      ['op', 'put', () => [1]],
      ['call', 'get', () => [false]],
      ['call', 'join', () => []],
      ['call', 'empty', () => []],
      ['call', 'full', () => []],
    ],
    Lock: [
      ['call', 'acquire', () => [int(2) === 0]],
      ['call', 'locked', () => []],
    ],
    RLock: [
      ['call', 'acquire', () => [true]],
      ['op', 'release', () => []],
      ['call', 'getValue', () => []],
    ],
    BoundedSemaphore: [
      ['call', 'acquire', () => [false]],
      ['call', 'getValue', () => []],
    ],
    Event: [
      ['op', 'set', () => []],
      ['op', 'clear', () => []],
      ['call', 'wait', () => []],
    ],
    Condition: [
      ['call', 'wait', () => []],
      ['op', 'notify', () => [int(3) - 1]],
      ['op', 'notifyAll', () => []],
    ],
    Barrier: [
      ['call', 'wait', () => []],
      ['op', 'abort', () => []],
      ['op', 'reset', () => []],
      ['op', 'actionDone', () => []],
      ['op', 'actionFailed', () => []],
    ],
    Connection: [
      ['op', 'send', () => [int(2), { n: int(9) }]],
      ['call', 'recv', end],
      ['call', 'poll', end],
      ['op', 'close', end],
      ['op', 'lsent', () => [[int(2), int(5), 'x']]],
      ['op', 'ltook', () => [[int(2), 1000 + int(12), int(5)]]],
      ['op', 'lcancel', end],
      ['op', 'lunwritten', () => [int(2), int(5)]],
      ['op', 'lunread', () => [int(2), [{ v: 1, w: 1000, s: 1 }]]],
      ['op', 'lrelease', end],
      ['call', 'recv', () => [int(2), int(4)]],
    ],
  };
}

/**
 * Random messages for puppet `p`: shapes a runtime sends, with real ids and pids (its bait's methods with
 * plausible args, or real messages of an honest run), of which a share (`wild`) is then mutated at random.
 */
export function fuzzer(seed: number, p: Puppet, corpus: ProcToKernel[], wild: number) {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (n: number) => Math.floor(rnd() * n);
  const ids = baitIds(p);
  let own = 0;
  let callId = 0;
  let seq = 0;
  const pids = [
    0,
    1,
    999,
    1000,
    WITNESS,
    p.pid,
    p.pid + 1,
    p.init.pids[0],
    p.init.pids[0] + 1,
    p.init.pids[1],
    2 ** 31,
  ];
  const objIds = () => [...ids, `${p.pid}.${own}`, `${p.pid}.${own + 1}`, '1000.1', '1000.2', `${p.pid}.0`, 'x'];
  const nasty = (): unknown =>
    pick([
      undefined,
      null,
      NaN,
      Infinity,
      -Infinity,
      -1,
      0,
      1,
      1.5,
      2 ** 53,
      '',
      'x',
      'x'.repeat(5000),
      '__proto__',
      'constructor',
      true,
      false,
      {},
      [],
      [1, 2],
      [[0, 1, 'x']],
      { t: 'boot' },
      new Float64Array(3),
      Object.create(null),
      { [HANDLE_TAG]: 'Queue', id: '1000.1' },
      pick(pids),
      pick(objIds()),
      pick(METHODS),
    ]);
  const args = (): unknown[] => Array.from({ length: int(4) }, () => (rnd() < 0.5 ? int(3) : nasty()));
  const uses = honestUses(int);
  const template = (): Record<string, unknown> => {
    if (rnd() < 0.5) {
      // One of its bait's own methods, as an honest runtime would ask it (the timeouts short).
      const i = int(BAIT_KINDS.length);
      const [how, method, make] = pick(uses[BAIT_KINDS[i]!]!);
      const id = ids[i]!.split('/')[0]!;
      if (how === 'op') return { t: 'op', id, method, args: make() };
      return { t: 'call', id: ++callId, call: { op: 'obj', id, method, args: make(), timeout: pick([0, 0.1, 1]) } };
    }
    switch (int(16)) {
      case 0:
        return { t: pick(['boot', 'phase', 'notified', 'pidsLow', 'ready', 'zzz']), phase: 'run' };
      case 1:
        return { t: 'out', stream: pick(['stdout', 'stderr']), text: `fuzz ${int(100)}\n` };
      case 2:
        return { t: 'spawn', spec: { ...spawnSpec(p), pid: pick(pids), args: rnd() < 0.5 ? [] : [nasty()] } };
      case 3:
        return { t: 'call', id: ++callId, call: { op: 'sleep', seconds: pick([0, 0.1, 5, -1, NaN]) } };
      case 4:
        return { t: 'call', id: ++callId, call: { op: 'join', pid: pick(pids), timeout: pick([null, 0, 0.1]) } };
      case 5:
      case 6:
        return {
          t: 'call',
          id: rnd() < 0.9 ? ++callId : callId,
          call: { op: 'obj', id: pick(objIds()), method: pick(METHODS), args: args(), timeout: pick([null, 0, 0.1]) },
        };
      case 7:
      case 8:
        return { t: 'op', id: pick(objIds()), method: pick(METHODS), args: args() };
      case 9:
        seq += 1 + int(2);
        return { t: 'op', id: pick(objIds()), method: pick(['taskDone', 'release']), args: [seq], checked: true };
      case 10:
        return { t: 'signal', pid: pick(pids), signal: pick([9, 15, 2]) };
      case 11:
        return { t: 'reap', pid: pick(pids) };
      case 12:
        return {
          t: 'new',
          id: rnd() < 0.8 ? `${p.pid}.${++own}` : pick(objIds()),
          kind: pick(KINDS),
          opts: pick([
            {},
            { maxsize: 2 },
            { value: 1 },
            { lock: pick(objIds()) },
            { parties: 2, action: null, timeout: null },
            { duplex: true },
            { processes: 2 },
          ]),
        };
      case 13:
        return { t: 'exit', code: pick([0, 1, 3, 256, -1]), reason: pick(['returned', 'killed', 'x']) };
      default: {
        // A real message some honest process sent, given this puppet's ids.
        const m = structuredClone(pick(corpus)) as unknown as Record<string, unknown>;
        if (typeof m.id === 'string') m.id = pick(objIds());
        if (m.t === 'call' && typeof m.id === 'number') m.id = ++callId;
        return m;
      }
    }
  };
  /** Replaces a random field, at any depth, by something nasty; or deletes it. */
  const mutate = (m: Record<string, unknown>): Record<string, unknown> => {
    let node: Record<string, unknown> = m;
    for (let depth = 0; depth < 4; depth++) {
      const keys = Object.keys(node);
      if (!keys.length) break;
      const k = pick(keys);
      const v = node[k];
      if (v !== null && typeof v === 'object' && !(v instanceof Float64Array) && rnd() < 0.5) {
        node = v as Record<string, unknown>;
        continue;
      }
      if (rnd() < 0.2) delete node[k];
      else node[k] = nasty();
      break;
    }
    return m;
  };
  return (): unknown[] => {
    const n = 1 + int(3);
    return Array.from({ length: n }, () => {
      const m = template();
      return rnd() < wild ? mutate(m) : m;
    });
  };
}
