// The status line: running / exit code N / stopped / compile error, and the wall time.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Strings } from './i18n/strings';
import { MOD_KEY, useT } from './i18n/useT';
import { appStore, type AppState } from './store/store';

function secs(ms: number | null): string {
  return ms === null ? '' : `${(ms / 1000).toFixed(2)} s`;
}

/** The status text for a state, in the page's language (pure, so the hook below only adds the ticking clock). */
export function statusText(
  t: Strings,
  s: Pick<AppState, 'status' | 'exitCode' | 'wallMs' | 'compileError' | 'fatal'> &
    Partial<Pick<AppState, 'endReason' | 'recorded'>>,
  now: number | null,
): string {
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
        ? t.statusDeadlock(String(s.exitCode ?? '?'), secs(s.wallMs))
        : t.statusExited(String(s.exitCode ?? '?'), secs(s.wallMs));
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
  return (
    <footer
      className={`status ${s.status}${bad ? ' bad' : ''}`}
      data-testid="status"
      data-status={s.status}
      data-reason={s.endReason ?? undefined}
    >
      <span className="dot" aria-hidden="true" />
      <span className="text">{statusText(t, s, now)}</span>
      <span className="events" title={t.eventsTitle}>
        {t.events(s.eventCount)}
      </span>
    </footer>
  );
}
