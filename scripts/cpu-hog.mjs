// A CPU hog for proving that tests do not depend on how busy the machine is: one busy loop pinned to each core, beside a command.
//
//   node scripts/cpu-hog.mjs -- npx vitest run src/examples src/trace   # runs the command beside the hog, exits with its code
//   node scripts/cpu-hog.mjs                                            # hogs until Ctrl+C
//   node scripts/cpu-hog.mjs --loops 4 -- <command…>                    # more loops than cores (round-robin pinning)
//
// Each loop is a separate `node` process spinning forever, pinned to one core with `taskset -c` where `taskset`
// exists (Linux), unpinned elsewhere. The loops are ended (by pid) when the command ends, on Ctrl+C / SIGTERM, and if
// this script dies, each loop notices that its parent is gone and exits by itself.
import { spawn, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The busy loop each hog process runs: spin, and every ~200 ms check that the process that started it is alive. */
const LOOP = `
const parent = Number(process.argv[1]);
let next = Date.now() + 200;
for (;;) {
  if (Date.now() >= next) {
    next = Date.now() + 200;
    try { process.kill(parent, 0); } catch { process.exit(0); }
  }
}`;

/** Whether `taskset` can pin a process here (Linux with util-linux). */
export function canPin() {
  const r = spawnSync('taskset', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * Starts `loops` busy loops (default: one per core), loop i pinned to core i mod cores when `taskset` exists.
 * Returns the loops' pids and `stop()`, which ends them and resolves once they have exited.
 */
export function startHog({ loops = availableParallelism(), pin = canPin() } = {}) {
  const cores = availableParallelism();
  const children = Array.from({ length: loops }, (_, i) => {
    const node = [process.execPath, '-e', LOOP, String(process.pid)];
    const [cmd, ...args] = pin ? ['taskset', '-c', String(i % cores), ...node] : node;
    return spawn(cmd, args, { stdio: 'ignore' });
  });
  const exited = children.map((c) => new Promise((resolve) => c.once('exit', resolve)));
  let stopping = null;
  return {
    pids: children.map((c) => c.pid),
    pinned: pin,
    stop() {
      stopping ??= (() => {
        for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
        return Promise.all(exited).then(() => undefined);
      })();
      return stopping;
    },
  };
}

/**
 * Runs `command` (argv) beside a hog; resolves with the command's exit code (128 + signal number if it was killed
 * by a signal). The hog is stopped whatever happens.
 */
export async function runBesideHog(command, options = {}) {
  const hog = startHog(options);
  process.stderr.write(
    `cpu-hog: ${hog.pids.length} busy loop(s) ${hog.pinned ? 'pinned one per core' : 'unpinned (no taskset)'}, ` +
      `pids ${hog.pids.join(' ')}; running: ${command.join(' ')}\n`,
  );
  try {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    try {
      return await new Promise((resolve, reject) => {
        child.once('error', reject);
        child.once('exit', (code, signal) => {
          resolve(code ?? 128 + (signal ? (osSignals[signal] ?? 1) : 1));
        });
      });
    } finally {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    }
  } finally {
    await hog.stop();
  }
}

const osSignals = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

/** Parses `[--loops N] [--no-pin] [-- command…]`. */
export function parseArgs(argv) {
  const dash = argv.indexOf('--');
  const own = dash < 0 ? argv : argv.slice(0, dash);
  const command = dash < 0 ? [] : argv.slice(dash + 1);
  const options = {};
  for (let i = 0; i < own.length; i++) {
    const a = own[i];
    if (a === '--loops') {
      const n = Number(own[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--loops wants a whole number of loops ≥ 1, got ${own[i]}`);
      options.loops = n;
    } else if (a === '--no-pin') options.pin = false;
    else throw new Error(`unknown option ${a}; usage: node scripts/cpu-hog.mjs [--loops N] [--no-pin] [-- command…]`);
  }
  if (dash >= 0 && command.length === 0) throw new Error('nothing to run after --');
  return { options, command };
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`cpu-hog: ${e.message}\n`);
    process.exit(2);
  }
  const { options, command } = parsed;
  if (command.length) {
    process.exit(await runBesideHog(command, options));
  }
  const hog = startHog(options);
  process.stderr.write(`cpu-hog: ${hog.pids.length} busy loop(s), pids ${hog.pids.join(' ')}; Ctrl+C ends them\n`);
  const end = () => hog.stop().then(() => process.exit(0));
  process.once('SIGINT', end);
  process.once('SIGTERM', end);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
