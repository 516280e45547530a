// Shared helpers of the gallery's lesson and parity tests: run an example through the CLI or its Python original under CPython, read what each process printed, normalise.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceEvent, TraceFile } from '../../protocol/trace';
import type { ExampleExpect } from '../catalog';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where the gallery's programs live: `<id>.ts` and `<id>.py`. */
export const PROGRAMS = join(ROOT, 'src', 'examples', 'programs');
/** Generous: a run at speed 10 takes about a second, but CI machines are slow and the first run bundles the CLI. */
export const RUN_TIMEOUT_MS = 60_000;

/**
 * The speed each example's tests run at, unless they say otherwise: 10, so the suite stays fast. Starting a process
 * takes tens of wall milliseconds that no speed setting shortens (on both runtimes), so examples whose lesson is a
 * race between a start-up and a short sleep run slower, where the start-up is small against the sleep.
 */
export const SPEED: Readonly<Record<string, number>> = {
  // The child must boot and exit well within the parent's 3-second sleep.
  zombie: 4,
  // Two generations must boot (and the grandchild print) within the main process's 3-second sleep.
  orphan: 4,
  // The lesson is the figure itself: ~5 s vs ~1 s, with start-ups small against 1-second sleeps. Five start-ups
  // at once take up to ~0.35 s of wall time on a loaded 2-core machine, so ≤ 1.5 s holds only at the default speed.
  'join-in-loop': 2,
  'join-after-loop': 1,
  // Started together, the runners finish 1 program-second apart: wake-ups must stay well under that.
  'event-start-gun': 4,
  // Who reaches the barrier first in a phase (and prints its line) is decided by 1-second differences in the work:
  // wake-ups after the barrier must stay well under 1 program-second apart.
  'barrier-phases': 4,
  // No sleeps: the figures are start-ups and CPU work, which no speed shortens; at 1 CPython's scaled clocks print
  // real seconds too.
  'pool-vs-processes': 1,
  'cpu-bound-speedup': 1,
  // Five workers boot and take tasks of 5, 4, ... 1 program-seconds: the order of the results is the lesson, so the
  // workers' start-ups (CPython's take a few hundred wall ms on a loaded machine) must stay well under 1 s apart.
  'imap-unordered': 2,
};

/** The speed `id`'s tests run at (see SPEED). */
export function speedOf(id: string): number {
  return SPEED[id] ?? 10;
}

