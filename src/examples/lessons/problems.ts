// A small collector of a check's problems, each saying what was expected and what was seen (the lessons' own expect(), with no test runner).
import type { Check, LessonRun } from './types';

/** Short, readable form of a seen or wanted value. */
export function show(x: unknown): string {
  if (typeof x === 'number') return Number.isInteger(x) ? String(x) : String(Math.round(x * 1000) / 1000);
  if (x === undefined) return 'nothing';
  const s = JSON.stringify(x, (_, v: unknown) => (v instanceof Map ? Object.fromEntries(v) : v));
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

/** The problems found so far; each method adds one when its claim does not hold, and says whether it held. */
export class Problems {
  readonly list: string[] = [];

  /** `what` must hold; `seen` (if given) says what was seen instead. */
  that(ok: boolean, what: string, seen?: unknown): boolean {
    if (!ok) this.list.push(seen === undefined ? `expected ${what}` : `expected ${what}; saw ${show(seen)}`);
    return ok;
  }

  /** `seen` must equal `want` (deeply, as JSON). */
  equal(what: string, seen: unknown, want: unknown): boolean {
    const ok = show(seen) === show(want);
    if (!ok) this.list.push(`${what}: expected ${show(want)}, saw ${show(seen)}`);
    return ok;
  }

  atMost(what: string, seen: number, max: number): boolean {
    return this.num(seen <= max, what, seen, `at most ${show(max)}`);
  }

  atLeast(what: string, seen: number, min: number): boolean {
    return this.num(seen >= min, what, seen, `at least ${show(min)}`);
  }

  below(what: string, seen: number, bound: number): boolean {
    return this.num(seen < bound, what, seen, `below ${show(bound)}`);
  }

  above(what: string, seen: number, bound: number): boolean {
    return this.num(seen > bound, what, seen, `above ${show(bound)}`);
  }

  /** Adds the problems another check found, each prefixed with `where` if given. */
  add(problems: readonly string[], where?: string): void {
    for (const p of problems) this.list.push(where ? `${where}: ${p}` : p);
  }

  private num(ok: boolean, what: string, seen: number, want: string): boolean {
    if (!ok) this.list.push(`${what}: expected ${want}, saw ${show(seen)}`);
    return ok;
  }
}

/** Makes a check from a function that records problems on a collector. */
export function check(body: (p: Problems, run: LessonRun) => void): Check {
  return (run) => {
    const p = new Problems();
    body(p, run);
    return p.list;
  };
}
