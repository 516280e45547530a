// Traces made in the test (not run): many children and a pool, the shape of "6.1 A pool vs 200 processes".
import type { TraceEvent, TraceFile } from '../src/protocol/trace';

/**
 * MainProcess starts `children` processes one after another (each lives 30 ms), joins them, then a Pool of
 * `workers` runs one 200 ms task on each. Times in program ms.
 */
export function manyChildren(children: number, workers = 5): TraceFile {
  const ev: TraceEvent[] = [];
  const main = { pid: 1000, ppid: 0 };
  ev.push({ at: 0, kind: 'spawn', ...main, name: 'MainProcess', daemon: false });
  ev.push({ at: 1, kind: 'start', ...main });
  ev.push({ at: 1, kind: 'running', ...main, after: 'start' });
  let t = 2;
  for (let i = 1; i <= children; i++) {
    const c = { pid: 1000 + i, ppid: 1000 };
    ev.push({ at: t, kind: 'spawn', ...c, name: `Process-${i}`, daemon: false });
    ev.push({ at: t + 5, kind: 'start', ...c });
    ev.push({ at: t + 5, kind: 'running', ...c, after: 'start' });
    ev.push({ at: t + 35, kind: 'exit', ...c, code: 0, reason: 'returned' });
    ev.push({ at: t + 35, kind: 'zombie', ...c });
    t += 3;
  }
  const joined = t + 40;
  for (let i = 1; i <= children; i++) ev.push({ at: joined, kind: 'reaped', pid: 1000 + i, ppid: 1000, by: 1000 });
  t = joined + 10;
  ev.push({ at: t, kind: 'object', ...main, obj: 'Pool#1', objKind: 'Pool', id: '1000.1' });
  for (let w = 1; w <= workers; w++) {
    const p = { pid: 1000 + children + w, ppid: 1000 };
    ev.push({ at: t + w, kind: 'spawn', ...p, name: `SpawnPoolWorker-${children + w}`, daemon: true });
    ev.push({ at: t + 20, kind: 'start', ...p });
    ev.push({ at: t + 20, kind: 'running', ...p, after: 'start' });
    const task = { obj: 'Pool#1', job: 1, chunk: w - 1, fn: 'task', summary: `[${w}]` };
    ev.push({ at: t + 30, kind: 'task', ...p, ...task, phase: 'start' });
    ev.push({ at: t + 230, kind: 'task', ...p, ...task, summary: '', phase: 'end', ok: true });
    ev.push({ at: t + 240, kind: 'signal', ...p, signal: 15, from: 1000 });
    ev.push({ at: t + 241, kind: 'exit', ...p, code: -15, reason: 'terminated' });
    ev.push({ at: t + 241, kind: 'zombie', ...p });
    ev.push({ at: t + 245, kind: 'reaped', ...p, by: 1000 });
  }
  const end = t + 260;
  ev.push({ at: end, kind: 'exit', ...main, code: 0, reason: 'returned' });
  ev.sort((a, b) => a.at - b.at);
  return {
    format: 'mpplay-trace',
    version: 1,
    meta: { file: `many-${children}.ts`, speed: 1, seed: 0, startedAt: '2026-01-01T00:00:00.000Z' },
    processes: [],
    events: ev,
    result: { exitCode: 0, reason: 'exited', at: end, wallMs: end },
  };
}
