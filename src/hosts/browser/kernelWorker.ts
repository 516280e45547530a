// The kernel's own module worker: compiles the snippet, runs a Kernel whose processes live in workers the page
// creates and lends it (each wired by a MessagePort), or in nested workers it creates itself (the bridge's `nest`,
// see nestedWorkers.ts), and forwards the trace in batches.
import { compile, CompileError } from '../../compile';
import { Kernel } from '../../kernel/kernel';
import { Controller } from '../../kernel/sched/controller';
import { MAX_SLOTS } from '../../protocol/sched/layout';
import { DEFAULT_LOG_CAP } from '../../kernel/sched/plan';
import type { ProcessEndpoint, ProcessHost } from '../../kernel/host';
import type { Pid } from '../../protocol/messages';
import type { TraceEvent } from '../../protocol/trace';
import { systemClock } from '../clock';
import { WorkerPool } from '../workerPool';
import { controlledEnd, DecisionTimes } from './controlledEnd';
import { serveExplore, type BrowserExplore } from './explore';
import type { ControlledEnd } from './exploreProtocol';
import { AskSession } from './asking';
import { LeaseSupply } from './leases';
import { NestedWorkers } from './nestedWorkers';
import { HEARTBEAT_MS, PAGE_PROTOCOL_VERSION, type KernelToPage, type PageToKernel } from './protocol';
import { TraceBatcher } from './traceBatcher';
import { sharedMemoryUsable } from './sharedMemory';
import { transferables } from '../../protocol/packedTrace';

/** The few members of a dedicated worker's global scope used here (the DOM lib has no worker types). */
interface WorkerScope {
  postMessage(msg: KernelToPage, transfer?: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<PageToKernel>) => void): void;
  navigator: { hardwareConcurrency?: number };
}
const scope = self as unknown as WorkerScope;

let kernel: Kernel | null = null;
/** The search this worker serves instead of a run (the page's Explore), if any. */
let exploring: BrowserExplore | null = null;
/** The learner stepping through this run (a controlled run that asks), if any. */
let asking: AskSession | null = null;

/**
 * A process worker that has not said `ready` this long after it was asked for is reported dead, and a process
 * whose worker has not started it this long after it was given one is ended with a SystemError (ms).
 */
const PROCESS_BOOT_TIMEOUT_MS = 20_000;

function post(msg: KernelToPage, transfer?: Transferable[]): void {
  if (transfer) scope.postMessage(msg, transfer);
  else scope.postMessage(msg);
}

/**
 * Batches go to the page at most once a frame, one in flight; a flood keeps its newest 5000 lines per batch.
 * Item events go as packed columns, their buffers transferred.
 */
const batcher = new TraceBatcher({
  send: (events, skipped, items) =>
    items
      ? post(
          { t: 'events', events, skipped, items: items.items, positions: items.positions },
          transferables(items.items),
        )
      : post({ t: 'events', events, skipped }),
  items: {
    get length() {
      return kernel?.trace.items.length ?? 0;
    },
    slice: (from, to) => kernel!.trace.items.slice(from, to),
  },
  intervalMs: 16,
  // While a queue floods, items reach the page's chart 10 times a second rather than 60: a tenth of the
  // batches to pack, post, decode and fold in, for a chart that draws them as bands anyway.
  itemIntervalMs: 100,
  maxOutput: 5000,
});

function onEvent(ev: TraceEvent): void {
  batcher.push(ev, kernel?.trace.items.length ?? 0);
}

/** Where the page asked for it (the bridge's `nest`), the process workers this kernel worker creates itself. */
const nested = new NestedWorkers(() => supply);

/**
 * The process workers the page lends this kernel worker (or, nested, its own); a lease that never boots counts as a
 * dead worker.
 */
const supply = new LeaseSupply({
  post: (msg) => {
    if (!nested.serve(msg)) post(msg);
  },
  bootTimeoutMs: PROCESS_BOOT_TIMEOUT_MS,
});

/**
 * Workers for processes: the page lends some as soon as the run starts (booted ahead, while the program
 * compiles), the pool asks for more as it needs them, and it recycles those whose processes exit cleanly.
 */
const pool = new WorkerPool(
  {
    create: () => supply.take(),
    spare: 2,
    maxBooting: Math.max(2, (scope.navigator.hardwareConcurrency ?? 2) * 2),
    startTimeoutMs: PROCESS_BOOT_TIMEOUT_MS,
  },
  (pid, text) => kernel?.crashed(pid, text),
);

function browserProcessHost(): ProcessHost {
  return {
    spawn: (pid: Pid): ProcessEndpoint => pool.spawn(pid),
    kill: (pid: Pid, reusable?: boolean) => pool.kill(pid, reusable),
    channel: () => new MessageChannel(),
  };
}

/** A run (plain or controlled) is over: its workers go back, the last trace batch goes out, then the end. */
function runEnded(result: Extract<KernelToPage, { t: 'end' }>['result'], controlled?: ControlledEnd): void {
  pool.dispose();
  supply.giveBackFree();
  batcher.flushNow();
  post(controlled ? { t: 'end', result, controlled } : { t: 'end', result });
}

