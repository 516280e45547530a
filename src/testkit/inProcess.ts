// Test harness: a kernel and several process runtimes in one thread over MessageChannel, with a fake
// clock that jumps to the next timer whenever nothing else can happen (STYLE habits 4 and 5).
import { Kernel } from '../kernel/kernel';
import type { ProcessEndpoint } from '../kernel/host';
import { TimerClock } from '../kernel/timerClock';
import type { Endpoint, KernelToProc, Pid, ProcToKernel } from '../protocol/messages';
import type { RunResult, TraceEvent } from '../protocol/trace';
import { ProcessRuntime } from '../runtime/runtime';

// Test programs use the modules untyped, as user code sees them through its own .d.ts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = Record<string, any>;

/** What a test program sees instead of globals and imports. */
export interface Ctx {
  mp: Module;
  time: Module;
  os: Module;
  sys: Module;
  random: Module;
  print: (...v: unknown[]) => void;
  __name__: '__main__' | '__mp_main__';
  /** Simulates `ms` of CPU work: the wall clock moves on while this process runs. */
  burn: (ms: number) => void;
  /** Registers the program's top-level names (what the compiler's line-1 prefix does). */
  register: (names: Record<string, unknown>) => void;
  rt: ProcessRuntime;
}

/** A "module": evaluated from scratch in every process, like a spawned Python child re-imports main. */
export type TestProgram = (ctx: Ctx) => unknown;

/** The harness's clock: time moves only by timers (advance) and by `burn` (`t += ms`). */
export class FakeClock extends TimerClock {
  constructor() {
    super(1_000_000);
  }
}

export interface TestRun {
  result: RunResult;
  events: TraceEvent[];
  /** stdout+stderr per process name, in order. */
  out: (name: string, stream?: 'stdout' | 'stderr') => string;
  /** Events of one process (by name), optionally of one kind. */
  of: (name: string, kind?: TraceEvent['kind']) => TraceEvent[];
  pidOf: (name: string) => Pid;
  kernel: Kernel;
  clock: FakeClock;
}

