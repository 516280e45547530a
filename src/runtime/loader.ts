// Turns the compiled program into a module of this process: builtin imports point at tiny shim modules
// that re-export this runtime's module objects (so ESM hoisting and live bindings stay intact).
import type { BuiltinModule } from '../protocol/messages';
import { MODULE_PLACEHOLDER } from '../protocol/messages';

/** Makes an importable URL for a JS module source: a Blob URL in browsers, a data: URL in Node. */
export type ModuleUrlMaker = (js: string) => string;

/**
 * `import(url)`. Hosts whose worker code no bundler rewrites pass `(url) => import(url)`; the default, for code
 * a dev server or test runner transforms, goes through `new Function` (which a CSP without 'unsafe-eval' refuses).
 */
export type ModuleImporter = (url: string) => Promise<unknown>;

/**
 * Imports `code` with each `MODULE_PLACEHOLDER + name` specifier mapped to a shim of `modules[name]`.
 * `onUrl` learns the URL the program itself is imported from (JavaScriptCore names its frames by it).
 */
export async function importProgram(
  code: string,
  modules: Record<BuiltinModule, Record<string, unknown>>,
  makeUrl: ModuleUrlMaker,
  onUrl: (url: string) => void = () => {},
  importModule: ModuleImporter = dynamicImport,
): Promise<unknown> {
  const g = globalThis as unknown as { __mp_modules: typeof modules; __mp_bind: typeof bind };
  g.__mp_modules = modules;
  g.__mp_bind = bind;
  // A worker may host several processes in turn: the program's URL must be new, or the engine's module cache
  // would hand the next process the previous one's module instance (data: URLs are cached by text).
  const nonce = ++loads;
  let mapped = `/*${nonce}*/${code}`;
  for (const [name, mod] of Object.entries(modules)) {
    const specifier = JSON.stringify(MODULE_PLACEHOLDER + name);
    if (!mapped.includes(specifier)) continue;
    const id = `${name}:${Object.keys(mod).join(',')}`;
    const url = shimUrl(id, name, Object.keys(mod), makeUrl);
    setters.get(id)?.(mod); // a shim loaded before: its bindings now lead to this process's module
    mapped = mapped.split(specifier).join(JSON.stringify(url));
  }
  const url = makeUrl(mapped);
  onUrl(url);
  return importModule(url);
}

/**
 * The shim of builtin module `name` with exports `keys`, made once per worker: importing a module costs about a
 * millisecond on Node (its loader's steps), a fresh shim per process doubled every process's start. Its exports
 * are live bindings that importProgram points at each new process's module object before that process's
 * program is imported, so every process still sees only its own runtime's objects.
 */
function shimUrl(id: string, name: string, keys: string[], makeUrl: ModuleUrlMaker): string {
  let url = shimUrls.get(id);
  if (url) return url;
  const shim =
    `// ${name}\nlet ${keys.map((_, i) => `$${i}, `).join('')}$default;\n` +
    `const set = (m) => { ${keys.map((k, i) => `$${i} = m[${JSON.stringify(k)}];`).join(' ')} $default = m; };\n` +
    `set(globalThis.__mp_modules[${JSON.stringify(name)}]);\n` +
    `globalThis.__mp_bind(${JSON.stringify(id)}, set);\n` +
    `export { ${keys.map((k, i) => `$${i} as ${k}, `).join('')}$default as default };\n`;
  url = makeUrl(shim);
  shimUrls.set(id, url);
  return url;
}

/** Each shim's setter, by its id; the first one a shim registers stands (user code cannot replace it). */
const setters = new Map<string, (m: Record<string, unknown>) => void>();
const shimUrls = new Map<string, string>();
function bind(id: string, set: (m: Record<string, unknown>) => void): void {
  if (!setters.has(id)) setters.set(id, set);
}

let loads = 0;

/**
 * `import(url)` that bundlers cannot see: Vite's dev server rewrites a literal `import(x)` to go through
 * its client, which opened an HMR socket in every process and printed `[vite] connected.` into its output.
 */
const dynamicImport: ModuleImporter = (url) =>
  (viaFunction ??= new Function('url', 'return import(url)') as ModuleImporter)(url);
let viaFunction: ModuleImporter | null = null;
