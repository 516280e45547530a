// The live timeline panel: summary, toolbar, the two-canvas chart (engine outside React), legend, table view.
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { TraceFile } from '../../protocol/trace';
import { sayHit } from '../../trace/describe';
import type { Layout } from '../../trace/model';
import type { ChartLang } from '../../trace/numbers';
import { summarize, type Summary as RunSummary } from '../../trace/summary';
import { chartTheme } from '../../trace/theme';
import { time } from '../../trace/time';
import { traceLog } from '../runController';
import { appStore } from '../store/store';
import { useMediaQuery, useResolvedTheme } from '../theme';
import { fileSource, TimelineController, type EventSource } from './controller';
import { EventTable } from './EventTable';
import { attachGutterHandle } from './gutterHandle';
import { describeKeys } from './keys';
import { attachScrollbar } from './scrollbar';
import { exportChart, type ExportKind } from './exports';
import { attachInput } from './input';
import { Legend } from './Legend';
import { useTimelineStrings } from './strings';
import { Scrubber } from './Scrubber';
import { Summary } from './Summary';
import { steppingStore } from '../stepping';
import { installTimelineHooks } from './testHooks';
import './timeline.css';

/** A trace shown instead of the page's run (opened from a file, or by a test), until the next Run. */
let loaded: { file: TraceFile; run: number | null } | null = null;

function pageSource(): EventSource {
  const s = appStore.getState();
  if (loaded && loaded.run === s.startedAt) return fileSource(loaded.file);
  loaded = null;
  return {
    // A getter: reading the events decodes the item rows still packed, which only a pull should pay for.
    get events() {
      return traceLog.events;
    },
    batches: traceLog.batches,
    runId: s.startedAt,
    // A run stepped through by the learner has no wall clock: program time moves only with its steps.
    live: (s.status === 'running' || s.status === 'compiling') && !steppingStore.getState().open,
    speed: s.speed,
    endAt: null,
  };
}

/** Shows a trace file in the chart (null: back to the page's run). */
export function showTrace(file: TraceFile | null): void {
  loaded = file ? { file, run: appStore.getState().startedAt } : null;
  appStore.getState().setReplay(null);
}

function title(): string {
  if (loaded) return loaded.file.meta.file;
  return appStore.getState().exampleId ?? 'main.ts';
}

/**
 * The wall-clock time of the run shown, when it is known and the whole run is shown (a replay shows a moment,
 * which has no real time of its own): the same figure the status line gives.
 */
function realMs(): number | null {
  const s = appStore.getState();
  if (s.replay) return null;
  if (loaded) return loaded.file.result?.wallMs ?? null;
  return s.status === 'exited' || s.status === 'stopped' ? s.wallMs : null;
}

/** What the chart's words and exports are written in. */
function chartLang(): ChartLang {
  return appStore.getState().lang === 'zh' ? 'zh' : 'en';
}

const REDRAW_REACT_MS = 250;

