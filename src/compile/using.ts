// Lowers `using` / `await using` declarations (Node 20 cannot parse them) to try/finally on the same lines,
// so `await using _ = await lock.hold()` works in every host and tracebacks keep their line numbers.
import { kw, type Token, tokenize, tt } from './tokens';

/** Thrown when a `using` declaration cannot be lowered; `index` is its offset in the JS. */
export class UsingError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/** The name of the runtime helper the lowered code calls: `__mp_dispose(value, isAsync)`. */
export const DISPOSE_HELPER = '__mp_dispose';

const OPENS: ReadonlySet<number> = new Set([tt.braceL!, tt.parenL!, tt.bracketL!, tt.dollarBraceL!]);
const CLOSES: ReadonlySet<number> = new Set([tt.braceR!, tt.parenR!, tt.bracketR!]);

/**
 * From token `from` on, at bracket depth 0: the index of the first token of type `want`, or of the bracket
 * that closes the enclosing block (`want` = eof: where that block ends, or the end of the file); -1 if a
 * block closes before `want` comes.
 */
function scan(tokens: Token[], from: number, want: number): number {
  let nest = 0;
  for (let j = from; j < tokens.length; j++) {
    const type = tokens[j]!.type;
    if (OPENS.has(type)) nest++;
    else if (CLOSES.has(type)) {
      if (nest === 0) return want === tt.eof ? j : -1;
      nest--;
    } else if (nest === 0 && type === want) return j;
  }
  return want === tt.eof ? tokens.length - 1 : -1;
}

/** Rewrites statement-level `using`/`await using` declarations; other code is returned unchanged. */
export function lowerUsing(js: string): string {
  if (!/\busing\b/.test(js)) return js;
  const tokens = tokenize(js);
  const edits: { at: number; remove: number; text: string; order: number }[] = [];
  let order = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== tt.name || t.contextualKeyword !== kw._using) continue;
    const name = tokens[i + 1];
    const eq = tokens[i + 2];
    if (!name || name.type !== tt.name || !eq || eq.type !== tt.eq) continue;
    const prev = tokens[i - 1];
    const isAwait = !!prev && prev.type === tt.name && prev.contextualKeyword === kw._await;
    const first = isAwait ? prev : t;
    const before = tokens[tokens.indexOf(first) - 1];
    const atStatementStart = !before || [tt.semi, tt.braceL, tt.braceR].includes(before.type);
    if (!atStatementStart) continue;
    // Brackets are counted, not scope depths: an object literal's braces open no scope, so its `}` would
    // look like the end of the block.
    const semi = scan(tokens, i + 3, tt.semi!);
    if (semi < 0) throw new UsingError('end the `using` declaration with a semicolon', t.start);
    const close = scan(tokens, semi + 1, tt.eof!);
    const id = js.slice(name.start, name.end);
    edits.push({ at: first.start, remove: t.end - first.start, text: 'const', order: order++ });
    edits.push({ at: tokens[semi]!.end, remove: 0, text: ' try {', order: order++ });
    const closeAt = tokens[close]!.type === tt.eof ? js.length : tokens[close]!.start;
    const dispose = `${isAwait ? 'await ' : ''}${DISPOSE_HELPER}(${id}, ${isAwait});`;
    // Later declarations close first (LIFO), so their finally goes before earlier ones at the same spot.
    edits.push({ at: closeAt, remove: 0, text: `} finally { ${dispose} }`, order: -order++ });
  }
  edits.sort((a, b) => b.at - a.at || b.order - a.order);
  let out = js;
  for (const e of edits) out = out.slice(0, e.at) + e.text + out.slice(e.at + e.remove);
  return out;
}
