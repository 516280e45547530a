// The state of every process at a moment, folded from trace events: the zombie lesson, re-parenting, lines.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { countStates, lineMarks, ProcessFold, processesAt, stateLetter } from './processStates';

/** The zombie lesson's trace, shaped like the kernel's: the child exits at once, the parent sleeps 3 s, then joins. */
const ZOMBIE: TraceEvent[] = [
  { kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'MainProcess', daemon: false },
  { kind: 'start', at: 5, pid: 1000, ppid: 0 },
  { kind: 'running', at: 5, pid: 1000, ppid: 0, after: 'start' },
  { kind: 'spawn', at: 40, pid: 1001, ppid: 1000, name: 'Process-1', daemon: false },
  { kind: 'sleeping', at: 41, pid: 1000, ppid: 0, seconds: 3, line: 16 },
  { kind: 'start', at: 60, pid: 1001, ppid: 1000 },
  { kind: 'running', at: 60, pid: 1001, ppid: 1000, after: 'start' },
  { kind: 'output', at: 61, pid: 1001, ppid: 1000, stream: 'stdout', text: 'child\n' },
  { kind: 'exit', at: 62, pid: 1001, ppid: 1000, code: 0, reason: 'returned' },
  { kind: 'zombie', at: 62, pid: 1001, ppid: 1000 },
  { kind: 'running', at: 3041, pid: 1000, ppid: 0, after: 'sleep' },
  { kind: 'reaped', at: 3042, pid: 1001, ppid: 1000, by: 1000 },
  { kind: 'exit', at: 3050, pid: 1000, ppid: 0, code: 0, reason: 'returned' },
  { kind: 'zombie', at: 3050, pid: 1000, ppid: 0 },
];

const byPid = (rows: ReturnType<typeof processesAt>) => new Map(rows.map((r) => [r.pid, r]));

describe('processesAt: every process at one moment', () => {
  it('shows the child as Z while the parent sleeps, and X only after the join reaped it', () => {
    const during = byPid(processesAt(ZOMBIE, 1560));
    expect(during.get(1001)).toMatchObject({ state: 'zombie', exitCode: 0, ppid: 1000, since: 62 });
    expect(stateLetter(during.get(1001)!.state)).toBe('Z');
    expect(during.get(1000)).toMatchObject({ state: 'sleeping', blockedOn: 'sleep(3)', line: 16 });
    const after = byPid(processesAt(ZOMBIE, 3045));
    expect(after.get(1001)!.state).toBe('reaped');
    expect(stateLetter(after.get(1001)!.state)).toBe('X');
    expect(after.get(1000)).toMatchObject({ state: 'running', blockedOn: null, line: null });
  });

  it('knows nothing of a process before its spawn, and takes events at exactly t', () => {
    expect(processesAt(ZOMBIE, 39).map((r) => r.pid)).toEqual([1000]);
    expect(processesAt(ZOMBIE, 40).map((r) => r.pid)).toEqual([1000, 1001]);
    expect(processesAt(ZOMBIE, -1)).toEqual([]);
  });

  it('is the live fold cut at t: folding everything gives the state at the end', () => {
    const fold = new ProcessFold();
    for (const ev of ZOMBIE) fold.apply(ev);
    expect(processesAt(ZOMBIE, 1e9)).toEqual(fold.rows());
  });

  it('re-parents at the moment of the adoption, remembering the first parent; the kernel pid 0 is no process', () => {
    const events: TraceEvent[] = [
      { kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'MainProcess', daemon: false },
      { kind: 'spawn', at: 1, pid: 1001, ppid: 1000, name: 'Process-1', daemon: false },
      { kind: 'spawn', at: 2, pid: 1002, ppid: 1001, name: 'Process-1:1', daemon: false },
      { kind: 'reparented', at: 3000, pid: 1002, ppid: 1, from: 1001, to: 1 },
      { kind: 'output', at: 3001, pid: 0, ppid: 0, stream: 'stderr', text: 'deadlock\n' },
    ];
    expect(byPid(processesAt(events, 2999)).get(1002)).toMatchObject({ ppid: 1001, adoptedFrom: null });
    expect(byPid(processesAt(events, 3000)).get(1002)).toMatchObject({ ppid: 1, adoptedFrom: 1001 });
    expect(processesAt(events, 5000).map((r) => r.pid)).toEqual([1000, 1001, 1002]);
  });

  it('records what a process blocks on, and an exit that waits for children as exiting', () => {
    const events: TraceEvent[] = [
      { kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'MainProcess', daemon: false },
      {
        kind: 'blocked',
        at: 1,
        pid: 1000,
        ppid: 0,
        on: { obj: 'Process-1', op: 'join', label: 'join(Process-1)', timeout: null },
        line: 12,
      },
      {
        kind: 'blocked',
        at: 2,
        pid: 1000,
        ppid: 0,
        on: { obj: 'children', op: 'exit', label: 'exit: waiting for non-daemon children', timeout: null },
      },
    ];
    expect(processesAt(events, 1)[0]).toMatchObject({ state: 'blocked', blockedOn: 'join(Process-1)', line: 12 });
    expect(processesAt(events, 2)[0]).toMatchObject({ state: 'exiting', line: null });
  });
});

describe('counts and line marks', () => {
  it('counts the states and marks each waiting line once, with every process waiting there', () => {
    const rows = processesAt(ZOMBIE, 1560);
    expect(countStates(rows)).toMatchObject({ sleeping: 1, zombie: 1, running: 0 });
    expect(lineMarks(rows)).toEqual([
      { line: 16, procs: [{ pid: 1000, name: 'MainProcess', state: 'sleeping', what: 'sleep(3)', index: 0 }] },
    ]);
    expect(lineMarks(processesAt(ZOMBIE, 3045))).toEqual([]);
  });
});