/** One line a process printed (the trailing newline removed). */
export interface Line {
  /** The process's name: `MainProcess`, `Process-1`, `Process-1:1`, ... */
  name: string;
  pid: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** What a run printed, process by process, and how it ended. */
export interface RunOutput {
  /** The exit code of the whole run (MainProcess's). */
  exitCode: number;
  /** Every line in the order it was printed. */
  lines: Line[];
  /** Process name → exit code, for every process whose end was seen. */
  exits: Map<string, number>;
  /** Every pid of the run (for normalisation). */
  pids: Set<number>;
  /** The command's raw stdout and stderr, for failure messages. */
  stdout: string;
  stderr: string;
}

/** An mpplay run: the output, and the trace it wrote. */
export interface MpplayRun extends RunOutput {
  trace: TraceFile;
}

interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Exec> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: RUN_TIMEOUT_MS, maxBuffer: 64 << 20, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && (error.killed || typeof error.code !== 'number')) {
          reject(new Error(`${cmd} ${args.join(' ')} did not finish: ${error.message}\n${stdout}\n${stderr}`));
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Options of `runMpplay`. */
export interface MpplayOptions {
  /** Runs this edit of the program instead (the reader's "one edit away" variants); must change the text. */
  edit?: (source: string) => string;
}

/** Runs `programs/<id>.ts` with `node bin/mpplay.mjs run --speed <speed> --trace <tmp>` (speed: see SPEED). */
export async function runMpplay(id: string, speed = speedOf(id), opts: MpplayOptions = {}): Promise<MpplayRun> {
  const dir = await mkdtemp(join(tmpdir(), `mpplay-${id}-`));
  try {
    const tracePath = join(dir, 'trace.json');
    let file = join(PROGRAMS, `${id}.ts`);
    if (opts.edit) {
      const source = await readFile(file, 'utf8');
      const edited = opts.edit(source);
      if (edited === source) throw new Error(`the edit of ${id} changed nothing`);
      file = join(dir, `${id}.ts`);
      await writeFile(file, edited);
    }
    const args = [join(ROOT, 'bin', 'mpplay.mjs'), 'run', file, '--speed', String(speed), '--trace', tracePath];
    const run = await exec(process.execPath, args);
    let trace: TraceFile;
    try {
      trace = JSON.parse(await readFile(tracePath, 'utf8')) as TraceFile;
    } catch (e) {
      throw new Error(`mpplay wrote no trace for ${id} (exit ${run.code})\n${run.stdout}\n${run.stderr}`, { cause: e });
    }
    return { ...fromTrace(trace), exitCode: run.code, stdout: run.stdout, stderr: run.stderr, trace };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Lines and exit codes from a trace's `output` and `exit` events, named by the `spawn` events. */
export function fromTrace(trace: TraceFile): Omit<RunOutput, 'exitCode' | 'stdout' | 'stderr'> {
  const names = new Map<number, string>(trace.processes.map((p) => [p.pid, p.name]));
  for (const e of trace.events) if (e.kind === 'spawn') names.set(e.pid, e.name);
  const lines: Line[] = [];
  const partial = new Map<string, { pid: number; stream: Line['stream']; text: string }>();
  const exits = new Map<string, number>();
  for (const e of trace.events) {
    const name = names.get(e.pid) ?? `pid ${e.pid}`;
    if (e.kind === 'exit') exits.set(name, e.code);
    if (e.kind !== 'output') continue;
    const key = `${e.pid}/${e.stream}`;
    const parts = ((partial.get(key)?.text ?? '') + e.text).split('\n');
    const rest = parts.pop() ?? '';
    for (const text of parts) lines.push({ name, pid: e.pid, stream: e.stream, text });
    partial.set(key, { pid: e.pid, stream: e.stream, text: rest });
  }
  for (const { pid, stream, text } of partial.values()) {
    if (text) lines.push({ name: names.get(pid) ?? `pid ${pid}`, pid, stream, text });
  }
  return { lines, exits, pids: new Set(names.keys()) };
}

/** The records sitecustomize.py writes: a line, or an exit code. */
type PyRecord =
  | { name: string; pid: number; ppid: number; stream: Line['stream']; text: string }
  | { exit: number; name?: string; code: number; by: 'self' | 'parent' };

/** A CPython run; `hung` when it was still running after `hangAfterMs` and was ended by the test. */
export interface CPythonRun extends RunOutput {
  hung: boolean;
}

/** Options of `runCPython`. */
export interface CPythonOptions {
  /**
   * The program is expected to hang for ever (Python's answer to a deadlock): after this many wall milliseconds
   * its whole process group gets SIGTERM (multiprocessing's resource tracker ignores it, cleans up its
   * semaphores once the others are gone, and exits), and the run is what it printed until then.
   */
  hangAfterMs?: number;
}

/** Runs python3 in a process group of its own and ends the whole group after `ms` if it has not exited. */
function execHanging(args: string[], env: NodeJS.ProcessEnv, ms: number): Promise<Exec & { hung: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true });
    let stdout = '';
    let stderr = '';
    let hung = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // the group is gone already
      }
    };
    const hang = setTimeout(() => {
      hung = true;
      signal('SIGTERM');
    }, ms);
    // Whatever is left of the group (a stuck resource tracker) after a grace period.
    const last = setTimeout(() => signal('SIGKILL'), ms + 10_000);
    child.on('error', reject);
    // 'close': every process of the group that held stdout/stderr has exited.
    child.on('close', (code) => {
      clearTimeout(hang);
      clearTimeout(last);
      resolve({ code: code ?? -1, stdout, stderr, hung });
    });
  });
}

