// Proves the gate enforces STYLE.md habits 1 and 2: the layer imports fail lint, DOM and Node in the kernel fail tsc.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('layer imports (eslint no-restricted-imports)', () => {
  const eslint = new ESLint({ cwd: root });

  /** The rule ids ESLint reports for `code` written in `file` (repo-relative; the file need not exist). */
  async function ruleIds(file: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
  }

  it.each([
    ['src/kernel/probe.ts', "export { x } from '../ui/x';"],
    ['src/kernel/deeper/probe.ts', "export { x } from '../../ui/x';"],
    ['src/kernel/probe.ts', "export type { X } from '../runtime/x';"],
    ['src/kernel/probe.ts', "export { readFile } from 'node:fs';"],
    ['src/runtime/probe.ts', "export { Kernel } from '../kernel/kernel';"],
    ['src/protocol/probe.ts', "export { Kernel } from '../kernel/kernel';"],
    ['src/compile/probe.ts', "export { x } from '../runtime';"],
    ['src/trace/probe.ts', "export { x } from '../kernel/kernel';"],
    ['src/examples/probe.ts', "export { x } from '../ui/x';"],
    ['src/ui/probe.ts', "export { x } from '../runtime';"],
    ['src/ui/probe.ts', "export { x } from '../kernel/kernel';"],
    ['src/ui/probe.ts', "export { x } from '../hosts/node/x';"],
    ['src/ui/probe.ts', "export { x } from '../cli/x';"],
    ['src/hosts/browser/probe.ts', "export { x } from '../../ui/x';"],
    ['src/hosts/browser/probe.ts', "export { x } from '../node/x';"],
    ['src/hosts/node/probe.ts', "export { x } from '../../ui/x';"],
    ['src/hosts/probe.ts', "export { x } from '../ui/x';"],
    ['src/ui/probe.ts', "export { x } from '../testkit/inProcess';"],
  ])('%s: %s is an error', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual(['no-restricted-imports']);
  });

  it.each([
    ['src/kernel/probe.ts', "export type { Pid } from '../protocol/messages';"],
    ['src/kernel/deeper/probe.ts', "export type { Clock } from '../host';"],
    ['src/runtime/probe.ts', "export type { Pid } from '../protocol/messages';"],
    ['src/ui/probe.ts', "export { x } from '../hosts/browser/x';"],
    ['src/hosts/browser/probe.ts', "export { Kernel } from '../../kernel/kernel';"],
    ['src/hosts/node/probe.ts', "export { Worker } from 'node:worker_threads';"],
    ['src/hosts/browser/probe.ts', "export { x } from '../clock';"],
    [
      'src/kernel/kernel.test.ts',
      "export { x } from '../runtime'; export { MessageChannel } from 'node:worker_threads';",
    ],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await ruleIds(file, code)).toEqual([]);
  });
});

describe('DOM-freedom (tsc with the kernel and runtime tsconfigs)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpplay-layers-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** Typechecks `code` as one file under a tsconfig that extends `project`; resolves with tsc's diagnostics. */
  async function tscErrors(project: string, code: string): Promise<string[]> {
    const name = project.split('/').join('-').replace('.json', '');
    await writeFile(join(dir, `${name}.ts`), code);
    await writeFile(
      join(dir, `${name}.tsconfig.json`),
      JSON.stringify({ extends: join(root, project), include: [`${name}.ts`], exclude: [] }),
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const out = await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, `${name}.tsconfig.json`)]).then(
      (r) => r.stdout,
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    return out.split('\n').filter((l) => l.includes('error TS'));
  }

  // Each probe also holds a line that must compile, so a broken tsconfig cannot pass by failing everywhere.
  const probe = (extra: string) =>
    [
      'export const fine: number | undefined = new Map<string, number>([["a", 1]]).get("a");',
      'export const title = document.title;',
      'export const env = process.env.HOME;',
      extra,
    ].join('\n');

  it('the kernel sees neither DOM, nor WebWorker, nor Node', async () => {
    const errors = await tscErrors('src/kernel/tsconfig.json', probe('export const t = setTimeout(() => {}, 1);'));
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toMatch(/Cannot find name 'document'/);
    expect(errors.join('\n')).toMatch(/Cannot find name 'process'/);
    expect(errors.join('\n')).toMatch(/Cannot find name 'setTimeout'/);
  });

  it('the runtime sees WebWorker but neither DOM nor Node', async () => {
    const errors = await tscErrors('src/runtime/tsconfig.json', probe('export const t = self.postMessage;'));
    expect(errors).toHaveLength(2);
    expect(errors.join('\n')).toMatch(/Cannot find name 'document'/);
    expect(errors.join('\n')).toMatch(/Cannot find name 'process'/);
  });
});
