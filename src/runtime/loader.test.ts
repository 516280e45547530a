// The program loader: each process gets a fresh instance of its program's module, while the shims of the builtin
// modules are made and loaded once per worker and bound to each new process's module objects.
import { describe, expect, it } from 'vitest';
import { MODULE_PLACEHOLDER } from '../protocol/messages';
import { importProgram } from './loader';

type Modules = Parameters<typeof importProgram>[1];

const program = `import { who, count } from ${JSON.stringify(MODULE_PLACEHOLDER + 'multiprocessing')};
import * as mp from ${JSON.stringify(MODULE_PLACEHOLDER + 'multiprocessing')};
let mine = 0;
export const seen = who;
export const whole = mp.default;
export function bump() { return ++mine; }
export const counted = count();`;

/** The module objects of one process: only `multiprocessing` has members here. */
function modules(who: string, extra: Record<string, unknown> = {}): Modules {
  let n = 0;
  const mp = { who, count: () => ++n, ...extra };
  return { multiprocessing: mp, time: {}, os: {}, random: {}, queue: {}, sys: {} } as unknown as Modules;
}

describe('importProgram', () => {
  it('gives every process a fresh program module bound to its own builtins, making each shim once', async () => {
    const urls: string[] = [];
    const makeUrl = (js: string) => {
      const url = `data:text/javascript;charset=utf-8,${encodeURIComponent(js)}`;
      urls.push(url);
      return url;
    };
    const load = async (mods: Modules) =>
      (await importProgram(program, mods, makeUrl, undefined, (url) => import(/* @vite-ignore */ url))) as {
        seen: string;
        whole: unknown;
        bump(): number;
        counted: number;
      };
    const firstMods = modules('first');
    const first = await load(firstMods);
    expect(urls).toHaveLength(2); // the multiprocessing shim and the program; no shim for modules it never imports
    const second = await load(modules('second'));
    expect(urls).toHaveLength(3); // only the new program: the shim is already loaded in this worker
    expect([first.seen, second.seen]).toEqual(['first', 'second']);
    expect(second.whole).not.toBe(firstMods.multiprocessing);
    // Fresh module state: the second process's counters start again.
    expect([first.bump(), first.bump(), second.bump()]).toEqual([1, 2, 1]);
    expect([first.counted, second.counted]).toEqual([1, 1]);
    // Modules with other members (another runtime's version) get a shim of their own.
    const third = await load(modules('third', { extra: 1 }));
    expect(third.seen).toBe('third');
    expect(urls).toHaveLength(5);
  });
});
