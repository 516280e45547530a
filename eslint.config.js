// @ts-check
// ESLint flat config: typescript-eslint's recommended rules, plus the layer graph of STYLE.md habit 2 as no-restricted-imports.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/**
 * Who may import whom, by folder under `src/` (STYLE.md habit 2, ARCHITECTURE.md).
 * `allow`: the layer imports only itself and these. `deny`: the layer imports anything but these.
 * `node: false`: no Node built-in modules either (the code must also run in a browser worker or page).
 * Tests (`*.test.ts`, `*.test-util.ts`, `testing/`) are exempt: they may wire layers together in one process.
 * Folders not listed (src/testkit, src/tooling) have no rule; no layer may import src/testkit.
 * Order matters: a later entry's rule replaces an earlier one for the files both match.
 * @type {Record<string, { allow?: string[]; deny?: string[]; node: boolean }>}
 */
const LAYERS = {
  protocol: { allow: [], node: false },
  kernel: { allow: ['protocol'], node: false },
  runtime: { allow: ['protocol'], node: false },
  compile: { allow: ['protocol'], node: false },
  trace: { allow: ['protocol'], node: false },
  examples: { allow: ['protocol'], node: false },
  api: { allow: [], node: false },
  share: { deny: ['ui', 'kernel', 'runtime', 'hosts', 'cli', 'testkit'], node: false },
  ui: { deny: ['runtime', 'kernel', 'hosts/node', 'cli', 'testkit'], node: false },
  // Files shared by both hosts (src/hosts/*.ts); the two entries after it override it for their own folders.
  hosts: { deny: ['ui', 'cli', 'testkit'], node: false },
  'hosts/browser': { deny: ['ui', 'hosts/node', 'cli', 'testkit'], node: false },
  'hosts/node': { deny: ['ui', 'hosts/browser', 'testkit'], node: true },
  cli: { deny: ['ui', 'hosts/browser', 'testkit'], node: true },
};

/** Deepest nesting inside a layer folder that gets exact rules; deeper files are not checked. */
const MAX_DEPTH = 5;
const TEST_FILES = ['**/*.test.ts', '**/*.test.tsx', '**/*.test-util.ts', '**/testing/**'];
const SOURCE_EXT = '{ts,tsx,mts,js,mjs}';

/** @param {string} s */
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** @param {string[]} names */
const anyOf = (names) => `(?:${names.map(escapeRe).join('|')})(?:/|$)`;

/**
 * Regexes for the relative specifiers that, written in a file `depth` folders below `src/<layer>/`,
 * land in a folder the layer must not import. A specifier with `up` leading `../` lands at the ancestor
 * `base` of the file's folder; only ancestors above the layer folder can leave it.
 * @param {string} layer
 * @param {{ allow?: string[]; deny?: string[] }} rule
 * @param {number} depth
 */
function forbiddenRelative(layer, { allow, deny }, depth) {
  const layerParts = layer.split('/');
  /** @type {{ regex: string; message: string }[]} */
  const patterns = [];
  const what = allow ? `src/${layer} may import only ${['itself', ...allow.map((a) => `src/${a}`)].join(', ')}` : '';
  for (let up = depth + 1; up <= depth + layerParts.length; up++) {
    const base = layerParts.slice(0, depth + layerParts.length - up); // src-relative ancestor, [] = src itself
    const prefix = `^(?:\\./)?(?:\\.\\./){${up}}`;
    /** Targets reachable from `base`, as paths below it. @param {string[]} targets */
    const below = (targets) =>
      targets
        .map((t) => t.split('/'))
        .filter((t) => t.length > base.length && base.every((b, i) => t[i] === b))
        .map((t) => t.slice(base.length).join('/'));
    if (allow) {
      // Allowed: back into the layer itself, or into an allowed layer. Anything else that leaves the layer is not,
      // including a climb out of src/ (after `up` steps the next segment is another `..`).
      const ok = below([layer, ...allow]);
      patterns.push({
        regex: ok.length ? `${prefix}(?!${anyOf(ok)})` : prefix,
        message: `Layer rule (STYLE.md habit 2): ${what}.`,
      });
    } else if (deny) {
      const bad = below(deny);
      if (bad.length) {
        patterns.push({
          regex: `${prefix}${anyOf(bad)}`,
          message: `Layer rule (STYLE.md habit 2): src/${layer} must not import ${deny.map((d) => `src/${d}`).join(', ')}.`,
        });
      }
    }
  }
  return patterns;
}

const nodeBuiltins = {
  regex: `^(?:node:|${anyOf(builtinModules.filter((m) => !m.startsWith('_')))})`,
  message:
    'Node built-in modules only in src/hosts/node, src/cli, tests and tooling: this code also runs in the browser.',
};

/** @type {import('eslint').Linter.Config[]} */
const layerConfigs = Object.entries(LAYERS).flatMap(([layer, rule]) =>
  Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => ({
    name: `mpplay/layers/${layer}/depth-${depth}`,
    files: [`src/${layer}/${'*/'.repeat(depth)}*.${SOURCE_EXT}`],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...forbiddenRelative(layer, rule, depth), ...(rule.node ? [] : [nodeBuiltins])] },
      ],
    },
  })),
);

export default defineConfig(
  globalIgnores([
    'dist/',
    'node_modules/',
    'e2e-artifacts/',
    'test-results/',
    'tour-shots/',
    'playwright-report/',
    'scratch/',
    '.cache/',
    'coverage/',
    'src/examples/programs/**',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'mpplay/base',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    name: 'mpplay/node-scripts',
    files: ['*.{js,mjs,cjs}', 'scripts/**', 'bin/**', '.ci/**'],
    languageOptions: { globals: globals.node },
  },
  {
    name: 'mpplay/browser-js',
    files: ['src/**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    // The declarations users' programs see (Monaco and the programs' tsconfig): they mirror lib.d.ts, where
    // `declare var console` is how a global is declared and `(...args: any[]) => unknown` is what accepts any target.
    name: 'mpplay/user-api-declarations',
    files: ['src/api/**/*.d.ts'],
    rules: { 'no-var': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  ...layerConfigs,
);
