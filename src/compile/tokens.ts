// sucrase's own tokenizer, the one place the compile step reaches into it (sucrase 3.35 has no "exports" map, so
// its parser is reachable by path only): names.ts, using.ts and loopGuards.ts read the tokens it gives.
// @ts-expect-error -- untyped deep import
import { parse } from 'sucrase/dist/parser/index.js';
// @ts-expect-error -- untyped deep import
import { isTopLevelDeclaration as isTopLevel } from 'sucrase/dist/parser/tokenizer/index.js';
// @ts-expect-error -- untyped deep import
import { ContextualKeyword } from 'sucrase/dist/parser/tokenizer/keywords.js';
// @ts-expect-error -- untyped deep import
import { TokenType } from 'sucrase/dist/parser/tokenizer/types.js';

export interface Token {
  type: number;
  start: number;
  end: number;
  contextualKeyword: number;
  scopeDepth: number;
}

/** sucrase's token types by name (`tt.name`, `tt._while`, `tt.parenL`…). */
export const tt = TokenType as Record<string, number>;
/** sucrase's contextual keywords by name (`kw._using`, `kw._await`…). */
export const kw = ContextualKeyword as Record<string, number>;

/** The tokens of a JavaScript module (TypeScript already removed). */
export function tokenize(js: string): Token[] {
  return (parse(js, false, false, false) as { tokens: Token[] }).tokens;
}

/** Whether `t` declares a name at the module's top level. */
export const isTopLevelDeclaration = isTopLevel as (t: Token) => boolean;
