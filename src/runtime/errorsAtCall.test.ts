// Every call of API.md that can raise, raised where CPython raises it: at the call, with the same class and
// message, caught by try/catch around the (awaited) call. docs/COMPATIBILITY.md's table lists these cases.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Ctx, runMain } from '../testkit/inProcess';
import { type Case, type Fns, PROCESS_AND_QUEUE_CASES } from './errorCases.test-util';
import { SYNC_AND_POOL_CASES } from './errorCases.sync.test-util';

const CASES: Case[] = [...PROCESS_AND_QUEUE_CASES, ...SYNC_AND_POOL_CASES];

const text = (e: unknown) => {
  const err = e as Error;
  return err.message ? `${err.name}: ${err.message}` : err.name;
};

/** Where and how `c.run` fails: `throws Class: message`, `rejects Class: message`, or `no error`. */
async function attempt(c: Case, ctx: Ctx, fns: Fns): Promise<string> {
  const s = (await c.setup?.(ctx, fns)) ?? {};
  try {
    if (c.inChild) return (await c.run(ctx, fns, s)) as string;
    let result: unknown;
    try {
      result = c.run(ctx, fns, s);
    } catch (e) {
      return `throws ${text(e)}`;
    }
    try {
      await result;
    } catch (e) {
      return `rejects ${text(e)}`;
    }
    return 'no error';
  } finally {
    await c.after?.(s);
  }
}

/** `want` with each `…` standing for any text. */
const matches = (got: string, want: string) => {
  const parts = want.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 's').test(got);
};

describe('every call of API.md that can raise', () => {
  it('raises at the call, with CPython’s class and message, caught by try/catch around it', async () => {
    const got: string[] = [];
    const run = await runMain(
      async (ctx, fns) => {
        for (const c of CASES) got.push(await attempt(c, ctx, fns));
      },
      (ctx) => {
        // Module level: in a child this runs while it evaluates the module, as an unguarded start() would.
        let importError = 'no error';
        if (ctx.__name__ === '__mp_main__') {
          try {
            new ctx.mp.Process().start();
          } catch (e) {
            importError = `throws ${text(e)}`;
          }
        }
        return {
          noop: function noop() {},
          nap: async function nap() {
            await ctx.time.sleep(5);
          },
          inDaemon: async function inDaemon(q: { put(x: unknown): Promise<void> }) {
            try {
              new ctx.mp.Process({ target: inDaemon }).start();
              await q.put('no error');
            } catch (e) {
              await q.put(`throws ${text(e)}`);
            }
          },
          reportImportError: async function reportImportError(q: { put(x: unknown): Promise<void> }) {
            await q.put(importError);
          },
        };
      },
    );
    expect(run.out('MainProcess', 'stderr')).toBe('');
    const report = CASES.map((c, i) => {
      const want = `${c.how} ${c.raises}`;
      return matches(got[i] ?? '', want) ? `ok   ${c.call}` : `FAIL ${c.call}: got ${got[i]}, want ${want}`;
    });
    expect(report).toEqual(CASES.map((c) => `ok   ${c.call}`));
  });

  it('docs/COMPATIBILITY.md lists exactly these calls, each with its error and where it is raised', () => {
    const doc = readFileSync(new URL('../../docs/COMPATIBILITY.md', import.meta.url), 'utf8');
    const start = doc.indexOf('## Errors at the call');
    const end = doc.indexOf('\n## ', start + 1);
    const section = doc.slice(start, end < 0 ? undefined : end);
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split('|').map((cell) => cell.trim()));
    const unquote = (cell: string) => cell.replace(/^`|`$/g, '');
    const listed = rows.map((r) => [unquote(r[1]!), unquote(r[3]!), r[4]!.split(' ')[0]]);
    const want = CASES.map((c) => [c.call, c.raises, c.how === 'throws' ? 'thrown' : 'rejects']);
    expect(listed).toEqual(want);
  });
});
