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
  const g = globalThis as unknown as { __mp_modules: typeof modules };
  g.__mp_modules = modules;
  // A worker may host several processes in turn: every module URL must be new, or the engine's module
  // cache would hand the next process the previous one's module instance (data: URLs are cached by text).
  const nonce = ++loads;
  let mapped = `/*${nonce}*/${code}`;
  for (const [name, mod] of Object.entries(modules)) {
    const exportsList = Object.keys(mod)
      .map((k) => `export const ${k} = m.${k};`)
      .join('\n');
    const shim = `// load ${nonce}\nconst m = globalThis.__mp_modules[${JSON.stringify(name)}];\n${exportsList}\nexport default m;\n`;
    mapped = mapped.split(JSON.stringify(MODULE_PLACEHOLDER + name)).join(JSON.stringify(makeUrl(shim)));
  }
  const url = makeUrl(mapped);
  onUrl(url);
  return importModule(url);
}

let loads = 0;

/**
 * `import(url)` that bundlers cannot see: Vite's dev server rewrites a literal `import(x)` to go through
 * its client, which opened an HMR socket in every process and printed `[vite] connected.` into its output.
 */
const dynamicImport: ModuleImporter = (url) =>
  (viaFunction ??= new Function('url', 'return import(url)') as ModuleImporter)(url);
let viaFunction: ModuleImporter | null = null;
