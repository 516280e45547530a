// A process cannot reach the network, storage or the page, and cannot break its runtime by patching built-ins
// (issue 14.5, 14.2): with real worker_threads through the Node host, and on a browser-shaped global scope.
import { describe, expect, it } from 'vitest';
import { nodeBundle } from '../../scripts/nodeBundle.mjs';
import { runOnNode } from '../hosts/node/nodeHost';
import type { TraceEvent } from '../protocol/trace';
import { poisonEscapes } from './harden';

async function run(source: string) {
  const { worker } = (await nodeBundle()) as { worker: URL };
  const out: string[] = [];
  const r = await runOnNode({
    source,
    workerUrl: worker,
    speed: 50,
    onEvent: (e: TraceEvent) => {
      if (e.kind === 'output') out.push(e.text);
    },
  });
  return { result: await r.done, out: out.join('') };
}

/** A child that answers through a Queue: proof that the runtime still reaches the kernel. */
const ROUND_TRIP = `
  const q = new Queue<string>();
  const p = new Process({ target: child, args: [q] });
  p.start();
  print(await q.get());
  await p.join();
  print("exit", p.exitCode);`;

describe('no network, storage or channel to the page (Node worker_threads)', () => {
  it('every such API raises PermissionError, however it is reached', async () => {
    const tries = [
      'g.fetch("https://example.org/")',
      'new g.XMLHttpRequest()',
      'new g.WebSocket("wss://example.org/")',
      'new g.EventSource("/x")',
      'new g.WebTransport("https://example.org/")',
      'g.importScripts("/x.js")',
      'g.indexedDB.open("x")',
      'g.caches.open("x")',
      'new g.BroadcastChannel("mpplay-drafts")',
      'new g.Worker("/x.js")',
      'new g.SharedWorker("/x.js")',
      'g.postMessage([{ t: "spawn" }])',
      'g.onmessage = () => {}',
      'Function("return this")().fetch("/x")',
      'Object.getOwnPropertyDescriptor(globalThis, "fetch")!.value.call(globalThis, "/x")',
    ];
    const src = [
      'import { Process, Queue } from "multiprocessing";',
      'async function child(q: Queue<string>) { await q.put("child ok"); }',
      'const g = globalThis as any;',
      'if (__name__ === "__main__") {',
      ...tries.map((t) => `  try { ${t}; print("ALLOWED"); } catch (e: any) { print(e.name + ": " + e.message); }`),
      ROUND_TRIP,
      '}',
    ].join('\n');
    const r = await run(src);
    const lines = r.out.trim().split('\n');
    const want = (what: string, name: string) =>
      `PermissionError: processes in mpplay have no ${what} (${name} is not available${
        what.startsWith('channel')
          ? '; processes talk to each other through Queue, Pipe and the other multiprocessing objects'
          : ''
      })`;
    expect(lines.slice(0, tries.length)).toEqual([
      want('network', 'fetch'),
      want('network', 'XMLHttpRequest'),
      want('network', 'WebSocket'),
      want('network', 'EventSource'),
      want('network', 'WebTransport'),
      want('network', 'importScripts'),
      want('storage', 'indexedDB'),
      want('storage', 'caches'),
      want('channel to the page or other workers', 'BroadcastChannel'),
      want('channel to the page or other workers', 'Worker'),
      want('channel to the page or other workers', 'SharedWorker'),
      want('channel to the page or other workers', 'postMessage'),
      want('channel to the page or other workers', 'onmessage'),
      want('network', 'fetch'),
      want('network', 'fetch'),
    ]);
    expect(lines.slice(tries.length)).toEqual(['child ok', 'exit 0']);
    expect(r.result.exitCode).toBe(0);
  });
});

