// <Playground>: the embeddable playground (panes, read-only or editable, theme, speed, run on click or when seen).
import { lazy, Suspense, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { Pane } from '../../share/embedApi';
import { CodeView } from '../CodeView';
import { findExample } from '../examples';
import { useT } from '../i18n/useT';
import { run, stop, traceLog } from '../runController';
import { StatusLine } from '../StatusLine';
import { appStore } from '../store/store';
import { Terminal } from '../Terminal';
import { useDocumentThemeAndLang, useMediaQuery, useResolvedTheme } from '../theme';
import { REPLAY_RATES } from '../store/timelineSlice';
import { Timeline } from '../timeline/Timeline';
import { createRunGate, type RunGate } from './runGate';
import { watchSeen } from './visibility';

const MonacoCode = lazy(() => import('../MonacoPane').then((m) => ({ default: m.MonacoCodeEditor })));

/** Props of the embeddable playground; the program, speed, theme and language come from the store. */
export interface PlaygroundProps {
  /** Panes to show, in this order: code, chart, terminal. */
  panes: readonly Pane[];
  /** Editable code loads Monaco (and its TypeScript worker); read-only code is a light static view. */
  editable: boolean;
  /**
   * 'visible': run once when the embed is first seen inside another page (a reader's click always runs; opened in a
   * tab of its own, it never runs by itself).
   */
  autorun: 'click' | 'visible';
  /** The gate that decides runs the reader did not start (made from `autorun` when not given). */
  gate?: RunGate;
  /** The full page's address for this program ("Open in mpplay"). */
  fullPageUrl: string;
  /** The element whose height is reported to the host (the embed's root). */
  rootRef?: React.RefObject<HTMLDivElement | null>;
}

/** Whether a program imports Value or Array from multiprocessing (they need shared memory). */
export function needsSharedMemory(code: string): boolean {
  return /import\s*\{[^}]*\b(Value|Array)\b[^}]*\}\s*from\s*["']multiprocessing["']/.test(code);
}

/** The replay speed that shows the run on show in about eight seconds or less (one of the chart's speeds). */
function replayRate(): number {
  const ms = traceLog.events.at(-1)?.at ?? 0;
  return REPLAY_RATES.find((r) => ms / r <= 8000) ?? REPLAY_RATES[REPLAY_RATES.length - 1]!;
}

const LINE_HEIGHT = 19;
const MAX_CODE_HEIGHT = 420;

export function Playground({ panes, editable, autorun, gate: given, fullPageUrl, rootRef }: PlaygroundProps) {
  useDocumentThemeAndLang();
  const t = useT();
  const theme = useResolvedTheme();
  const code = useStore(appStore, (s) => s.code);
  const status = useStore(appStore, (s) => s.status);
  const exampleId = useStore(appStore, (s) => s.exampleId);
  const recorded = useStore(appStore, (s) => s.recorded);
  const recordedProblem = useStore(appStore, (s) => s.recordedProblem);
  const reducedMotion = useMediaQuery('(prefers-reduced-motion: reduce)');
  const lang = useStore(appStore, (s) => s.lang);
  const busy = status === 'compiling' || status === 'running';
  const ex = findExample(exampleId);
  const ownRef = useRef<HTMLDivElement | null>(null);
  const ref = rootRef ?? ownRef;

  const own = useMemo(() => (given ? null : createRunGate({ autorun, hostRun: false })), [given, autorun]);
  useEffect(() => () => own?.dispose(), [own]);
  const gate = (given ?? own)!;
  const note = useSyncExternalStore(gate.subscribe, () => gate.note);

  // Run once when first seen, if asked and inside a page: never in a tab of its own (a link runs nothing), never
  // while hidden or tiny. IntersectionObserver measures against the top-level viewport, so this works inside an
  // iframe in a page we do not control, and never scrolls or focuses anything.
  useEffect(() => {
    const el = ref.current;
    if (autorun !== 'visible' || !el) return;
    if (!gate.framed) {
      gate.ask('autorun', run); // refused: says so in the embed, and to the tests
      return;
    }
    return watchSeen(
      el,
      () => {
        if (appStore.getState().status === 'idle') gate.ask('autorun', run);
      },
      () => gate.lookedUnseen(),
    );
  }, [autorun, ref, gate]);

  // A recorded run is replayed once the reader first sees it (the whole run stays on show with reduced motion).
  useEffect(() => {
    const el = ref.current;
    if (!recorded || reducedMotion || !el) return;
    return watchSeen(el, () => {
      const s = appStore.getState();
      if (s.recorded) s.setReplay({ at: 0, playing: true, rate: replayRate() });
    });
  }, [recorded, reducedMotion, ref]);

  const codeHeight = Math.min(MAX_CODE_HEIGHT, (code.split('\n').length + 1) * LINE_HEIGHT);
  const view = <CodeView code={code} language="typescript" label={t.codeLabel} testId="code-view" />;
  // The constructor decides, not isolation: WebKitGTK keeps SharedArrayBuffer off even on isolated pages.
  const sharedMemoryMissing = typeof SharedArrayBuffer !== 'function' && needsSharedMemory(code);

  return (
    <div className="embed" ref={ref} data-testid="embed">
      <div className="embed-bar">
        <button type="button" className="run" data-testid="run" onClick={() => gate.ask('reader', run)}>
          {busy ? t.restart : recorded ? t.runYourself : t.run}
        </button>
        <button type="button" className="stop" data-testid="stop" onClick={stop} disabled={!busy}>
          {t.stop}
        </button>
        <span className="embed-title">{ex ? `${ex.section} · ${ex.title[lang]}` : t.scratchTitle}</span>
        <a className="embed-open" href={fullPageUrl} target="_blank" rel="noopener" data-testid="open-full">
          {t.embedOpenFull}
        </a>
      </div>
      {recorded && (
        <p className="embed-note" data-testid="recorded-banner" role="status">
          {t.recordedBanner}
        </p>
      )}
      {recordedProblem && (
        <p className="embed-note warn" data-testid="recorded-problem" role="alert">
          {t.recordedFailed(recordedProblem)}
        </p>
      )}
      {note && (
        <p className="embed-note" data-testid="run-refused" data-refusal={note.refusal} role="status">
          {note.asker === 'autorun' ? t.embedAutorunInTab : t.embedHostAskedRun}
        </p>
      )}
      {sharedMemoryMissing && (
        <p className="embed-note warn" data-testid="needs-full-page">
          {globalThis.crossOriginIsolated ? t.embedNoSharedMemory : t.embedNeedsFullPage}
        </p>
      )}
      {panes.map((p) => {
        if (p === 'code')
          return (
            <div key={p} className="embed-code" style={{ height: editable ? codeHeight : undefined }}>
              {editable ? (
                <Suspense fallback={view}>
                  <MonacoCode theme={theme} label={t.codeLabel} loading={view} />
                </Suspense>
              ) : (
                view
              )}
            </div>
          );
        if (p === 'chart')
          return (
            <div key={p} className="embed-chart" data-testid="chart-pane">
              <Timeline />
            </div>
          );
        return (
          <div key={p} className="embed-terminal">
            <Terminal />
          </div>
        );
      })}
      <StatusLine />
    </div>
  );
}
