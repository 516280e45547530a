// Shared helpers of the gallery's lesson and parity tests: run an example through the CLI or its Python original under CPython, read what each process printed, normalise.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceFile } from '../../protocol/trace';
import { lessonRunFromTrace, lessonSpeed, type LessonRun, type Line } from '../lessons';
import { errorSummary, eventFor, eventsOf, figures, indexOfLine, linesOf, maskFigures, pidOf } from '../lessons/query';
import { expectProblems, traceProblems } from '../lessons/common';

export type { Line };
export { errorSummary, eventFor, eventsOf, expectProblems, figures, indexOfLine, linesOf, pidOf, traceProblems };

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where the gallery's programs live: `<id>.ts` and `<id>.py`. */
export const PROGRAMS = join(ROOT, 'src', 'examples', 'programs');
/**
 * Generous: a run at speed 10 takes a few seconds, but the first run bundles the CLI, and on a 2-core machine loaded
 * many times over (the gate beside other work, or a CPU hog) start-ups and CPU work take many times longer.
 */
export const RUN_TIMEOUT_MS = 150_000;

/** The speed `id`'s tests run at: the speed its lesson must be run at (see src/examples/lessons). */
export function speedOf(id: string): number {
  return lessonSpeed(id);
}

/** What a run printed, process by process, and how it ended: a lesson run's output and the command's own. */
export interface RunOutput extends Omit<LessonRun, 'trace'> {
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
    return { ...lessonRunFromTrace(trace, run.code), stdout: run.stdout, stderr: run.stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The records sitecustomize.py writes: a line, or an exit code. */
type PyRecord =
  | { name: string; pid: number; ppid: number; stream: Line['stream']; text: string }
  | { exit: number; name?: string; code: number; by: 'self' | 'parent' };

/** A CPython run; `hung` when it was still running once it reached the state it hangs in, and was ended by the test. */
export interface CPythonRun extends RunOutput {
  hung: boolean;
}

/** Where a program that hangs for ever has got to: `count` printed lines (any process) that match `line`. */
export interface HangState {
  line: RegExp;
  count: number;
}

/** Options of `runCPython`. */
export interface CPythonOptions {
  /**
   * The program is expected to hang for ever (Python's answer to a deadlock): once it has printed what it prints
   * before it hangs, its whole process group gets SIGTERM (multiprocessing's resource tracker ignores it, cleans up
   * its semaphores once the others are gone, and exits), and the run is what it printed until then. Waiting for
   * the output rather than for a number of seconds keeps the verdict the same on a busy machine.
   */
  hangsAt?: HangState;
}

/** After the hang state is reached, how long to let any further output arrive (there should be none). */
const HANG_SETTLE_MS = 1000;

/**
 * Runs python3 in a process group of its own and ends the whole group once its output has reached `at` (or after
 * RUN_TIMEOUT_MS, whichever comes first) if it has not exited by then.
 */
function execHanging(args: string[], env: NodeJS.ProcessEnv, at: HangState): Promise<Exec & { hung: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true });
    let stdout = '';
    let stderr = '';
    let hung = false;
    let seen = 0;
    let scanned = 0;
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        // the group is gone already
      }
    };
    let last: ReturnType<typeof setTimeout> | undefined;
    const end = () => {
      if (hung) return;
      hung = true;
      signal('SIGTERM');
      // Whatever is left of the group (a stuck resource tracker) after a grace period.
      last = setTimeout(() => signal('SIGKILL'), 10_000);
    };
    let settle: ReturnType<typeof setTimeout> | undefined;
    const cap = setTimeout(end, RUN_TIMEOUT_MS - 15_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const complete = stdout.lastIndexOf('\n') + 1;
      for (const raw of stdout.slice(scanned, complete).split('\n')) {
        if (!raw.trim()) continue;
        const r = JSON.parse(raw) as PyRecord;
        if ('text' in r && at.line.test(r.text)) seen++;
      }
      scanned = complete;
      if (seen >= at.count && !settle) settle = setTimeout(end, HANG_SETTLE_MS);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    // 'close': every process of the group that held stdout/stderr has exited.
    child.on('close', (code) => {
      for (const t of [cap, settle, last]) clearTimeout(t);
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
      opts.hangsAt === undefined
        ? { ...(await exec('python3', args, env)), hung: false }
        : await execHanging(args, env, opts.hangsAt);
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

/** A line with its pids and timing figures replaced, so that two runs can be compared. */
export function normaliseLine(text: string, pids: ReadonlySet<number>): string {
  return normalisePids(maskFigures(text), pids).trimEnd();
}

/** The program-seconds of the last event of the run. */
export function endSeconds(trace: TraceFile): number {
  return (trace.events[trace.events.length - 1]?.at ?? 0) / 1000;
}
