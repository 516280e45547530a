// A process's start: the kernel's init applied, its modules made, then MainProcess's module run, or a child's
// module imported (CPython's bootstrapping phase) and its target (or a pool worker's loop) run to the end; and
// its end by an exception nobody caught (sys.exit's code, or a traceback and exit code 1).
import { LOOP_GUARD, PROTOCOL_VERSION, type ProcessInit } from '../protocol/messages';
import { WorkerEnding, loopGuard } from './loopGuard';
import { SystemExit } from './errors';
import { inspect } from './inspect';
import { makeModules } from './modules';
import { runPoolWorker } from './objects/poolWorker';
import type { Outbox } from './outbox';
import type { PidBlocks } from './pidBlocks';
import { makeProcessModule } from './process';
import { SeededRandom } from './random';
import type { ProcessRuntime, RuntimeOptions } from './runtime';
import { installSched } from './sched';
import { formatTraceback } from './traceback';

/**
 * The host's console, taken when the worker loads: each process's console is made over it, not over the one the
 * previous process of this worker left on globalThis (a chain that grew by one process each time, kept every
 * earlier process's runtime alive, and let one process's console changes reach the next).
 */
const hostConsole: Console = console;

/** The parts of a runtime its start sets up besides its public fields. */
export interface BootParts {
  opts: RuntimeOptions;
  pidBlocks: PidBlocks;
  outbox: Outbox;
}

/** Starts the process `init` describes in `rt`, and runs it until its code ends (or raises). */
export async function bootProcess(rt: ProcessRuntime, init: ProcessInit, parts: BootParts): Promise<void> {
  if (init.v !== PROTOCOL_VERSION) {
    rt.write(
      'stderr',
      `mpplay: this worker speaks protocol ${PROTOCOL_VERSION}, the kernel ${String(init.v)}; reload the page.\n`,
    );
    rt.exit(1, 'exception');
    return;
  }
  rt.pid = init.pid;
  rt.ppid = rt.originalPpid = init.ppid;
  rt.parentName = init.parentName;
  rt.isMain = init.spawn === null;
  rt.name = init.spawn?.name ?? 'MainProcess';
  rt.identity = init.spawn?.identity ?? [];
  rt.daemon = init.spawn?.daemon ?? false;
  rt.clockOrigin = init.clockOrigin;
  rt.clock = init.clock;
  rt.speed = init.speed;
  rt.seed = init.seed;
  rt.cpuCount = init.cpuCount;
  rt.argv = init.argv;
  rt.program = init.program;
  rt.source = init.program.source;
  rt.filename = init.program.filename;
  parts.pidBlocks.reset(init.pids);
  rt.limits.reset(init);
  rt.random = new SeededRandom(`${init.seed}:${rt.name}`);
  rt.sched = installSched(rt, init);
  parts.outbox.sched = rt.sched; // a controlled run: every kernel call is a scheduling point
  rt.processModule = makeProcessModule(rt);
  const { modules, globals, consoleOverrides } = makeModules(rt);
  rt.modules = modules;
  rt.globals = globals;
  if (parts.opts.installGlobals) {
    const g = globalThis as Record<string, unknown>;
    Object.assign(g, globals);
    g.console = Object.assign(Object.create(hostConsole) as object, consoleOverrides);
    g.__mp_register = (getters: Record<string, unknown>) => rt.register(getters);
    g[LOOP_GUARD] = loopGuard;
    (Error as { stackTraceLimit?: number }).stackTraceLimit = 50;
  }
  parts.opts.onCrash?.((err) => {
    rt.crashed = true;
    rt.uncaught(err, !rt.isMain && !rt.importingMain);
  });
  rt.send({ t: 'boot' });

  if (rt.isMain) {
    rt.current = rt.processModule.makeSelf(null);
    try {
      await parts.opts.load(rt);
    } catch (e) {
      rt.uncaught(e, false);
      return;
    }
    rt.exit(0, 'returned');
    return;
  }
  rt.importingMain = true;
  try {
    await parts.opts.load(rt);
  } catch (e) {
    rt.uncaught(e, false);
    return;
  }
  rt.importingMain = false;
  rt.send({ t: 'phase', phase: 'run' });
  let self: { run(): unknown };
  try {
    self = rt.processModule.makeSelf(init.spawn) as { run(): unknown };
    rt.current = self;
  } catch (e) {
    rt.uncaught(e, false);
    return;
  }
  try {
    const t = init.spawn!.target;
    if (t.kind === 'poolWorker') await runPoolWorker(rt, t);
    else await self.run();
  } catch (e) {
    rt.uncaught(e, true);
    return;
  }
  rt.exit(0, 'returned');
}

/** An exception nobody caught ends `rt`: sys.exit's code, or a traceback on stderr and exit code 1. */
export function endByError(rt: ProcessRuntime, err: unknown, header: boolean): void {
  if (err instanceof SystemExit) {
    const { code } = err;
    if (code === undefined || code === null || code === false) return rt.exit(0, 'sys.exit');
    if (code === true) return rt.exit(1, 'sys.exit');
    if (typeof code === 'number' && Number.isInteger(code)) return rt.exit(((code % 256) + 256) % 256, 'sys.exit');
    rt.write('stderr', `${typeof code === 'string' ? code : inspect(code, 1)}\n`);
    return rt.exit(1, 'sys.exit');
  }
  if (err instanceof WorkerEnding) {
    // Stop is ending this worker (the loop guard's probe said so): no traceback to work out, which would only
    // burn CPU that Stop is meant to free; a short line, in case the probe was wrong.
    rt.write('stderr', `${err.message}\n`);
    return rt.exit(1, 'exception');
  }
  const head = header ? `Process ${rt.name}:\n` : '';
  rt.write('stderr', head + formatTraceback(err, rt.source, rt.filename, rt.programUrls));
  rt.exit(1, 'exception');
}
