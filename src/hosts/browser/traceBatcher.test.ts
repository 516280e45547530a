// Flow control of trace batches: one in flight, an interval between them, floods trimmed to the newest lines.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol/trace';
import { TraceBatcher } from './traceBatcher';

function setup(maxOutput = 3) {
  let t = 0;
  const sent: { events: TraceEvent[]; skipped: number }[] = [];
  const timers: (() => void)[] = [];
  const b = new TraceBatcher({
    send: (events, skipped) => sent.push({ events, skipped }),
    maxOutput,
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => {},
    now: () => t,
  });
  // Time stands still (every push is within the interval) until a test fires the timers.
  const fire = () => {
    t += 16;
    timers.splice(0).forEach((f) => f());
  };
  return { b, sent, fire, timers };
}

const out = (text: string): TraceEvent => ({ kind: 'output', at: 0, pid: 1000, ppid: 0, stream: 'stdout', text });
const start: TraceEvent = { kind: 'start', at: 0, pid: 1000, ppid: 0 };

describe('TraceBatcher', () => {
  it('sends at most one batch in flight; the next waits for the ack', () => {
    const { b, sent, fire } = setup();
    b.push(start); // the first batch is due at once
    expect(sent).toHaveLength(1);
    expect(sent).toHaveLength(1);
    b.push(out('a'));
    fire();
    expect(sent).toHaveLength(1); // not acked yet
    b.ack();
    fire();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.events).toEqual([out('a')]);
  });

  it('drops the oldest output beyond the cap, counts it, and keeps every state event', () => {
    const { b, sent, fire } = setup(3);
    b.push(out('first')); // sent at once; the rest piles up while it is in flight
    b.push(start);
    for (let i = 0; i < 10; i++) b.push(out(String(i)));
    b.ack();
    fire();
    expect(sent[1]!.skipped).toBe(7);
    expect(sent[1]!.events).toEqual([start, out('7'), out('8'), out('9')]);
  });

  it('sends a due batch from push itself, without waiting for a timer', () => {
    const { b, sent, fire } = setup();
    b.push(out('a'));
    b.ack();
    b.push(out('b')); // within the interval: waits for the timer
    expect(sent).toHaveLength(1);
    fire();
    expect(sent).toHaveLength(2);
  });

  it('flushNow sends what is left even while a batch is in flight', () => {
    const { b, sent } = setup();
    b.push(out('x'));
    b.push(out('y'));
    b.flushNow();
    expect(sent.map((s) => s.events)).toEqual([[out('x')], [out('y')]]);
  });
});
