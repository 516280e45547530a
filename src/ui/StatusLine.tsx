// The status line: running / exit code N / stopped / compile error, and the wall time.
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { appStore, type AppState } from './store/store';

function secs(ms: number | null): string {
  return ms === null ? '' : `${(ms / 1000).toFixed(2)} s`;
}

/** The status text for a state (pure, so the hook below only adds the ticking clock). */
export function statusText(
  s: Pick<AppState, 'status' | 'exitCode' | 'wallMs' | 'compileError' | 'fatal'>,
  now: number | null,
): string {
  switch (s.status) {
    case 'idle':
      return 'ready — press Run (Ctrl+Enter)';
    case 'compiling':
      return 'compiling…';
    case 'running':
      return `running · ${secs(now)}`;
    case 'exited':
      return `exit code ${s.exitCode ?? '?'} · ${secs(s.wallMs)}`;
    case 'stopped':
      return `stopped · ${secs(s.wallMs)}`;
    case 'compile-error':
      return s.compileError
        ? `compile error at ${s.compileError.line}:${s.compileError.column} — ${s.compileError.message}`
        : 'compile error';
    case 'error':
      return `mpplay error: ${s.fatal ?? 'unknown'}`;
  }
}

export function StatusLine() {
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
    <footer className={`status ${s.status}${bad ? ' bad' : ''}`} data-testid="status" data-status={s.status}>
      <span className="dot" aria-hidden="true" />
      <span className="text">{statusText(s, now)}</span>
      <span className="events" title="trace events recorded">
        {s.eventCount} events
      </span>
    </footer>
  );
}