async function run(msg: Extract<PageToKernel, { t: 'run' }>): Promise<void> {
  if (msg.v !== PAGE_PROTOCOL_VERSION) {
    post({
      t: 'fatal',
      message: `page protocol v${String(msg.v)} != kernel worker v${PAGE_PROTOCOL_VERSION}: reload the page.`,
    });
    return;
  }
  if (kernel || exploring) {
    post({ t: 'fatal', message: 'a kernel worker serves one run; start a new worker for the next one.' });
    return;
  }
  let program;
  try {
    program = await compile(msg.source, msg.filename);
  } catch (e) {
    if (e instanceof CompileError) {
      post({ t: 'compileError', message: e.message, line: e.line, column: e.column });
    } else {
      post({ t: 'fatal', message: `compiler crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
    }
    return;
  }
  const cpuCount = scope.navigator.hardwareConcurrency ?? 2;
  if (msg.schedule !== undefined || msg.ask !== undefined) {
    controlled(msg, program, cpuCount);
    return;
  }
  kernel = new Kernel({
    host: browserProcessHost(),
    clock: systemClock,
    program,
    speed: msg.speed,
    seed: msg.seed,
    cpuCount,
    ...(msg.traceLevel ? { traceLevel: msg.traceLevel } : {}),
    onEvent,
    onItems: () => batcher.noteItems(),
    onEnd: runEnded,
  });
  post({ t: 'started', cpuCount });
  kernel.start();
}

/** Whether a schedule from the page is one a controlled run can follow (it is checked: the page passes on links). */
function validSchedule(s: unknown): s is number[] {
  return (
    Array.isArray(s) &&
    s.length <= DEFAULT_LOG_CAP &&
    s.every((x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) < MAX_SLOTS)
  );
}

/**
 * A controlled run (docs/CONTROLLED-RUNS.md) on the page's workers: Value/Array accesses are scheduling points
 * only where the workers have shared memory to wait on (a cross-origin isolated page).
 */
function controlled(
  msg: Extract<PageToKernel, { t: 'run' }>,
  program: Awaited<ReturnType<typeof compile>>,
  cpuCount: number,
): void {
  const script = msg.schedule ?? [];
  if (!validSchedule(script)) {
    post({ t: 'fatal', message: 'the schedule is not a list of process slots (0-63): the link or caller is wrong.' });
    return;
  }
  if (msg.ask !== undefined && typeof msg.ask !== 'boolean') {
    post({ t: 'fatal', message: "the run message's `ask` must be true or false: the caller is wrong." });
    return;
  }
  // Value/Array accesses can be scheduling points only where the workers have shared memory to wait on.
  const shared = sharedMemoryUsable();
  const times = new DecisionTimes();
  const c: Controller = new Controller({
    host: browserProcessHost(),
    program,
    seed: msg.seed,
    cpuCount,
    plan: { kind: 'script', script, after: msg.ask ? 'ask' : 'continue' },
    shared,
    ...(msg.traceLevel ? { traceLevel: msg.traceLevel } : {}),
    ...(msg.ask ? { onAsk: (options) => asking?.onAsk(options) } : {}),
    onEvent: (ev) => {
      times.note(c.ctl, ev.at);
      onEvent(ev);
    },
    onItems: () => batcher.noteItems(),
    // The end carries the choices the run took: any controlled run (a replay, a learner's) can be shared.
    onEnd: (r) => {
      asking?.end();
      runEnded(r, controlledEnd(c, { seed: msg.seed, shared, times, end: r.at }));
    },
  });
  // The trace so far goes out before each question: the page shows the run as it stands at that point.
  if (msg.ask) asking = new AskSession(c, { shared, post, beforeAsk: () => batcher.flushNow() });
  kernel = c.kernel;
  post({ t: 'started', cpuCount });
  c.start();
}

scope.addEventListener('message', (e) => {
  const msg = e.data;
  try {
    if (msg.t === 'run') {
      run(msg).catch((err: unknown) => {
        post({
          t: 'fatal',
          message: `kernel crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        });
      });
    } else if (msg.t === 'explore') {
      serveExplore(msg, {
        post,
        supply,
        cpuCount: scope.navigator.hardwareConcurrency ?? 2,
        shared: sharedMemoryUsable(),
        startTimeoutMs: PROCESS_BOOT_TIMEOUT_MS,
        begin: (e) => !kernel && !exploring && (exploring = e) !== null,
      }).catch((err: unknown) => {
        post({
          t: 'fatal',
          message: `explore crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        });
      });
    } else if (msg.t === 'exploreStop') {
      exploring?.stop();
    } else if (msg.t === 'nest') {
      const wrong = nested.start(msg);
      if (wrong) post({ t: 'fatal', message: `nested process workers: ${wrong}` });
    } else if (msg.t === 'fill') {
      nested.fill(msg.n);
    } else if (msg.t === 'workers') {
      supply.add(msg.leases);
    } else if (msg.t === 'died') {
      supply.died(msg.id, msg.text);
    } else if (msg.t === 'ack') {
      batcher.ack();
    } else if (msg.t === 'stop') {
      kernel?.stop();
      exploring?.stop();
    } else if (msg.t === 'choose') {
      if (asking) asking.answer(msg);
      else
        post({ t: 'askRefused', message: 'this run is not being stepped through: no question waits for an answer.' });
    }
  } catch (err) {
    post({ t: 'fatal', message: `kernel crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` });
  }
});

// The page boots this worker ahead of its run: say so, then keep saying this worker is alive (its watchdog).
post({ t: 'booted', v: PAGE_PROTOCOL_VERSION });
setInterval(() => post({ t: 'alive' }), HEARTBEAT_MS);
// While it waits for its run, one small compile warms the compiler up (its first compile is several times slower).
setTimeout(() => {
  if (!kernel && !exploring)
    compile('import { Process } from "multiprocessing";\nprint(1);\n', 'warm-up.ts').catch(() => {});
}, 0);
