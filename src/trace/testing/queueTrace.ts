// Test helper: a synthetic trace of one queue, a producer (1001) putting items a consumer (1002) takes.
import type { TraceEvent } from '../../protocol/trace';

/**
 * `n` items put `stepMs` apart, each taken half a step later, and `lost` more never taken (marked `untaken`
 * one step after the last put).
 */
export function queueTrace(n: number, lost = 0, stepMs = 1): TraceEvent[] {
  const ev: TraceEvent[] = [{ kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'MainProcess', daemon: false }];
  for (const [pid, name] of [
    [1001, 'Producer'],
    [1002, 'Consumer'],
  ] as const) {
    ev.push({ kind: 'spawn', at: 0, pid, ppid: 1000, name, daemon: false });
    ev.push({ kind: 'start', at: 0, pid, ppid: 1000 }, { kind: 'running', at: 0, pid, ppid: 1000, after: 'start' });
  }
  ev.push({ kind: 'object', at: 0, pid: 1000, ppid: 0, obj: 'Queue#1', objKind: 'Queue', id: 'q1' });
  for (let i = 1; i <= n + lost; i++) {
    const at = i * stepMs;
    ev.push({ kind: 'put', at, pid: 1001, ppid: 1000, obj: 'Queue#1', item: i, summary: String(i), depth: 1 });
    if (i <= n)
      ev.push({ kind: 'take', at: at + stepMs / 2, pid: 1002, ppid: 1000, obj: 'Queue#1', item: i, depth: 0 });
  }
  if (lost) {
    const items = Array.from({ length: lost }, (_, k) => n + k + 1);
    ev.push({ kind: 'untaken', at: (n + lost + 1) * stepMs, pid: 0, ppid: 0, obj: 'Queue#1', items });
  }
  return ev;
}
