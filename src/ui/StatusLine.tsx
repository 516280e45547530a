// The status line: running / exit code N / stopped / compile error, and the wall time; in a replay, that moment.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { countStates, type ProcessAt, type ProcStatus } from '../trace/processStates';
import { formatTime, time } from '../trace/time';
import type { Strings } from './i18n/strings';
import { MOD_KEY, useT } from './i18n/useT';
import { traceLog } from './runController';
import { runTimes } from './runTimes';
import { stateName } from './stateNames';
import { appStore, type AppState } from './store/store';

/**
 * The status text for a state, in the page's language (pure, so the hook below only adds the ticking clock). Times
 * are named and formatted as in the chart's header: `exit code 0 · real time 720 ms · program time 3.09 s`.
 */
export function statusText(
  t: Strings,
  s: Pick<AppState, 'status' | 'exitCode' | 'wallMs' | 'compileError' | 'fatal'> &
    Partial<Pick<AppState, 'endReason' | 'programMs' | 'lang' | 'recorded'>>,
  now: number | null,
): string {
  const lang = s.lang === 'zh' ? 'zh' : 'en';
  const secs = (real: number | null, program: number | null = null) => runTimes(lang, real, program);
  switch (s.status) {
    case 'idle':
      return t.statusIdle(MOD_KEY);
    case 'compiling':
      return t.statusCompiling;
    case 'running':
      return t.statusRunning(secs(now));
    case 'exited':
      if (s.recorded) return t.statusRecorded(String(s.exitCode ?? '?'), secs(s.wallMs));
      return s.endReason === 'deadlock'
        ? t.statusDeadlock(String(s.exitCode ?? '?'), secs(s.wallMs, s.programMs ?? null))
        : t.statusExited(String(s.exitCode ?? '?'), secs(s.wallMs, s.programMs ?? null));
    case 'stopped':
      return t.statusStopped(secs(s.wallMs));
    case 'compile-error':
      return s.compileError
        ? t.statusCompileError(`${s.compileError.line}:${s.compileError.column}`, s.compileError.message)
        : t.statusCompileErrorBare;
    case 'error':
      return t.statusFatal(s.fatal ?? '?');
  }
}

/** The order states are counted in: the live ones first. */
const COUNTED: readonly ProcStatus[] = ['running', 'sleeping', 'blocked', 'exiting', 'created', 'zombie', 'reaped'];

/** What a replay's moment holds: `replay at 1.560 s of 3.020 s · 2 processes: 1 sleeping, 1 zombie`. */
export function replayText(t: Strings, at: number, end: number, rows: readonly ProcessAt[]): string {
  const n = countStates(rows);
  const parts = COUNTED.filter((s) => n[s] > 0).map((s) => t.countState(n[s], stateName(t, s)));
  const counts = `${t.countProcesses(rows.length)}${parts.length ? `: ${parts.join(', ')}` : ''}`;
  return t.statusReplay(formatTime(time(at)), formatTime(time(end)), counts);
}

export function StatusLine() {
  const t = useT();
  const s = useStore(appStore);
  const [now, setNow] = useState<number | null>(null);
  const running = s.status === 'running' || s.status === 'compiling';

  useEffect(() => {
    if (!running) return;
    const tick = () => setNow(s.startedAt === null ? null : performance.now() - s.startedAt);
    tick();
    const id = setInterval(tick, 100);
    return () => clearInterval(id);
  }, [running, s.startedAt]);

  const bad = s.status === 'compile-error' || s.status === 'error' || (s.status === 'exited' && s.exitCode !== 0);
  const replay = s.replay;
  const text = replay
    ? replayText(t, replay.at, Math.max(replay.at, s.programMs ?? traceLog.lastAt), traceLog.rows(replay.at))
    : statusText(t, s, now);
  return (
    <footer
      className={`status ${s.status}${bad ? ' bad' : ''}`}
      data-testid="status"
      data-status={s.status}
      data-reason={s.endReason ?? undefined}
      data-replay={replay ? 'on' : undefined}
    >
      <span className="dot" aria-hidden="true" />
      <span className="text">{text}</span>
      <span className="events" title={t.eventsTitle}>
        {t.events(s.eventCount)}
      </span>
    </footer>
  );
}