/** Runs `program` to the end on a fake clock. Throws if it would hang (nothing runnable, no timer). */
export async function runInProcess(
  program: TestProgram,
  opts: {
    speed?: number;
    seed?: number;
    maxProcesses?: number;
    /** See KernelOptions: the run's caps on held bytes and stored output. */
    maxHeldBytes?: number;
    maxOutputLines?: number;
    maxOutputChars?: number;
    stopAfterMs?: number;
    traceLevel?: 'full' | 'lifecycle';
    /** See KernelOptions.pipeLinks; default `port` (a ring's wake-ups are not seen by `settle`). */
    pipeLinks?: 'sab' | 'port' | 'off';
    /** See KernelOptions.ppidCells (default: shared memory, as Node has it). */
    ppidCells?: boolean;
  } = {},
): Promise<TestRun> {
  const clock = new FakeClock();
  // Messages posted but not yet delivered, per channel; a killed process's channel counts for nothing.
  const channels = new Map<Pid, { inflight: number; closed: boolean; ports: MessagePort[] }>();
  const inflight = () => [...channels.values()].reduce((n, c) => n + (c.closed ? 0 : c.inflight), 0);
  let result: RunResult | null = null;

  const wrap = <In, Out>(port: MessagePort, ch: { inflight: number; closed: boolean }): Endpoint<In, Out> => {
    // Delivery is counted at the port, whether or not anyone still listens (an exited runtime does not).
    port.addEventListener('message', () => ch.inflight--);
    port.start();
    return {
      post(batch, transfer) {
        if (ch.closed) return;
        ch.inflight++;
        port.postMessage(batch, (transfer ?? []) as Transferable[]);
      },
      listen(handler) {
        const h = (e: MessageEvent) => handler(e.data as In[]);
        port.addEventListener('message', h as EventListener);
        return () => port.removeEventListener('message', h as EventListener);
      },
    };
  };

  const kernel = new Kernel({
    clock,
    speed: opts.speed ?? 1,
    seed: opts.seed ?? 0,
    ...(opts.maxProcesses !== undefined ? { maxProcesses: opts.maxProcesses } : {}),
    ...(opts.maxHeldBytes !== undefined ? { maxHeldBytes: opts.maxHeldBytes } : {}),
    ...(opts.maxOutputLines !== undefined ? { maxOutputLines: opts.maxOutputLines } : {}),
    ...(opts.maxOutputChars !== undefined ? { maxOutputChars: opts.maxOutputChars } : {}),
    ...(opts.traceLevel ? { traceLevel: opts.traceLevel } : {}),
    pipeLinks: opts.pipeLinks ?? 'port',
    ...(opts.ppidCells !== undefined ? { ppidCells: opts.ppidCells } : {}),
    cpuCount: 2,
    program: { code: '', source: '', filename: 'main.ts' },
    onEnd: (r) => (result = r),
    host: {
      spawn(pid): ProcessEndpoint {
        const { port1, port2 } = new MessageChannel();
        const ch = { inflight: 0, closed: false, ports: [port1, port2] };
        channels.set(pid, ch);
        new ProcessRuntime(wrap<KernelToProc, ProcToKernel>(port2, ch), {
          installGlobals: false,
          linkQuietMs: 0, // real timers would run behind the fake clock's back
          taskClock: () => clock.t, // a Pool times its chunks by program time here: busy machines change nothing
          load: async (rt) => {
            const ctx: Ctx = {
              mp: rt.modules.multiprocessing,
              time: rt.modules.time,
              os: rt.modules.os,
              sys: rt.modules.sys,
              random: rt.modules.random,
              print: rt.globals.print,
              __name__: rt.globals.__name__ as Ctx['__name__'],
              burn: (ms) => {
                clock.t += ms;
              },
              register: (names) =>
                rt.register(
                  Object.fromEntries(Object.entries(names).map(([k, v]) => [k, v])) as Record<string, unknown>,
                ),
              rt,
            };
            await program(ctx);
          },
        });
        return wrap<ProcToKernel, KernelToProc>(port1, ch);
      },
      kill(pid) {
        const ch = channels.get(pid);
        if (!ch) return;
        ch.closed = true;
        for (const p of ch.ports) p.close();
      },
      channel: () => new MessageChannel(),
    },
  });

  const settle = async () => {
    // Let every posted message arrive and every microtask run.
    for (let quiet = 0; quiet < 3;) {
      await new Promise((r) => setImmediate(r));
      quiet = inflight() === 0 ? quiet + 1 : 0;
    }
  };

  kernel.start();
  const started = clock.now();
  for (let steps = 0; !result; steps++) {
    await settle();
    if (result) break;
    if (opts.stopAfterMs !== undefined && clock.now() - started >= opts.stopAfterMs) {
      kernel.stop();
      break;
    }
    if (!clock.advance()) {
      const stuck = kernel.snapshot().filter((p) => !['zombie', 'reaped'].includes(p.state));
      throw new Error(
        `program would hang: ${stuck.map((p) => `${p.name} ${p.state} ${p.blockedOn?.label ?? ''}`).join('; ')}`,
      );
    }
    if (steps > 100_000) throw new Error('too many steps');
  }
  for (const ch of channels.values()) for (const p of ch.ports) p.close();

  const events = kernel.events;
  const names = new Map<Pid, string>();
  for (const ev of events) if (ev.kind === 'spawn') names.set(ev.pid, ev.name);
  const pidOf = (name: string) => {
    for (const [pid, n] of names) if (n === name) return pid;
    throw new Error(`no process named ${name}; have ${[...names.values()].join(', ')}`);
  };
  return {
    result: result!,
    events,
    kernel,
    clock,
    pidOf,
    of: (name, kind) => events.filter((e) => e.pid === pidOf(name) && (!kind || e.kind === kind)),
    out: (name, stream) =>
      events
        .filter((e): e is Extract<TraceEvent, { kind: 'output' }> => e.kind === 'output' && e.pid === pidOf(name))
        .filter((e) => !stream || e.stream === stream)
        .map((e) => e.text)
        .join(''),
  };
}

/** `Name: message` of what `fn` throws or rejects with, or `no error` (for comparing against CPython's). */
export async function errorText(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'no error';
}

/**
 * Runs `body` as MainProcess's guarded code. `names(ctx)` are the module's top-level functions: every
 * process registers them (spawn re-evaluates the module), and `body` receives them too.
 */
export function runMain(
  body: (ctx: Ctx, fns: Record<string, Module[string]>) => unknown,
  names: (ctx: Ctx) => Record<string, unknown> = () => ({}),
  opts: Parameters<typeof runInProcess>[1] = {},
): Promise<TestRun> {
  return runInProcess(async (ctx) => {
    const fns = names(ctx);
    ctx.register(fns);
    if (ctx.__name__ === '__main__') await body(ctx, fns as Record<string, Module[string]>);
  }, opts);
}