export function Timeline() {
  const t = useTimelineStrings();
  const themeName = useResolvedTheme();
  const reducedMotion = useMediaQuery('(prefers-reduced-motion: reduce)');
  const tableOn = useStore(appStore, (s) => s.timelineTable);
  const [openError, setOpenError] = useState<string | null>(null);
  const lang = useStore(appStore, (s) => (s.lang === 'zh' ? 'zh' : 'en'));
  const filter = useStore(appStore, (s) => s.terminalFilter);
  // While the learner steps through a run, the chart follows the steps: it has no replay of its own until the end.
  const stepping = useStore(steppingStore, (s) => s.open && s.phase !== 'ended');
  const box = useRef<HTMLDivElement | null>(null);
  const staticCanvas = useRef<HTMLCanvasElement | null>(null);
  const overlayCanvas = useRef<HTMLCanvasElement | null>(null);
  const tip = useRef<HTMLDivElement | null>(null);
  const resizer = useRef<HTMLDivElement | null>(null);
  const vtrack = useRef<HTMLDivElement | null>(null);
  const vthumb = useRef<HTMLDivElement | null>(null);
  const live = useRef<HTMLDivElement | null>(null);
  const fileInput = useRef<HTMLInputElement | null>(null);
  const ctl = useRef<TimelineController | null>(null);
  const [snap, setSnap] = useState<{
    summary: RunSummary;
    layout: Layout;
    rows: number;
    end: number;
    finished: boolean;
  } | null>(null);

  useEffect(() => {
    const el = box.current;
    const sc = staticCanvas.current;
    const oc = overlayCanvas.current;
    const tp = tip.current;
    const rz = resizer.current;
    const vt = vtrack.current;
    const vh = vthumb.current;
    if (!el || !sc || !oc || !tp || !rz || !vt || !vh) return;
    const c = new TimelineController(pageSource, sc, oc, {
      get: () => appStore.getState().replay,
      advance: (at, ended) => {
        const r = appStore.getState().replay;
        if (r) appStore.getState().setReplay({ ...r, at, playing: r.playing && !ended });
      },
    });
    ctl.current = c;
    const resize = () => c.setSize(el.clientWidth, el.clientHeight, globalThis.devicePixelRatio || 1);
    resize();
    const ro = new ResizeObserver(resize);
    ro.observe(el);
    let pending: ReturnType<typeof setTimeout> | null = null;
    const offChange = c.onChange(() => {
      pending ??= setTimeout(() => {
        pending = null;
        setSnap({
          summary: summarize(c.layout, realMs()),
          layout: c.layout,
          rows: c.layout.rows.length,
          end: c.fullEnd,
          finished: c.isFinished,
        });
      }, REDRAW_REACT_MS);
    });
    const detach = attachInput(el, tp, c, {
      selectRow: (row) => {
        const st = appStore.getState();
        st.filterTerminal(row && row.pid !== st.terminalFilter ? row.pid : null);
      },
      announce: (text) => {
        if (live.current) live.current.textContent = text;
      },
      toggleTable: () => appStore.getState().setTimelineTable(!appStore.getState().timelineTable),
    });
    const unsub = appStore.subscribe((s, prev) => {
      if (s.traceVersion !== prev.traceVersion || s.status !== prev.status) c.schedule();
      if (s.startedAt !== prev.startedAt) setOpenError(null);
      if (s.replay !== prev.replay) c.schedule();
      if (s.terminalFilter !== prev.terminalFilter) {
        c.selectedRow = s.terminalFilter === null ? null : `p${s.terminalFilter}`;
        c.invalidate();
      }
      if (s.chartFocus && s.chartFocus !== prev.chartFocus) {
        const { at, pid } = s.chartFocus;
        c.cursor = time(at);
        c.reveal(at, at);
        const i = c.layout.rows.findIndex((r) => r.pid === pid);
        const row = c.layout.rows[i];
        if (row) {
          c.revealRow(i);
          const marker = row.markers.find((m) => m.kind === 'output' && m.at === at);
          if (marker) {
            c.focus = { kind: 'marker', row, marker };
            if (live.current) live.current.textContent = sayHit(c.focus, c.layout, c.words);
          }
        }
        c.invalidate();
      }
    });
    const detachResize = attachGutterHandle(rz, c);
    const detachScrollbar = attachScrollbar(vt, vh, c);
    const uninstall = installTimelineHooks(c, {
      show: showTrace,
      frame: () => ({ title: title(), lang: chartLang(), realMs: realMs() }),
    });
    c.schedule();
    return () => {
      if (pending) clearTimeout(pending);
      uninstall();
      detachResize();
      detachScrollbar();
      unsub();
      detach();
      offChange();
      ro.disconnect();
      c.dispose();
      ctl.current = null;
    };
  }, []);

  useEffect(() => {
    const c = ctl.current;
    if (!c) return;
    c.themeName = themeName;
    c.reducedMotion = reducedMotion;
    c.words = t.chart;
    c.invalidate();
  }, [themeName, reducedMotion, t]);

  const doExport = (kind: ExportKind) => {
    const c = ctl.current;
    if (c) void exportChart(c.layout, { title: title(), lang: chartLang(), realMs: realMs() }, kind);
  };

  const openFile = async (f: File | undefined) => {
    if (!f) return;
    try {
      const file = JSON.parse(await f.text()) as TraceFile;
      if (file.format !== 'mpplay-trace' || !Array.isArray(file.events)) throw new Error(t.notATrace);
      showTrace(file);
      ctl.current?.invalidate();
      setOpenError(null);
    } catch {
      // A file that is not JSON, or JSON that is not a trace: say so where the chart's numbers go.
      setOpenError(`${f.name}: ${t.notATrace}`);
    }
  };

  const theme = chartTheme(themeName);
  const empty = !snap || snap.rows === 0;
  return (
    <section className="timeline" aria-label={t.region} data-testid="timeline">
      <div className="tl-head">
        {openError ? (
          <span className="tl-empty tl-error" role="alert" data-testid="timeline-open-error">
            {openError}
          </span>
        ) : snap && !empty ? (
          <Summary summary={snap.summary} theme={theme} lang={lang} />
        ) : (
          <span className="tl-empty">{t.empty}</span>
        )}
        <span className="tl-tools">
          <button type="button" onClick={() => ctl.current?.fit()} title={t.fitTitle} data-testid="timeline-fit">
            {t.fit}
          </button>
          <button
            type="button"
            aria-pressed={tableOn}
            onClick={() => appStore.getState().setTimelineTable(!tableOn)}
            title={t.tableTitle}
            data-testid="timeline-table-toggle"
          >
            {t.table}
          </button>
          <button
            type="button"
            onClick={() => doExport('png')}
            title={t.exportTitle('PNG')}
            data-testid="export-png"
            translate="no"
          >
            {t.exportPng}
          </button>
          <button
            type="button"
            onClick={() => doExport('svg')}
            title={t.exportTitle('SVG')}
            data-testid="export-svg"
            translate="no"
          >
            {t.exportSvg}
          </button>
          <button
            type="button"
            onClick={() => doExport('chrome')}
            title={t.chromeTitle}
            data-testid="export-chrome"
            translate="no"
          >
            {t.exportChrome}
          </button>
          <button type="button" onClick={() => fileInput.current?.click()} title={t.openTitle}>
            {t.open}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            onChange={(e) => void openFile(e.target.files?.[0])}
          />
        </span>
      </div>
      <div
        className="tl-chart"
        ref={box}
        tabIndex={0}
        role="application"
        aria-roledescription="timeline chart"
        aria-label={t.canvasLabel}
        aria-describedby="tl-keys"
        data-testid="timeline-chart"
        title={t.keys}
      >
        <span id="tl-keys" className="sr-only">
          {describeKeys(t)}
        </span>
        <canvas ref={staticCanvas} aria-hidden="true" />
        <canvas ref={overlayCanvas} aria-hidden="true" className="tl-overlay" />
        <div
          className="tl-resize"
          ref={resizer}
          role="separator"
          aria-orientation="vertical"
          aria-label={t.resizeLabels}
          title={t.resizeLabelsTitle}
          tabIndex={0}
          data-testid="timeline-resize"
        />
        <div
          className="tl-vscroll"
          ref={vtrack}
          role="scrollbar"
          aria-orientation="vertical"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={0}
          aria-label={t.scrollRows}
          data-testid="timeline-scrollbar"
          hidden
        >
          <div className="tl-vthumb" ref={vthumb} data-testid="timeline-scroll-thumb" />
        </div>
        <div className="tl-tip" ref={tip} role="tooltip" hidden />
      </div>
      {snap && !empty && snap.finished && !stepping && <Scrubber end={snap.end} />}
      <Legend theme={theme} />
      {tableOn && snap && <EventTable layout={snap.layout} onlyPid={filter} />}
      <div className="sr-only" aria-live="polite" ref={live} data-testid="timeline-announce" />
    </section>
  );
}
