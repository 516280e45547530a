// The process table: pid, ppid, name, state (Z for zombie), exit code — folded from the trace, now or at the replay's moment.
import { useEffect, useReducer } from 'react';
import { useStore } from 'zustand';
import { formatTime, time } from '../trace/time';
import type { Strings } from './i18n/strings';
import { useT } from './i18n/useT';
import { traceLog } from './runController';
import { stateName } from './stateNames';
import { stateLetter, type ProcRow } from './store/procTable';
import { appStore } from './store/store';
import { pidCssColour } from './terminalFormat';
import { useResolvedTheme } from './theme';

/** A process's colour, darkened on the light theme so the pid keeps 4.5:1 contrast on white. */
function pidColourFor(index: number, theme: 'light' | 'dark'): string {
  const css = pidCssColour(index);
  if (theme === 'dark') return css;
  const [r, g, b] = (css.match(/\d+/g) ?? ['0', '0', '0']).map((n) => Math.round(Number(n) * 0.5));
  return `rgb(${r}, ${g}, ${b})`;
}

/** The state in words, or what the process waits on (a call like `join(Process-1)`, shown as code). */
function stateText(t: Strings, r: ProcRow): string {
  if (r.state === 'zombie') return t.stateZombie;
  if ((r.state === 'blocked' || r.state === 'sleeping' || r.state === 'exiting') && r.blockedOn) return r.blockedOn;
  return stateName(t, r.state);
}

/** Milliseconds between two redraws of the table while a run changes it. */
const REDRAW_MS = 150;

/**
 * Re-renders when a row changed, at most every REDRAW_MS (the rows are read from the TraceLog, not from
 * React state): a run of 200 processes must not spend the page's main thread on 200-row tables per frame.
 */
function useRowsChanged(): void {
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    let shown = traceLog.rowsVersion;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = () => {
      timer = null;
      if (traceLog.rowsVersion === shown) return;
      shown = traceLog.rowsVersion;
      last = performance.now();
      redraw();
    };
    const unsubscribe = appStore.subscribe((s, prev) => {
      if (s.traceVersion === prev.traceVersion || timer !== null || traceLog.rowsVersion === shown) return;
      const wait = last + REDRAW_MS - performance.now();
      if (wait <= 0) show();
      else timer = setTimeout(show, wait);
    });
    show(); // what changed before this mounted
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);
}

export function ProcessTable() {
  const t = useT();
  const theme = useResolvedTheme();
  useRowsChanged();
  // A replay shows one moment of the run: the table shows the processes as they were then, like the chart.
  const at = useStore(appStore, (s) => s.replay?.at ?? null);
  const rows = traceLog.rows(at);
  return (
    <section className="procs" data-testid="process-table-section" data-at={at ?? undefined}>
      <h2 title={at === null ? undefined : t.processesAtTitle}>
        {at === null ? t.processes : t.processesAt(formatTime(time(at)))}
      </h2>
      <table data-testid="process-table">
        <colgroup>
          <col className="c-pid" />
          <col className="c-pid" />
          <col className="c-name" />
          <col className="c-s" />
          <col />
          <col className="c-exit" />
        </colgroup>
        <thead>
          <tr>
            <th>{t.colPid}</th>
            <th>{t.colPpid}</th>
            <th>{t.colName}</th>
            <th title={t.colSTitle}>{t.colS}</th>
            <th>{t.colState}</th>
            <th>{t.colExit}</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr className="empty">
              <td colSpan={6}>{t.noProcesses}</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr
              key={r.pid}
              className={`st-${r.state}`}
              data-pid={r.pid}
              data-state={r.state}
              data-line={r.line ?? undefined}
            >
              <td style={{ color: pidColourFor(r.index, theme) }}>{r.pid}</td>
              <td>{r.ppid}</td>
              <td className="name" title={r.name}>
                {r.name}
                {r.daemon ? <span className="tag">{t.daemon}</span> : null}
              </td>
              <td className="letter">{stateLetter(r.state)}</td>
              <td className="state">
                {stateText(t, r)}
                {r.line !== null && (
                  <span className="at-line" title={t.atLineTitle}>
                    {' · '}
                    {t.atLine(r.line)}
                  </span>
                )}
              </td>
              <td>{r.exitCode ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
