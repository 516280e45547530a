// The names a module declares at its top level, from sucrase's own tokenizer (the registry that targets are found in).
// sucrase 3.35 has no "exports" map, so its parser is reachable by path.
// @ts-expect-error -- untyped deep import
import { parse } from 'sucrase/dist/parser/index.js';
// @ts-expect-error -- untyped deep import
import { isTopLevelDeclaration } from 'sucrase/dist/parser/tokenizer/index.js';
// @ts-expect-error -- untyped deep import
import { TokenType } from 'sucrase/dist/parser/tokenizer/types.js';

interface Token {
  type: number;
  start: number;
  end: number;
}

/** Top-level function, class, const/let/var and import binding names of compiled JS, in order, once each. */
export function topLevelNames(js: string): string[] {
  const tokens = (parse(js, false, false, false) as { tokens: Token[] }).tokens;
  const names = new Set<string>();
  for (const t of tokens) {
    if (t.type === (TokenType as { name: number }).name && (isTopLevelDeclaration as (t: Token) => boolean)(t)) {
      names.add(js.slice(t.start, t.end));
    }
  }
  return [...names];
}
