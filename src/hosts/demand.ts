// How many process workers a program is about to need, read from its source text: the hosts boot that many
// ahead (while it compiles), so `start()` finds a worker ready instead of waiting for one to boot.

/** Never boot more than this ahead, whatever the program says (each idle worker costs a few MB). */
export const MAX_AHEAD = 12;
/** A loop whose count cannot be read is taken to run this many times. */
const UNKNOWN_LOOP = 4;

/** Blanks out comments and string contents (keeping positions), so that what the scan reads is code. */
function codeOnly(src: string): string {
  return src.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\/|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, (m) =>
    m.startsWith('/') ? ' '.repeat(m.length) : `${m[0]}${m.slice(1, -1).replace(/[^\n]/g, ' ')}${m.at(-1)}`,
  );
}

/** How many times a loop header runs its body, if it says (`range(5)`, `i < 5`, `i <= 4`, `[0, 1, 2]`, `i < N`). */
function loopCount(header: string, consts: Map<string, string>): number {
  header = header.replace(/\b[A-Za-z_$][\w$]*\b/g, (name) => consts.get(name) ?? name);
  const range = /\brange\(\s*(?:(\d+)\s*,\s*)?(\d+)\s*\)/.exec(header);
  if (range) return Math.max(0, Number(range[2]) - Number(range[1] ?? 0));
  const lt = /<\s*(=?)\s*(\d+)\s*;/.exec(header);
  if (lt) return Number(lt[2]) + (lt[1] ? 1 : 0);
  const list = /\bof\s*\[([^\]]*)\]/.exec(header);
  if (list) return list[1]!.split(',').filter((x) => x.trim()).length;
  return UNKNOWN_LOOP;
}

/**
 * Processes the program will likely have alive at its start, MainProcess included: each `new Process(…)` (or
 * `new X(…)` of a class that extends Process) counts once per turn of the loops around it, and each `Pool(n)`
 * n workers (the CPU count without n). A guess, capped at MAX_AHEAD: too few only costs a worker boot at
 * `start()`, too many a few idle workers.
 */
export function processesAhead(source: string, cpuCount: number): number {
  const code = codeOnly(source);
  // `const N = 5;` anywhere: a loop up to N reads as a loop up to 5.
  const consts = new Map(
    [...code.matchAll(/\bconst\s+([A-Za-z_$][\w$]*)\s*=\s*(\d+)\s*;/g)].map((m) => [m[1]!, m[2]!]),
  );
  const subclasses = [...code.matchAll(/\bclass\s+(\w+)\s+extends\s+(?:\w+\.)?Process\b/g)].map((m) => m[1]!);
  const site = new RegExp(`\\bnew\\s+(?:\\w+\\.)?(?:${['Process', ...subclasses].join('|')})\\s*\\(`, 'g');
  const pool = /\bnew\s+(?:\w+\.)?Pool\s*\(\s*(?:(\d+)|\{\s*processes\s*:\s*(\d+))?/g;
  // Loops as the braces open and close: a `for`/`while` header right before a `{` makes that block a loop.
  const blocks: number[] = [];
  let total = 1;
  const events = [
    ...[...code.matchAll(/[{}]/g)].map((m) => ({ at: m.index, kind: m[0] as '{' | '}', weight: 0 })),
    ...[...code.matchAll(site)].map((m) => ({ at: m.index, kind: 'site' as const, weight: 1 })),
    ...[...code.matchAll(pool)].map((m) => ({
      at: m.index,
      kind: 'site' as const,
      weight: Number(m[1] ?? m[2] ?? cpuCount),
    })),
  ].sort((a, b) => a.at - b.at);
  for (const ev of events) {
    if (ev.kind === '{') {
      const before = code.slice(Math.max(0, ev.at - 200), ev.at);
      const header = /\b(for|while)\s*\(([^{}]*)\)\s*$/.exec(before);
      blocks.push(header ? (header[1] === 'for' ? loopCount(header[2]!, consts) : UNKNOWN_LOOP) : 1);
    } else if (ev.kind === '}') blocks.pop();
    else total += ev.weight * blocks.reduce((a, b) => a * b, 1);
    if (total >= MAX_AHEAD) return MAX_AHEAD;
  }
  return total;
}
