// The names a module declares at its top level, from sucrase's own tokenizer (the registry that targets are found in).
import { isTopLevelDeclaration, type Token, tokenize, tt } from './tokens';

/** Top-level function, class, const/let/var and import binding names of compiled JS, in order, once each. */
export function topLevelNames(js: string, tokens: readonly Token[] = tokenize(js)): string[] {
  const names = new Set<string>();
  for (const t of tokens) {
    if (t.type === tt.name && isTopLevelDeclaration(t)) names.add(js.slice(t.start, t.end));
  }
  return [...names];
}
