// Compares an mpplay run of an example with a CPython run of its Python original: per process, modulo pids, timing noise and allowed interleaving.
import { KERNEL } from '../lessons/query';
import { errorSummary, figures, normaliseLine, type HangState, type RunOutput } from './testkit';

/** What the lesson fixes about one example's run beyond each process's own lines. */
export interface ParitySpec {
  id: string;
  /** Processes that may be cut short at any point (a daemon terminated): one side's lines must be a prefix of the other's. */
  cut?: string[];
  /**
   * Orders across processes that must hold on both sides: `[a, b, 'all']` every line containing `a` comes before
   * every line containing `b`; `[a, b, 'some']` some line containing `a` comes before some line containing `b`.
   */
  order?: [string, string, 'all' | 'some'][];
  /**
   * How far apart two timing figures (program seconds) may be: `abs` seconds or `rel` of the larger, whichever is
   * more (default 0.75 s or 50%). Start-ups are never scaled by the speed and CPython's take ~40 ms each on an idle
   * machine but several times that when the suite loads both cores, so figures agree only roughly; roughly is
   * enough to tell the lessons' ~5 s from ~1 s (the lesson tests bound mpplay's figures tightly).
   */
  figureTolerance?: { abs: number; rel: number };
  /**
   * Processes whose lines depend on a race that is the lesson itself (which consumer takes which item): their
   * stdout is not compared line by line (their errors and exit codes still are); `shape` says what must agree.
   */
  racy?: string[];
  /**
   * Processes whose exit code may be -15 or 0 on either side: the workers of a Pool left open when the main
   * code ends. CPython's exit finalizer sends each worker a sentinel and then terminates the ones still
   * alive, so whether an idle worker exits 0 first is a race in CPython itself.
   */
  terminatedOrZero?: string[];
  /** Rewrites each stdout line (pids and timing figures already normalised) on both sides before comparing. */
  mask?: (line: string) => string;
  /**
   * Facts about a whole run that the lesson fixes, computed the same way on both sides, e.g. "every item was
   * consumed exactly once" or "the total printed is the sum of the parts": they must be deep-equal.
   */
  shape?: (run: RunOutput) => unknown;
  /**
   * The Python original hangs for ever (mpplay ends the run as a deadlock instead): CPython is ended once it has
   * printed what it prints before it hangs (`at`), and only what both printed is compared. Exit codes are compared
   * for the processes that ended on the CPython side; the kernel's deadlock report (pid 0) must match every `report`.
   */
  hangs?: { at: HangState; report: RegExp[] };
}

/** The name a lesson run gives the output of pid 0 (the kernel itself: the deadlock report). */
export { KERNEL };

interface View {
  stdout: string[];
  stdoutFigures: number[][];
  errors: string[];
}

function views(run: RunOutput, mask: (line: string) => string, skipKernel: boolean): Map<string, View> {
  const out = new Map<string, View>();
  const stderr = new Map<string, string[]>();
  for (const l of run.lines) {
    if (skipKernel && l.name === KERNEL) continue;
    const v = out.get(l.name) ?? { stdout: [], stdoutFigures: [], errors: [] };
    out.set(l.name, v);
    if (l.stream === 'stdout') {
      v.stdout.push(mask(normaliseLine(l.text, run.pids)));
      v.stdoutFigures.push(figures(l.text));
    } else {
      stderr.set(l.name, [...(stderr.get(l.name) ?? []), l.text]);
    }
  }
  for (const [name, lines] of stderr) out.get(name)!.errors = errorSummary(lines);
  return out;
}

const show = (xs: readonly unknown[]) => JSON.stringify(xs);

function isPrefix(a: readonly string[], b: readonly string[]): boolean {
  return a.length <= b.length && a.every((x, i) => x === b[i]);
}

