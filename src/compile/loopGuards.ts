// Stop's brake for busy loops: every `while`, `do … while` and three-part `for` of compiled user code tests a guard
// in its condition (`for (…; LOOP_GUARD() && (cond); …)`), which parks the thread once the page has pressed Stop
// (src/runtime/loopGuard.ts), so a stopped busy loop frees its core at once rather than after the browser's
// 2-second grace for terminated workers. Insertions add no line breaks: line numbers stay as the user wrote them.
// Found with sucrase's own tokenizer (tokens.ts), so strings, regexps, templates and `o.while` are not loops.
import { LOOP_GUARD } from '../protocol/messages';
import { type Token, tokenize, tt as T } from './tokens';

/** One text insertion: `text` goes before the character at `at`. */
interface Insert {
  at: number;
  text: string;
}

/** The index of the `)` that closes the `(` at `open`, or -1. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!.type;
    if (t === T.parenL) depth++;
    else if (t === T.parenR && --depth === 0) return i;
  }
  return -1;
}

/** The `;` tokens of a `for` header at its own level (not inside nested braces or parens), between open and close. */
function headerSemis(tokens: readonly Token[], open: number, close: number): number[] {
  const semis: number[] = [];
  let parens = 0;
  let braces = 0;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!.type;
    if (t === T.parenL) parens++;
    else if (t === T.parenR) parens--;
    else if (t === T.braceL || t === T.dollarBraceL || t === T.braceBarL) braces++;
    else if (t === T.braceR) braces--;
    else if (t === T.semi && parens === 0 && braces === 0) semis.push(i);
  }
  return semis;
}

/** Guards the condition between tokens `after` and `before` (exclusive); an empty one becomes the guard alone. */
function guardCondition(tokens: readonly Token[], after: number, before: number, out: Insert[]): void {
  const a = tokens[after]!;
  const b = tokens[before]!;
  if (after + 1 === before) {
    out.push({ at: a.end, text: `${LOOP_GUARD}()` });
    return;
  }
  out.push({ at: a.end, text: `${LOOP_GUARD}()&&(` });
  out.push({ at: b.start, text: ')' });
}

/** `js` (whose tokens are `tokens`) with a guard in each of its loops' conditions (for…in/of loops end on their own). */
export function addLoopGuards(js: string, tokens: readonly Token[] = tokenize(js)): string {
  const inserts: Insert[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.type;
    if (t === T._while) {
      const open = i + 1;
      if (tokens[open]?.type !== T.parenL) continue;
      const close = closing(tokens, open);
      if (close > open) guardCondition(tokens, open, close, inserts);
    } else if (t === T._for) {
      let open = i + 1;
      if (tokens[open]?.type === T.name && js.slice(tokens[open]!.start, tokens[open]!.end) === 'await') open++;
      if (tokens[open]?.type !== T.parenL) continue;
      const close = closing(tokens, open);
      if (close < 0) continue;
      const semis = headerSemis(tokens, open, close);
      if (semis.length === 2) guardCondition(tokens, semis[0]!, semis[1]!, inserts);
    }
  }
  if (!inserts.length) return js;
  inserts.sort((x, y) => x.at - y.at);
  let out = '';
  let last = 0;
  for (const ins of inserts) {
    out += js.slice(last, ins.at) + ins.text;
    last = ins.at;
  }
  return out + js.slice(last);
}
