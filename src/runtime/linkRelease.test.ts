// A direct pipe reader's exit: it hands its link back to the kernel first, and gives up waiting after a second, for
// good. (A writer whose process ended before it answered never answers; the exit must still go on.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PIPE_LINK_TAG, PIPE_RING_BYTES, type Pid, type PipeReaderGrant } from '../protocol/messages';
import { Links } from './objects/link';
import type { ProcessRuntime } from './runtime';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Just what Links uses of a process's runtime, with what it sends recorded. */
function fakeRuntime() {
  const sent: unknown[] = [];
  const rt = {
    flushHooks: new Set<() => void>(),
    linkHandlers: new Map<string, unknown>(),
    beforeExit: null as (() => Promise<void> | null) | null,
    send: (m: unknown) => sent.push(m),
    flush: () => {},
  };
  return { rt, sent };
}

describe('a direct reader at exit', () => {
  it('asks the kernel to end its link once; unanswered, it gives up after a second, and for good', async () => {
    const { rt, sent } = fakeRuntime();
    const links = new Links(rt as unknown as ProcessRuntime);
    const grant: PipeReaderGrant = {
      [PIPE_LINK_TAG]: true,
      link: { mode: 'sab', sab: new SharedArrayBuffer(PIPE_RING_BYTES) },
      w: 1001 as Pid,
      next: 1,
      delivered: 0,
    };
    links.installReader('Pipe#1', 0, grant);
    const first = rt.beforeExit!();
    expect(first).toBeInstanceOf(Promise);
    expect(sent).toEqual([{ t: 'op', id: 'Pipe#1', method: 'lrelease', args: [0] }]);
    let over = false;
    void first!.then(() => (over = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(over).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(over).toBe(true);
    // The exit goes on: asked again (the runtime asks before every exit), there is nothing more to wait for.
    expect(rt.beforeExit!()).toBeNull();
    expect(sent).toHaveLength(1);
  });
});
