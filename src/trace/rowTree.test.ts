// Process-tree rows: a row stays where it was spawned, an adoption is a moment, and the kernel (pid 0) is no row.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { layoutAt, layoutTrace } from './layout';

const ev = (e: object) => ({ ppid: 1000, ...e }) as TraceEvent;
const spawn = (at: number, pid: number, ppid: number, name: string, daemon = false) =>
  ev({ at, kind: 'spawn', pid, ppid, name, daemon });

describe('process-tree rows', () => {
  it('an orphan is drawn under its first parent all its life; init appears when it adopts, with the moment marked', () => {
    const events = [
      spawn(0, 1000, 0, 'MainProcess'),
      spawn(10, 1001, 1000, 'Process-1'),
      spawn(20, 1002, 1001, 'Process-1:1'),
      ev({ at: 3000, kind: 'exit', pid: 1001, code: -15, reason: 'terminated' }),
      ev({ at: 3001, kind: 'reparented', pid: 1002, ppid: 1, from: 1001, to: 1 }),
      ev({ at: 5000, kind: 'exit', pid: 1002, ppid: 1, code: 0, reason: 'returned' }),
    ];
    const before = layoutAt(events, 2999);
    expect(before.rows.map((r) => `${r.depth}:${r.name}`)).toEqual(['0:MainProcess', '1:Process-1', '2:Process-1:1']);
    const after = layoutTrace(events, 5000);
    expect(after.rows.map((r) => `${r.depth}:${r.name}`)).toEqual([
      '0:init',
      '0:MainProcess',
      '1:Process-1',
      '2:Process-1:1',
    ]);
    const orphan = after.rows.find((r) => r.pid === 1002)!;
    expect(orphan.adopted).toEqual({ from: 1001, by: 1, at: 3001 });
    expect(orphan.markers.filter((m) => m.kind === 'reparented').map((m) => [m.at, m.from, m.to])).toEqual([
      [3001, 1001, 1],
    ]);
    expect(after.rows[0]!.markers.map((m) => [m.kind, m.at, m.from])).toEqual([['adopted', 3001, 1002]]);
  });

  it('after a deadlock: no "pid 0" row for the kernel, and the stop’s teardown adopts nobody on the chart', () => {
    const events = [
      spawn(0, 1000, 0, 'MainProcess'),
      spawn(10, 1004, 1000, 'Process-4', true),
      ev({
        at: 2000,
        kind: 'deadlock',
        pid: 0,
        ppid: 0,
        report: 'mpplay: deadlock',
        waits: [{ pid: 1000, name: 'MainProcess', on: 'JoinableQueue#1.join()', cause: '' }],
      }),
      ev({ at: 2000, kind: 'output', pid: 0, ppid: 0, stream: 'stderr', text: 'mpplay: deadlock\n' }),
      ev({ at: 2001, kind: 'signal', pid: 1000, ppid: 0, signal: 9, from: 0 }),
      ev({ at: 2002, kind: 'reparented', pid: 1004, ppid: 1, from: 1000, to: 1 }),
      ev({ at: 2003, kind: 'exit', pid: 1000, ppid: 0, code: -9, reason: 'stopped' }),
      ev({ at: 2004, kind: 'exit', pid: 1004, ppid: 1, code: -9, reason: 'stopped' }),
    ];
    const l = layoutTrace(events, 2004);
    expect(l.rows.map((r) => `${r.depth}:${r.pid} ${r.name}`)).toEqual(['0:1000 MainProcess', '1:1004 Process-4']);
    expect(l.rows[1]!.adopted).toBeNull();
    expect(l.deadlock).toMatchObject({ at: 2000 });
    expect(l.rows[0]!.markers.map((m) => m.kind)).toContain('deadlock');
  });
});
