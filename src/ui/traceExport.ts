// The current run as a trace file (the JSON `mpplay run --trace` writes), read from the page's trace log; changes nothing.
import type { RunResult, TraceFile } from '../protocol/trace';
import { traceLog } from './runController';
import { appStore } from './store/store';

/** The run shown now (or the last one): its processes, every event kept, and how it ended (null while it runs). */
export function currentTraceFile(): TraceFile {
  const s = appStore.getState();
  const events = traceLog.events;
  const result: RunResult | null =
    s.endReason === null
      ? null
      : {
          exitCode: s.exitCode ?? 130,
          reason: s.endReason,
          at: events[events.length - 1]?.at ?? (0 as RunResult['at']),
          wallMs: s.wallMs ?? 0,
          ...(traceLog.droppedOutput ? { outputDropped: traceLog.droppedOutput } : {}),
        };
  return {
    format: 'mpplay-trace',
    version: 1,
    meta: { file: 'main.ts', speed: s.speed, seed: s.seed, startedAt: '' },
    processes: traceLog.rows().map(({ pid, name, daemon, exitCode }) => ({ pid, name, daemon, exitCode })),
    events,
    result,
  };
}
