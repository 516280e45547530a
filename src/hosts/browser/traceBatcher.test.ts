// Flow control of trace batches: one in flight, an interval between them, floods trimmed to the newest lines.
import { describe, expect, it } from 'vitest';
import { ItemLog, mergeEvents, packedSource } from '../../protocol/packedTrace';
import type { TraceEvent } from '../../protocol/trace';
import { type BatchItems, TraceBatcher } from './traceBatcher';

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

  describe('with item rows', () => {
    function withItems(maxOutput = 3, itemIntervalMs?: number) {
      let t = 0;
      const log = new ItemLog();
      const sent: { events: TraceEvent[]; skipped: number; items?: BatchItems }[] = [];
      const timers: (() => void)[] = [];
      const b = new TraceBatcher({
        send: (events, skipped, items) => sent.push({ events, skipped, ...(items ? { items } : {}) }),
        items: log,
        maxOutput,
        ...(itemIntervalMs ? { itemIntervalMs } : {}),
        setTimer: (fn) => timers.push(fn),
        clearTimer: () => {},
        now: () => t,
      });
      const fire = (ms = 16) => {
        t += ms;
        timers.splice(0).forEach((f) => f());
      };
      const putItem = (item: number) => log.put(item, 1001, 1000, 'Queue#1', item, 1, item);
      /** What the page rebuilds from every batch sent so far. */
      const page = () =>
        sent.flatMap((s) =>
          s.items ? mergeEvents(s.events, s.items.positions, packedSource(s.items.items)) : s.events,
        );
      return { b, log, sent, fire, putItem, page };
    }

    it('sends rows announced by noteItems even when no other event comes', () => {
      const { b, sent, fire, putItem, log } = withItems();
      putItem(1);
      putItem(2);
      b.noteItems();
      expect(sent).toHaveLength(1);
      expect(sent[0]!.events).toEqual([]);
      expect(sent[0]!.items!.items.n).toBe(2);
      b.ack();
      fire();
      expect(sent).toHaveLength(1); // nothing new: no empty batch
      putItem(3);
      b.noteItems();
      fire();
      expect(sent).toHaveLength(2);
      expect(packedSource(sent[1]!.items!.items).event(0)).toEqual(log.event(2));
    });

    it('places every other event among the rows as it happened, across batches and a trimmed flood', () => {
      const { b, log, sent, fire, putItem, page } = withItems(2);
      const expected: TraceEvent[] = [];
      const other = (e: TraceEvent) => (b.push(e, log.length), expected.push(e));
      const item = (i: number) => (putItem(i), expected.push(log.event(log.length - 1)));
      item(1);
      other(start); // first batch goes at once: row 1 and start
      item(2);
      other(out('a')); // dropped by the trim below
      item(3);
      other(out('b'));
      item(4);
      other(out('c'));
      item(5);
      b.noteItems();
      b.ack();
      fire();
      b.flushNow();
      expect(sent).toHaveLength(2);
      expect(sent[1]!.skipped).toBe(1);
      expect(page()).toEqual(expected.filter((e) => !(e.kind === 'output' && e.text === 'a')));
    });

    it('while item rows wait, spaces batches by itemIntervalMs; other events alone still go after intervalMs', () => {
      const { b, sent, fire, putItem, log } = withItems(3, 100);
      putItem(1);
      b.noteItems(); // the first batch goes at once
      b.ack();
      putItem(2);
      b.push(start, log.length);
      for (let ms = 16; ms < 100; ms += 16) {
        fire();
        expect(sent).toHaveLength(1); // rows wait: no batch before 100 ms
      }
      fire(); // 112 ms
      expect(sent).toHaveLength(2);
      expect(sent[1]!.items!.items.n).toBe(1);
      expect(sent[1]!.events).toEqual([start]);
      b.ack();
      b.push(out('x'), log.length); // no rows waiting: the ordinary interval
      fire();
      expect(sent).toHaveLength(3);
    });

    it('carries rows recorded before an event even if they were not announced yet', () => {
      const { b, sent, putItem, page, log } = withItems();
      putItem(1); // recorded in the middle of a batch of messages: announced only at its end
      b.push(out('after'), log.length);
      expect(sent).toHaveLength(1);
      expect(page()).toEqual([log.event(0), out('after')]);
    });
  });
});
