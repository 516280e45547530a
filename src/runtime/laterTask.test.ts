// The runtime's later task: after the current task (never a microtask), in order, once per batch; a zero timer in
// WebKit, a MessageChannel elsewhere.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { laterTask } from './laterTask';

const WEBKIT =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const CHROMIUM =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('laterTask', () => {
  afterEach(() => vi.restoreAllMocks());

  for (const [engine, ua] of [
    ['WebKit', WEBKIT],
    ['Chromium', CHROMIUM],
  ] as const) {
    it(`${engine}: runs what was queued in one later task, in order, after the microtasks of this one`, async () => {
      const later = laterTask(ua);
      const seen: string[] = [];
      later(() => seen.push('a'));
      later(() => seen.push('b'));
      void Promise.resolve().then(() => seen.push('microtask'));
      expect(seen).toEqual([]);
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(['microtask', 'a', 'b']);
      later(() => seen.push('c'));
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(['microtask', 'a', 'b', 'c']);
    });
  }

  it('WebKit: a zero timer, never a MessagePort (its messages wait for the page’s main thread there)', () => {
    const timer = vi.fn();
    const post = vi.spyOn(MessagePort.prototype, 'postMessage');
    const later = laterTask(WEBKIT, timer);
    later(() => {});
    later(() => {});
    expect(timer).toHaveBeenCalledTimes(1);
    expect(timer.mock.calls[0]![1]).toBe(0);
    expect(post).not.toHaveBeenCalled();
  });

  it('WebKit: the host’s own timer, taken at load, not whatever setTimeout is later (a controlled run switches it)', async () => {
    const switched = vi.fn(() => {
      throw new Error('timers are switched to program time');
    });
    vi.stubGlobal('setTimeout', switched);
    try {
      const seen: string[] = [];
      laterTask(WEBKIT)(() => seen.push('ran'));
      expect(switched).not.toHaveBeenCalled();
      vi.unstubAllGlobals();
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual(['ran']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('elsewhere: a MessagePort of its own (no timer clamping)', () => {
    const timer = vi.fn();
    const post = vi.spyOn(MessagePort.prototype, 'postMessage');
    const later = laterTask(CHROMIUM, timer);
    later(() => {});
    expect(post).toHaveBeenCalledTimes(1);
    expect(timer).not.toHaveBeenCalled();
  });

  it('elsewhere: close() closes both of its ports, and what is queued or comes after never runs', async () => {
    const closed = vi.spyOn(MessagePort.prototype, 'close');
    const later = laterTask(CHROMIUM);
    const seen: string[] = [];
    later(() => seen.push('queued'));
    later.close();
    later(() => seen.push('after'));
    expect(closed).toHaveBeenCalledTimes(2);
    expect(new Set(closed.mock.contexts).size).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual([]);
  });
});