/** Checks one cross-process order on one run; returns a problem or null. */
function orderProblem(run: RunOutput, side: string, [a, b, mode]: [string, string, 'all' | 'some']): string | null {
  const as = run.lines.flatMap((l, i) => (l.text.includes(a) ? [i] : []));
  const bs = run.lines.flatMap((l, i) => (l.text.includes(b) ? [i] : []));
  if (!as.length || !bs.length) return `${side}: no line with ${JSON.stringify(as.length ? b : a)}`;
  const ok = mode === 'all' ? Math.max(...as) < Math.min(...bs) : Math.min(...as) < Math.max(...bs);
  return ok
    ? null
    : `${side}: ${mode === 'all' ? 'every' : 'some'} ${JSON.stringify(a)} line is not before ${JSON.stringify(b)}`;
}

/** Every difference between the two runs that the lesson does not allow (none: `[]`). */
export function parityProblems(mp: RunOutput, py: RunOutput, spec: ParitySpec): string[] {
  const problems: string[] = [];
  if (!spec.hangs && mp.exitCode !== py.exitCode) {
    problems.push(`exit code: mpplay ${mp.exitCode}, CPython ${py.exitCode}`);
  }

  const mpExits = new Map([...mp.exits].filter(([name]) => name !== 'MainProcess'));
  // A hung CPython run was ended from outside: only the processes that had ended by themselves say anything.
  const names = (spec.hangs ? [...py.exits.keys()] : [...new Set([...mpExits.keys(), ...py.exits.keys()])]).sort();
  for (const name of names) {
    const either = spec.terminatedOrZero?.includes(name) ?? false;
    const ok = (code: number | undefined) => code === 0 || code === -15;
    if (either && ok(mpExits.get(name)) && ok(py.exits.get(name))) continue;
    if (mpExits.get(name) !== py.exits.get(name)) {
      problems.push(`${name} exit code: mpplay ${mpExits.get(name)}, CPython ${py.exits.get(name)}`);
    }
  }

  const mask = spec.mask ?? ((line: string) => line);
  const mv = views(mp, mask, !!spec.hangs);
  const pv = views(py, mask, !!spec.hangs);
  const { abs, rel } = spec.figureTolerance ?? { abs: 0.75, rel: 0.5 };
  for (const name of [...new Set([...mv.keys(), ...pv.keys()])].sort()) {
    const m = mv.get(name) ?? { stdout: [], stdoutFigures: [], errors: [] };
    const p = pv.get(name) ?? { stdout: [], stdoutFigures: [], errors: [] };
    const cut = spec.cut?.includes(name) ?? false;
    const same = cut ? isPrefix(m.stdout, p.stdout) || isPrefix(p.stdout, m.stdout) : show(m.stdout) === show(p.stdout);
    if (show(m.errors) !== show(p.errors)) {
      problems.push(`${name} errors: mpplay ${show(m.errors)}, CPython ${show(p.errors)}`);
    }
    if (spec.racy?.includes(name)) continue;
    if (!same) problems.push(`${name} stdout: mpplay ${show(m.stdout)}, CPython ${show(p.stdout)}`);
    m.stdoutFigures.forEach((mf, i) => {
      const pf = p.stdoutFigures[i] ?? [];
      mf.forEach((x, j) => {
        const y = pf[j];
        const tolerance = Math.max(abs, rel * Math.max(Math.abs(x), Math.abs(y ?? 0)));
        if (y === undefined || Math.abs(x - y) > tolerance) {
          problems.push(
            `${name} line ${i + 1}: figure ${x} (mpplay) vs ${String(y)} (CPython), tolerance ${tolerance}`,
          );
        }
      });
    });
  }

  if (spec.shape) {
    const [ms, ps] = [show([spec.shape(mp)]), show([spec.shape(py)])];
    if (ms !== ps) problems.push(`shape: mpplay ${ms}, CPython ${ps}`);
  }

  for (const o of spec.order ?? []) {
    for (const [side, run] of [
      ['mpplay', mp],
      ['CPython', py],
    ] as const) {
      const problem = orderProblem(run, side, o);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}
