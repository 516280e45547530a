// The process table folded from trace events: the zombie lesson (Z until joined) and re-parenting.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol/trace';
import { applyEvent, stateLetter, type ProcRow } from './procTable';

function fold(events: TraceEvent[]): Map<number, ProcRow> {
  const rows = new Map<number, ProcRow>();
  for (const ev of events) applyEvent(rows, ev);
  return rows;
}

describe('process table', () => {
  it('shows a finished child as Z until its parent joins it', () => {
    const rows = fold([
      { kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'MainProcess', daemon: false },
      { kind: 'spawn', at: 1, pid: 1001, ppid: 1000, name: 'Process-1', daemon: false },
      { kind: 'start', at: 2, pid: 1001, ppid: 1000 },
      { kind: 'running', at: 2, pid: 1001, ppid: 1000, after: 'start' },
      { kind: 'exit', at: 3, pid: 1001, ppid: 1000, code: 0, reason: 'returned' },
      { kind: 'zombie', at: 3, pid: 1001, ppid: 1000 },
    ]);
    const child = rows.get(1001)!;
    expect(child.state).toBe('zombie');
    expect(stateLetter(child.state)).toBe('Z');
    expect(child.exitCode).toBe(0);
    applyEvent(rows, { kind: 'reaped', at: 4, pid: 1001, ppid: 1000, by: 1000 });
    expect(rows.get(1001)!.state).toBe('reaped');
  });

  it('records what a process blocks on and its new parent after re-parenting', () => {
    const rows = fold([
      { kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'MainProcess', daemon: false },
      { kind: 'spawn', at: 0, pid: 1001, ppid: 1000, name: 'Process-1', daemon: false },
      {
        kind: 'blocked',
        at: 1,
        pid: 1000,
        ppid: 0,
        on: { obj: 'Process-1', op: 'join', label: 'join(Process-1)', timeout: null },
      },
      { kind: 'reparented', at: 2, pid: 1001, ppid: 1, from: 1000, to: 1 },
    ]);
    expect(rows.get(1000)).toMatchObject({ state: 'blocked', blockedOn: 'join(Process-1)' });
    expect(rows.get(1001)!.ppid).toBe(1);
  });
});
