// The scheduler panel (issue 16): while the learner steps through a run, the processes that can go at this point and
// what each is about to do, one key each (1–9, or ↑ ↓ and Enter); U undo, N on to the next choice that matters,
// E run to the end, Esc leave. The chart, the terminal and the process table follow the run as it goes.
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { Strings } from './i18n/strings';
import { useT } from './i18n/useT';
import { answer, answerNth, canUndo, leaveStepping, steppingStore, type SteppingState, undo } from './stepping';

/** Program time as the panel says it: seconds, exact to the millisecond, no trailing zeros. */
export function programSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function leave(): void {
  leaveStepping();
  document.querySelector<HTMLElement>('[data-testid="step"]')?.focus();
}

/** The keys of the mode, taken while the focus is in the panel (or nowhere: after a choice's button went away). */
function useSteppingKeys(panel: React.RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = steppingStore.getState();
      if (!s.open || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target instanceof Element ? e.target : null;
      const inPanel = !!target && !!panel.current?.contains(target);
      const loose = !target || target === document.body || target === document.documentElement;
      if ((!inPanel && !loose) || document.querySelector('dialog[open]')) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (key >= '1' && key <= '9' && key.length === 1) answerNth(Number(key) - 1);
      else if (key === 'u' || key === 'Backspace') undo();
      else if (key === 'n') answer('next');
      else if (key === 'e' || key === 'End') answer('end');
      else if (key === 'Escape') leave();
      else if (key === 'ArrowDown' || key === 'ArrowUp') moveFocus(panel.current, key === 'ArrowDown' ? 1 : -1);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [panel]);
}

/** Moves the focus to the next (or previous) choice, round the list. */
function moveFocus(panel: HTMLElement | null, by: 1 | -1): void {
  const buttons = [...(panel?.querySelectorAll<HTMLButtonElement>('.step-choice') ?? [])];
  if (!buttons.length) return;
  const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
  buttons[(i + by + buttons.length) % buttons.length]!.focus();
}

/** What the live region says about the state shown. */
function announcement(t: Strings, s: SteppingState): string {
  if (s.phase === 'asking' && s.point) {
    const p = s.point;
    return t.stepAnnounce(
      p.step,
      programSeconds(p.at),
      p.options.map((o, i) => `${i + 1} ${o.name}: ${o.label}`).join('; '),
    );
  }
  if (s.phase === 'ended' && s.end) return endText(t, s.end);
  return '';
}

function endText(t: Strings, end: NonNullable<SteppingState['end']>): string {
  if (end.reason === 'exit') return t.stepEnded(end.exitCode);
  if (end.reason === 'stopped') return t.stepStopped;
  return t.stepFailed;
}

export function SchedulerPanel() {
  const t = useT();
  const s = useStore(steppingStore);
  const ref = useRef<HTMLElement | null>(null);
  useSteppingKeys(ref);
  // The focus goes into the panel when it opens and at each new point: the first choice, else the panel itself.
  useEffect(() => {
    const panel = ref.current;
    if (!s.open || !panel) return;
    const first = panel.querySelector<HTMLButtonElement>('.step-choice');
    if (first) first.focus();
    else if (!panel.contains(document.activeElement)) panel.focus();
  }, [s.open, s.seq, s.phase]);
  if (!s.open) return null;
  const p = s.phase === 'asking' ? s.point : null;
  return (
    <section
      className="scheduler"
      data-testid="scheduler"
      data-phase={s.phase}
      ref={ref}
      tabIndex={-1}
      aria-labelledby="scheduler-title"
    >
      <h2 id="scheduler-title">{t.stepPanelTitle}</h2>
      {s.shared === false && (
        <p className="scheduler-note" data-testid="scheduler-no-shared">
          {t.stepNoShared}
        </p>
      )}
      {p ? (
        <>
          <p className="scheduler-where" data-testid="scheduler-where">
            {t.stepWhere(p.step, programSeconds(p.at))}
          </p>
          <p id="scheduler-who">{t.stepWho}</p>
          <ol className="scheduler-choices" aria-labelledby="scheduler-who">
            {p.options.map((o, i) => (
              <li key={o.slot}>
                <button
                  type="button"
                  className="step-choice"
                  data-testid="step-choice"
                  aria-label={t.stepChoiceLabel(i + 1, o.name, o.label)}
                  aria-keyshortcuts={i < 9 ? String(i + 1) : undefined}
                  onClick={() => answer(o.slot)}
                >
                  {i < 9 && <kbd>{i + 1}</kbd>} <span className="step-name">{o.name}</span>:{' '}
                  <code className="step-label">{o.label}</code>
                </button>
              </li>
            ))}
          </ol>
          <p className="scheduler-matters" data-testid="scheduler-matters" data-matters={String(p.matters)}>
            {p.matters ? t.stepMatters : t.stepIndependent}
          </p>
        </>
      ) : s.phase === 'ended' && s.end ? (
        <p data-testid="scheduler-end">{endText(t, s.end)}</p>
      ) : (
        <p data-testid="scheduler-running">{t.stepRunning}</p>
      )}
      {s.problem && (
        <p className="scheduler-problem" role="alert">
          {s.problem === 'diverged' ? t.stepDiverged : t.stepRefused(s.problem.refused)}
        </p>
      )}
      <div className="scheduler-actions">
        <button
          type="button"
          data-testid="step-undo"
          aria-keyshortcuts="U Backspace"
          disabled={!canUndo(s)}
          onClick={undo}
        >
          {t.stepUndo}
        </button>
        <button
          type="button"
          data-testid="step-next"
          aria-keyshortcuts="N"
          disabled={!p}
          onClick={() => answer('next')}
        >
          {t.stepNext}
        </button>
        <button
          type="button"
          data-testid="step-end"
          aria-keyshortcuts="E End"
          disabled={!p}
          onClick={() => answer('end')}
        >
          {t.stepEnd}
        </button>
        <button type="button" data-testid="step-leave" aria-keyshortcuts="Escape" onClick={leave}>
          {t.stepLeave}
        </button>
      </div>
      <div className="sr-only" role="status" aria-live="polite" data-testid="scheduler-live">
        {announcement(t, s)}
      </div>
    </section>
  );
}
