// The page's process table at the replay's moment: forward, back and live agree with the pure fold.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol/trace';
import { processesAt } from '../../trace/processStates';
import { ProcTable } from './procTable';

const EVENTS: TraceEvent[] = [
  { kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'MainProcess', daemon: false },
  { kind: 'spawn', at: 10, pid: 1001, ppid: 1000, name: 'Process-1', daemon: false },
  { kind: 'put', at: 11, pid: 1000, ppid: 0, obj: 'Queue#1', item: 1, summary: '1', depth: 1 },
  { kind: 'sleeping', at: 12, pid: 1000, ppid: 0, seconds: 3, line: 9 },
  { kind: 'exit', at: 20, pid: 1001, ppid: 1000, code: 0, reason: 'returned' },
  { kind: 'zombie', at: 20, pid: 1001, ppid: 1000 },
  { kind: 'running', at: 3012, pid: 1000, ppid: 0, after: 'sleep' },
  { kind: 'reaped', at: 3013, pid: 1001, ppid: 1000, by: 1000 },
];

describe('ProcTable', () => {
  it('keeps only process events, and answers for any moment, going forward or back', () => {
    const table = new ProcTable();
    const changed = EVENTS.map((ev) => table.add(ev));
    expect(changed[2]).toBe(false); // a put changes no process
    for (const t of [3013, 15, 1560, 0, 3012, 20, 1e9, 19]) expect(table.rowsAt(t)).toEqual(processesAt(EVENTS, t));
    expect(table.rowsAt(null)).toEqual(processesAt(EVENTS, 1e9));
    expect(table.rowsAt(1560).find((r) => r.pid === 1001)!.state).toBe('zombie');
    expect(table.rowsAt(null).find((r) => r.pid === 1001)!.state).toBe('reaped');
  });

  it('forgets the run on clear', () => {
    const table = new ProcTable();
    for (const ev of EVENTS) table.add(ev);
    table.rowsAt(100);
    table.clear();
    expect(table.rowsAt(null)).toEqual([]);
    expect(table.rowsAt(100)).toEqual([]);
  });
});