describe('a program that patches built-ins breaks only itself', () => {
  /** Overrides that would cut a process off from its kernel, or hang the run, if they took. */
  const OVERRIDES = [
    'Array.prototype.push = () => 0',
    'Array.prototype.splice = () => []',
    'Array.prototype[Symbol.iterator] = function* () {}',
    'Map.prototype.get = () => undefined',
    'Map.prototype.set = function () { return this; }',
    'Set.prototype.add = function () { return this; }',
    'JSON.stringify = () => "{}"',
    'Promise.prototype.then = function () { return this; }',
    'g.Promise = function () {}',
    'Object.prototype.then = (f: any) => f(666)',
    'Array.prototype.then = (f: any) => f(666)',
    'MessagePort.prototype.postMessage = () => {}',
    'g.structuredClone = (x: unknown) => x',
    'Object.entries = () => []',
    'Function.prototype.call = () => 0',
    'Reflect.apply = () => 0',
    'String.prototype.split = () => []',
    'g.queueMicrotask = () => {}',
    'g.setTimeout = () => 0',
    'performance.now = () => 0',
    'Error.prepareStackTrace = () => "hidden"',
    'Object.defineProperty(Array.prototype, "push", { value: () => 0 })',
    'delete (Array.prototype as any).push',
  ];

  it('each override is refused at its line with TypeError, and the process goes on working', async () => {
    const src = [
      'import { Process, Queue } from "multiprocessing";',
      'async function child(q: Queue<string>) { await q.put("child ok"); }',
      'const g = globalThis as any;',
      'if (__name__ === "__main__") {',
      ...OVERRIDES.map((o) => `  try { ${o}; print("TOOK"); } catch (e: any) { print(e.name); }`),
      // What a program may still do: add methods of its own, give its own objects a `then`, name its errors.
      '  (Array.prototype as any).total = function () { return this.reduce((a: number, b: number) => a + b, 0); };',
      '  const mine: any = {}; mine.then = (f: any) => f(42);',
      '  class MyError extends Error { constructor() { super("mine"); this.name = "MyError"; } }',
      '  print((([1, 2, 3]) as any).total(), await mine, new MyError().name);',
      ROUND_TRIP,
      '}',
    ].join('\n');
    const r = await run(src);
    const lines = r.out.trim().split('\n');
    expect(lines.slice(0, OVERRIDES.length)).toEqual(OVERRIDES.map(() => 'TypeError'));
    expect(lines.slice(OVERRIDES.length)).toEqual(['6 42 MyError', 'child ok', 'exit 0']);
    expect(r.result.exitCode).toBe(0);
  });

  it('an override nobody catches ends the process with its traceback, in a child too; the run ends', async () => {
    const r = await run(
      [
        'import { Process } from "multiprocessing";', // 1
        'function child() {', // 2
        '  Array.prototype.push = () => 0;', // 3
        '}', // 4
        'if (__name__ === "__main__") {', // 5
        '  const p = new Process({ target: child });', // 6
        '  p.start();', // 7
        '  await p.join();', // 8
        '  print("child exit", p.exitCode);', // 9
        '  Map.prototype.get = () => undefined;', // 10
        '  print("not reached");', // 11
        '}', // 12
      ].join('\n'),
    );
    expect(r.out).toContain(
      "Process Process-1:\nTraceback (most recent call last):\n  File \"main.ts\", line 3, in child\n    Array.prototype.push = () => 0;\nTypeError: Cannot assign to read only property 'push' of object '[object Array]'\n",
    );
    expect(r.out).toContain('child exit 1\n');
    expect(r.out).toContain('line 10, in <module>\n    Map.prototype.get = () => undefined;\nTypeError: ');
    expect(r.out).not.toContain('not reached');
    expect(r.result.exitCode).toBe(1);
  });
});

describe('poisonEscapes on a browser-shaped worker scope', () => {
  /** A dedicated worker's global as browsers build it: the APIs live on the scope's prototypes. */
  function workerScope() {
    const posted: unknown[] = [];
    const listening: string[] = [];
    class EventTargetLike {
      addEventListener(type: string) {
        listening.push(type);
      }
    }
    const workerGlobalScope = Object.create(EventTargetLike.prototype, {
      fetch: { value: () => 'fetched', writable: true, configurable: true, enumerable: true },
      indexedDB: { get: () => ({ open: () => 'db' }), configurable: true, enumerable: true },
      caches: { get: () => ({}), configurable: true, enumerable: true },
    });
    const dedicated = Object.create(workerGlobalScope, {
      postMessage: { value: (m: unknown) => posted.push(m), writable: true, configurable: true, enumerable: true },
      onmessage: { get: () => null, set: () => {}, configurable: true, enumerable: true },
    });
    const self = Object.create(dedicated) as Record<string, unknown>;
    self.EventTarget = EventTargetLike;
    self.navigator = Object.create({
      get serviceWorker() {
        return { register: () => 'registered' };
      },
      get locks() {
        return {};
      },
      get storage() {
        return {};
      },
    });
    return { self, posted, listening };
  }

  it('poisons the prototypes too: no route around it, and what the host took before still works', () => {
    const { self, posted, listening } = workerScope();
    const hostPost = (self.postMessage as (m: unknown) => void).bind(self); // the host's reference, taken at load
    const result = poisonEscapes(self);
    expect(result.notPoisoned).toEqual([]);
    const err = (f: () => unknown) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message.split(' (')[0]}`;
      }
    };
    const proto = Object.getPrototypeOf(self) as Record<string, (this: unknown, ...a: unknown[]) => unknown>;
    const nav = self.navigator as Record<string, unknown>;
    expect([
      err(() => (self.fetch as () => unknown)()),
      err(() => proto.postMessage!.call(self, [{ t: 'signal' }])),
      err(() => (Object.getPrototypeOf(proto) as Record<string, () => unknown>).fetch!()),
      err(() => self.indexedDB),
      err(() => (self.onmessage = () => {})),
      err(() => nav.serviceWorker),
      err(() => nav.locks),
      err(() => (self as { addEventListener(t: string): void }).addEventListener('message')),
      err(() => Object.defineProperty(proto, 'postMessage', { value: () => {} })),
    ]).toEqual([
      'PermissionError: processes in mpplay have no network',
      'PermissionError: processes in mpplay have no channel to the page or other workers',
      'PermissionError: processes in mpplay have no network',
      'PermissionError: processes in mpplay have no storage',
      'PermissionError: processes in mpplay have no channel to the page or other workers',
      'PermissionError: processes in mpplay have no channel to the page or other workers',
      'PermissionError: processes in mpplay have no channel to the page or other workers',
      'PermissionError: processes in mpplay have no channel to the page or other workers',
      'TypeError: Cannot redefine property: postMessage',
    ]);
    expect(self.onmessage).toBe(null);
    (self as { addEventListener(t: string): void }).addEventListener('error'); // other events are still fine
    expect(listening).toEqual(['error']);
    hostPost('batch');
    expect(posted).toEqual(['batch']);
  });
});
