// Test harness: a kernel in one thread with honest process runtimes (over MessageChannel) and "puppets":
// processes whose messages the test writes itself, to attack the kernel with forged and fuzzed messages.
import type { ProcessEndpoint } from './host';
import { Kernel } from './kernel';
import type { Endpoint, KernelToProc, Pid, ProcToKernel, ProcessInit } from '../protocol/messages';
import type { RunResult, TraceEvent } from '../protocol/trace';
import { ProcessRuntime } from '../runtime/runtime';
import { type Ctx, FakeClock, type TestProgram } from '../testkit/inProcess';

/** A process the test speaks for: it sees what the kernel sends and sends what the test wants. */
export interface Puppet {
  pid: Pid;
  init: ProcessInit;
  /** Everything the kernel sent it, in order. */
  inbox: KernelToProc[];
  /** Hands the kernel a batch as if this process had posted it (unchecked: anything goes). */
  send(batch: unknown): void;
  /** The kernel ended it (it refused a message, or the process was killed). */
  readonly dead: boolean;
}

export interface HostileRun {
  result: RunResult;
  events: TraceEvent[];
  /** What any kernel entry point threw (it must never throw). */
  kernelThrew: unknown[];
  puppets: Map<Pid, Puppet>;
  out(pid: Pid, stream?: 'stdout' | 'stderr'): string;
  exitOf(pid: Pid): Extract<TraceEvent, { kind: 'exit' }> | undefined;
}

/**
 * Runs `program` (honest processes, as in src/testkit/inProcess.ts) on a fake clock, except that each pid for
 * which `isPuppet` holds is a puppet: `drive(puppet)` runs once its init has come, and the clock stands still
 * until every drive has finished, so a drive may `await tick()` between its batches.
 */
export async function runWithPuppets(
  program: TestProgram,
  isPuppet: (pid: Pid) => boolean,
  drive: (p: Puppet) => Promise<void>,
  /** Sees every batch an honest process posts (a corpus of real messages to mutate). */
  record?: (pid: Pid, batch: ProcToKernel[]) => void,
): Promise<HostileRun> {
  const clock = new FakeClock();
  const kernelThrew: unknown[] = [];
  const channels = new Map<Pid, { inflight: number; closed: boolean; ports: MessagePort[] }>();
  const puppets = new Map<Pid, Puppet & { dead: boolean }>();
  let driving = 0;
  let result: RunResult | null = null;
  const guarded = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      kernelThrew.push(e);
    }
  };

  const wrap = <In, Out>(port: MessagePort, ch: { inflight: number; closed: boolean }): Endpoint<In, Out> => {
    port.addEventListener('message', () => ch.inflight--);
    port.start();
    return {
      post(batch, transfer) {
        if (ch.closed) return;
        ch.inflight++;
        port.postMessage(batch, (transfer ?? []) as Transferable[]);
      },
      listen(handler) {
        const h = (e: MessageEvent) => guarded(() => handler(e.data as In[]));
        port.addEventListener('message', h as EventListener);
        return () => port.removeEventListener('message', h as EventListener);
      },
    };
  };

  const honest = (pid: Pid): ProcessEndpoint => {
    const { port1, port2 } = new MessageChannel();
    const ch = { inflight: 0, closed: false, ports: [port1, port2] };
    channels.set(pid, ch);
    const toKernel = wrap<KernelToProc, ProcToKernel>(port2, ch);
    const post = toKernel.post.bind(toKernel);
    toKernel.post = (batch, transfer) => {
      if (record && !transfer?.length) record(pid, structuredClone(batch));
      post(batch, transfer);
    };
    new ProcessRuntime(toKernel, {
      installGlobals: false,
      linkQuietMs: 0,
      load: async (rt) => {
        const ctx: Ctx = {
          mp: rt.modules.multiprocessing,
          time: rt.modules.time,
          os: rt.modules.os,
          sys: rt.modules.sys,
          random: rt.modules.random,
          print: rt.globals.print,
          __name__: rt.globals.__name__ as Ctx['__name__'],
          burn: (ms) => (clock.t += ms),
          register: (names) => rt.register({ ...names }),
          rt,
        };
        await program(ctx);
      },
    });
    return wrap<ProcToKernel, KernelToProc>(port1, ch);
  };

  const puppet = (pid: Pid): ProcessEndpoint => {
    let deliver: ((batch: ProcToKernel[]) => void) | null = null;
    const p: Puppet & { dead: boolean } = {
      pid,
      init: null as unknown as ProcessInit,
      inbox: [],
      dead: false,
      send(batch) {
        if (!p.dead && deliver) guarded(() => deliver!(batch as ProcToKernel[]));
      },
    };
    puppets.set(pid, p);
    return {
      post(batch) {
        p.inbox.push(...batch);
        const init = batch.find((m): m is ProcessInit => m.t === 'init');
        if (!init) return;
        p.init = init;
        driving++;
        // Driven in a later task, never inside the kernel's own flush.
        setImmediate(() => void drive(p).finally(() => driving--));
      },
      listen(handler) {
        deliver = handler;
        return () => (deliver = null);
      },
    };
  };

  const kernel = new Kernel({
    clock,
    cpuCount: 2,
    pipeLinks: 'port',
    program: { code: '', source: '', filename: 'main.ts' },
    onEnd: (r) => (result = r),
    host: {
      spawn: (pid) => (isPuppet(pid) ? puppet(pid) : honest(pid)),
      kill(pid) {
        const pp = puppets.get(pid);
        if (pp) pp.dead = true;
        const ch = channels.get(pid);
        if (!ch) return;
        ch.closed = true;
        for (const port of ch.ports) port.close();
      },
      channel: () => new MessageChannel(),
    },
  });

  const inflight = () => [...channels.values()].reduce((n, c) => n + (c.closed ? 0 : c.inflight), 0) + driving;
  const settle = async () => {
    for (let quiet = 0; quiet < 3;) {
      await new Promise((r) => setImmediate(r));
      quiet = inflight() === 0 ? quiet + 1 : 0;
    }
  };

  guarded(() => kernel.start());
  for (let steps = 0; !result; steps++) {
    await settle();
    if (result) break;
    let advanced = false;
    guarded(() => (advanced = clock.advance()));
    if (!advanced) {
      const stuck = kernel.snapshot().filter((p) => !['zombie', 'reaped'].includes(p.state));
      throw new Error(`run would hang: ${stuck.map((p) => `${p.name} ${p.state}`).join('; ')}`);
    }
    if (steps > 100_000) throw new Error('too many steps');
  }
  for (const ch of channels.values()) for (const port of ch.ports) port.close();
  const events = kernel.events;
  return {
    result: result!,
    events,
    kernelThrew,
    puppets,
    out: (pid, stream) =>
      events
        .filter((e): e is Extract<TraceEvent, { kind: 'output' }> => e.kind === 'output' && e.pid === pid)
        .filter((e) => !stream || e.stream === stream)
        .map((e) => e.text)
        .join(''),
    exitOf: (pid) => events.find((e): e is Extract<TraceEvent, { kind: 'exit' }> => e.kind === 'exit' && e.pid === pid),
  };
}

/** Lets the kernel and every honest process catch up (one round of message delivery). */
export const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The line the kernel writes on a process's stderr when it refuses one of its messages. */
export const REFUSED =
  /^SystemError: mpplay's kernel refused a '(\w+|\?)' message from this process: .+\. A program must not talk to mpplay's kernel itself; this process was ended\.\n$/s;