/**
 * Runs `programs/<id>.py` under CPython (`python3`) with start method spawn and sleeps and clocks scaled by
 * `speed` (see testing/sitecustomize.py); every line comes back tagged with its process.
 */
export async function runCPython(id: string, speed = speedOf(id), opts: CPythonOptions = {}): Promise<CPythonRun> {
  const dir = await mkdtemp(join(tmpdir(), `mpplay-py-${id}-`));
  try {
    await copyFile(fileURLToPath(new URL('./sitecustomize.py', import.meta.url)), join(dir, 'sitecustomize.py'));
    const args = [join(PROGRAMS, `${id}.py`)];
    const env = {
      PYTHONPATH: dir,
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONIOENCODING: 'utf-8',
      PYTHONUNBUFFERED: '1',
      MPPLAY_SPEED: String(speed),
    };
    const run =
      opts.hangAfterMs === undefined
        ? { ...(await exec('python3', args, env)), hung: false }
        : await execHanging(args, env, opts.hangAfterMs);
    const lines: Line[] = [];
    const names = new Map<number, string>();
    const self = new Map<number, number>();
    const byParent = new Map<number, number>();
    for (const raw of run.stdout.split('\n')) {
      if (!raw.trim()) continue;
      const r = JSON.parse(raw) as PyRecord;
      if ('exit' in r) {
        (r.by === 'self' ? self : byParent).set(r.exit, r.code);
        if (r.name) names.set(r.exit, r.name);
        continue;
      }
      // multiprocessing's resource tracker is a process of its own that also calls itself MainProcess (a child of
      // the real one): what it prints (the semaphores it cleans up after a hung run was ended) is not the program's.
      if (r.name === 'MainProcess' && r.ppid !== process.pid) continue;
      names.set(r.pid, r.name);
      lines.push({ name: r.name, pid: r.pid, stream: r.stream, text: r.text });
    }
    const exits = new Map<string, number>();
    for (const [pid, code] of [...self, ...byParent]) {
      const name = names.get(pid);
      if (name) exits.set(name, code);
    }
    // Lines CPython wrote to fd 2 itself, bypassing sys.stderr (fatal errors), stay in `stderr`.
    return {
      exitCode: run.code,
      lines,
      exits,
      pids: new Set(names.keys()),
      stdout: run.stdout,
      stderr: run.stderr,
      hung: run.hung,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Replaces every number that is one of the run's pids by `<pid>` (pid 1, init, stays: it is the lesson). */
export function normalisePids(text: string, pids: ReadonlySet<number>): string {
  return text.replace(/\b\d+\b/g, (d) => (Number(d) !== 1 && pids.has(Number(d)) ? '<pid>' : d));
}

/** A figure like `5.041041851043701` (a float printed with 3 or more decimals): a time measured by the program. */
const FIGURE = /\b\d+\.\d{3,}(?:e[-+]?\d+)?\b/g;

/** The timing figures printed in a line, in order. */
export function figures(text: string): number[] {
  return [...text.matchAll(FIGURE)].map((m) => Number(m[0]));
}

/** A line with its pids and timing figures replaced, so that two runs can be compared. */
export function normaliseLine(text: string, pids: ReadonlySet<number>): string {
  return normalisePids(text.replace(FIGURE, '<secs>'), pids).trimEnd();
}

/**
 * What a process's stderr says once the frames are dropped (they differ: Python's files vs the user's
 * TypeScript): `Process NAME:` headers, and each exception's type and message, every line of it.
 */
export function errorSummary(stderr: readonly string[]): string[] {
  const out: string[] = [];
  let inFrames = false;
  for (const raw of stderr) {
    const line = raw.trimEnd();
    if (line === 'Traceback (most recent call last):') inFrames = true;
    else if (!(inFrames && /^\s/.test(line))) {
      inFrames = false;
      out.push(line);
    }
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** The index in `run.lines` of the first line whose text includes `text` (and, if given, of that process). */
export function indexOfLine(run: RunOutput, text: string, name?: string): number {
  return run.lines.findIndex((l) => l.text.includes(text) && (name === undefined || l.name === name));
}

/** The texts of one process's lines on one stream. */
export function linesOf(run: RunOutput, name: string, stream: Line['stream'] = 'stdout'): string[] {
  return run.lines.filter((l) => l.name === name && l.stream === stream).map((l) => l.text);
}

/** The trace's events of one kind, typed. */
export function eventsOf<K extends TraceEvent['kind']>(trace: TraceFile, kind: K): Extract<TraceEvent, { kind: K }>[] {
  return trace.events.filter((e): e is Extract<TraceEvent, { kind: K }> => e.kind === kind);
}

/** The pid of the process with this name in the trace. */
export function pidOf(trace: TraceFile, name: string): number {
  const p = eventsOf(trace, 'spawn').find((e) => e.name === name) ?? trace.processes.find((e) => e.name === name);
  if (!p) throw new Error(`no process named ${name} in the trace`);
  return p.pid;
}

/** The one event of `kind` for `pid` (fails the caller's expectation with a clear message otherwise). */
export function eventFor<K extends TraceEvent['kind']>(
  trace: TraceFile,
  kind: K,
  pid: number,
): Extract<TraceEvent, { kind: K }> {
  const found = eventsOf(trace, kind).filter((e) => e.pid === pid);
  if (found.length !== 1) throw new Error(`expected one ${kind} event for pid ${pid}, found ${found.length}`);
  return found[0]!;
}

/**
 * Sanity of any trace: every process is spawned once and exits once, with the exit code the process table
 * holds, and nothing happens to a process after it is reaped. Returns the problems found (none: `[]`).
 */
export function traceProblems(trace: TraceFile): string[] {
  const problems: string[] = [];
  for (const p of trace.processes) {
    const spawns = trace.events.filter((e) => e.kind === 'spawn' && e.pid === p.pid).length;
    const exits = trace.events.filter(
      (e): e is Extract<TraceEvent, { kind: 'exit' }> => e.kind === 'exit' && e.pid === p.pid,
    );
    if (spawns !== 1) problems.push(`${p.name} (pid ${p.pid}) has ${spawns} spawn events`);
    if (exits.length !== 1) problems.push(`${p.name} (pid ${p.pid}) has ${exits.length} exit events`);
    else if (exits[0]!.code !== p.exitCode) {
      problems.push(`${p.name} exits with ${exits[0]!.code} in the events but ${String(p.exitCode)} in the table`);
    }
    const reaped = trace.events.findIndex((e) => e.kind === 'reaped' && e.pid === p.pid);
    const after = reaped < 0 ? [] : trace.events.slice(reaped + 1).filter((e) => e.pid === p.pid);
    if (after.length) problems.push(`${p.name} has events after it was reaped: ${after.map((e) => e.kind).join(', ')}`);
  }
  for (let i = 1; i < trace.events.length; i++) {
    if (trace.events[i]!.at < trace.events[i - 1]!.at) problems.push(`event ${i} goes back in time`);
  }
  return problems;
}

/** The program-seconds of the last event of the run. */
export function endSeconds(trace: TraceFile): number {
  return (trace.events[trace.events.length - 1]?.at ?? 0) / 1000;
}

/** What a catalog entry's `expect` says that the run does not show (none: `[]`). */
export function expectProblems(run: RunOutput, expect: ExampleExpect | undefined): string[] {
  if (!expect) return ['the catalog entry has no expect'];
  const problems: string[] = [];
  if (run.exitCode !== expect.exitCode) problems.push(`exit code ${run.exitCode}, expected ${expect.exitCode}`);
  let from = 0;
  for (const want of expect.output) {
    const at = run.lines.findIndex((l, i) => i >= from && l.text.includes(want));
    if (at < 0) problems.push(`no line with ${JSON.stringify(want)} after line ${from}`);
    else from = at + 1;
  }
  for (const bad of expect.absent ?? []) {
    if (run.lines.some((l) => l.text.includes(bad))) problems.push(`a line contains ${JSON.stringify(bad)}`);
  }
  return problems;
}
