// Value and Array without SharedArrayBuffer (issue 13): the message tells a page that is not cross-origin
// isolated from a browser that has no SharedArrayBuffer on an isolated page, each with what to do.
import { describe, expect, it } from 'vitest';
import { sharedMemoryProblem } from './objects/shared';

describe('sharedMemoryProblem', () => {
  it('says nothing where SharedArrayBuffer exists', () => {
    expect(sharedMemoryProblem({ sab: true, isolated: true })).toBeNull();
    expect(sharedMemoryProblem({ sab: true, isolated: undefined })).toBeNull(); // Node
  });

  it('blames the missing isolation on a page that is not cross-origin isolated, and sends to the full playground', () => {
    for (const isolated of [false, undefined]) {
      const m = sharedMemoryProblem({ sab: false, isolated })!;
      expect(m).toContain('which this page does not have: it is not cross-origin isolated');
      expect(m).toContain('Open this example in the full mpplay playground');
      expect(m).toContain('everything else works here');
    }
  });

  it('blames the browser, not the page, where the page is isolated but the engine has no SharedArrayBuffer', () => {
    const m = sharedMemoryProblem({ sab: false, isolated: true })!;
    expect(m).toContain('which this browser does not provide, although this page is cross-origin isolated');
    expect(m).not.toContain('not cross-origin isolated');
    expect(m).toContain('Run this example in one of those browsers; everything else works here.');
  });
});

describe('Value and Array in a process with no SharedArrayBuffer on an isolated page', () => {
  it('raise the RuntimeError that blames the browser; queues still work', async () => {
    const { errorText, runMain } = await import('../testkit/inProcess');
    const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: unknown };
    const saved = g.SharedArrayBuffer;
    try {
      delete g.SharedArrayBuffer;
      g.crossOriginIsolated = true;
      const run = await runMain(async ({ mp, print }) => {
        print(await errorText(() => mp.Value('i', 0)));
        print(await errorText(() => mp.Array('i', 3)));
        const q = new mp.Queue();
        await q.put(1);
        print(await q.get());
      });
      const [v, a, rest] = run.out('MainProcess').split('\n');
      expect(v).toMatch(
        /^RuntimeError: Value and Array live in shared memory \(SharedArrayBuffer\), which this browser/,
      );
      expect(a).toBe(v);
      expect(rest).toBe('1');
    } finally {
      g.SharedArrayBuffer = saved;
      delete g.crossOriginIsolated;
    }
  });
});
