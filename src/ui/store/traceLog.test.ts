// The trace log keeps item rows packed until its events are read: the same events, in the same order, as decoding each batch at once.
import { describe, expect, it } from 'vitest';
import { ItemLog, mergeEvents, packedSource } from '../../protocol/packedTrace';
import type { TraceEvent } from '../../protocol/trace';
import { TraceLog } from './traceLog';

const spawn: TraceEvent = { kind: 'spawn', at: 0, pid: 1001, ppid: 1000, name: 'Worker', daemon: false };
const out = (text: string, at = 1): TraceEvent => ({
  kind: 'output',
  at,
  pid: 1001,
  ppid: 1000,
  stream: 'stdout',
  text,
});
const blocked: TraceEvent = {
  kind: 'blocked',
  at: 2,
  pid: 1001,
  ppid: 1000,
  on: { obj: 'Queue#1', op: 'get', label: 'get()', timeout: null },
};

describe('TraceLog', () => {
  it('decodes packed batches when read, in order with the other events and the plain batches between them', () => {
    const rows = new ItemLog();
    const log = new TraceLog();
    const expected: TraceEvent[] = [];
    const batches: [TraceEvent[], number[], number, number][] = []; // others, positions (absolute), rows from, to
    let from = 0;
    let at = 0;
    for (let b = 0; b < 6; b++) {
      const others: TraceEvent[] = [];
      const positions: number[] = [];
      for (let i = 0; i < 50; i++) {
        at++;
        rows.put(at, 1001, 1000, 'Queue#1', at, 1, at);
        if (i % 20 === 7) {
          others.push(out(`line ${at}`, at));
          positions.push(rows.length);
        }
      }
      batches.push([others, positions, from, rows.length]);
      from = rows.length;
    }
    // Batches 0, 1, 2, 4 and 5 carry rows; batch 3 comes as plain events only (rows still waiting in the kernel).
    log.append([spawn]);
    expected.push(spawn);
    for (const [k, [others, positions, a, b]] of batches.entries()) {
      const items = rows.slice(a, b);
      const rel = positions.map((p) => p - a);
      mergeEvents(others, rel, packedSource(items), expected);
      log.append(others, 0, { items, positions: rel });
      if (k === 2) {
        log.append([blocked]);
        expected.push(blocked);
      }
    }
    // Counted without decoding; the process table follows at once.
    expect(log.length).toBe(expected.length);
    expect(log.total).toBe(expected.length);
    expect(log.procs.get(1001)?.state).toBe('blocked');
    expect(log.events).toEqual(expected);
    // Read again (nothing pending), and appended to after a read.
    expect(log.events).toHaveLength(expected.length);
    log.append([out('last', 999)]);
    expect(log.events.at(-1)).toEqual(out('last', 999));
    expect(log.length).toBe(expected.length + 1);
  });

  it('drops output beyond its cap from packed batches too, keeping the rows and the other events in place', () => {
    const rows = new ItemLog();
    rows.put(1, 1001, 1000, 'Queue#1', 1, 1, 1);
    rows.take(2, 1002, 1000, 'Queue#1', 1, 0);
    const log = new TraceLog();
    const flood = Array.from({ length: 100_002 }, (_, i) => out(String(i)));
    log.append(flood.slice(0, 100_000));
    // The batch: the put, two more lines (over the cap), the state event, the take.
    log.append([out('x'), out('y'), blocked], 0, { items: rows.slice(), positions: [1, 1, 1] });
    expect(log.droppedOutput).toBe(2);
    const tail = log.events.slice(100_000);
    expect(tail.map((e) => e.kind)).toEqual(['put', 'blocked', 'take']);
    expect(log.length).toBe(100_003);
  });
});
