// Run and Stop: wires the store, the kernel bridge, the trace log and the terminal together (the page's one run).
import type { ControlledEnd } from '../hosts/browser/exploreProtocol';
import { safeEvent, safeItems } from '../protocol/safeText';
import type { RunResult, TraceEvent, TraceFile } from '../protocol/trace';
import { currentStrings } from './i18n/useT';
import { errorLine, systemLine } from './terminalFormat';
import { runTimes } from './runTimes';
import { safeAsk, safeControlled } from './safeRunText';
import { abortSearchIfAny, bridge, searching, steerBy, type Steer } from './runBridge';
import {
  flushText,
  formatEvents,
  markError,
  note,
  noteErrors,
  noteInBatch,
  resetOutput,
  revealError,
  traceLog,
  write,
  writeAndWait,
} from './runOutput';
import { appStore, originalCode } from './store/store';
import { saveCode, saveLastExample } from './store/persistence';

export { traceLog };

/** Someone who follows every run (the embed tells its host page): events as they come, and how each run ended. */
export interface RunObserver {
  /** Each batch's events other than item events (put, take, taskDone: read those from `traceLog.events`). */
  onEvents?(events: readonly TraceEvent[]): void;
  onEnd?(end: {
    reason: 'exit' | 'stopped' | 'compile-error' | 'error';
    exitCode: number | null;
    wallMs: number | null;
  }): void;
}

const observers = new Set<RunObserver>();

/** Follows every run from now on; returns the function that stops following. */
export function observeRuns(o: RunObserver): () => void {
  observers.add(o);
  return () => observers.delete(o);
}

/** Counts the editor's type errors now (set by the editor once Monaco has loaded; none before). */
let typeErrors: () => number = () => 0;

/** Lets the editor say how many type errors the program has, so a run can say it runs anyway. */
export function countTypeErrorsWith(counter: () => number): void {
  typeErrors = counter;
}

/** Real time (and program time, when known) as the status line and the chart's header name them. */
function seconds(realMs: number, programMs: number | null = null): string {
  return runTimes(appStore.getState().lang === 'zh' ? 'zh' : 'en', realMs, programMs);
}

let runsStarted = 0;
/** How many runs this page has started (a link or an embed that runs nothing leaves it at 0; the test hooks). */
export function runCount(): number {
  return runsStarted;
}

/** Runs the editor's text in a fresh kernel worker; a run still going is stopped first. */
export function run(): void {
  runAt('full');
}

/**
 * `run()` at a trace level: `lifecycle` (for `npm run bench` only) leaves out the per-item events, so the
 * chart draws no item flows; it measures what recording them costs.
 */
export function runAt(traceLevel: 'full' | 'lifecycle', schedule?: number[], steer?: Steer): void {
  const s = appStore.getState();
  runsStarted++;
  abortSearchIfAny();
  steerBy(steer ?? null);
  bridge.stop();
  traceLog.reset();
  lastRun = { code: s.code, speed: s.speed, seed: s.seed };
  resetOutput();
  // As tsc would: type errors do not stop the program (sucrase only strips the types); say so before it runs.
  const errors = typeErrors();
  if (errors > 0) note(systemLine(currentStrings().termTypeErrors(errors)));
  appStore.setState({
    status: 'compiling',
    exitCode: null,
    startedAt: performance.now(),
    wallMs: null,
    programMs: null,
    compileError: null,
    fatal: null,
    endReason: null,
    traceVersion: s.traceVersion + 1,
    eventCount: 0,
    terminalFilter: null,
    replay: null,
    recorded: null,
    recordedProblem: null,
    lastSchedule: null,
  });
  bridge.run(
    {
      source: s.code,
      filename: 'main.ts',
      speed: s.speed,
      seed: s.seed,
      ...(traceLevel === 'lifecycle' ? { traceLevel } : {}),
      ...(schedule ? { schedule } : {}),
      ...(steer ? { ask: true } : {}),
    },
    {
      // The question's and the controlled end's names are the program's too: made safe here as well.
      onAsk: (m) => steer?.onAsk(safeAsk(m)),
      onAskRefused: (m) => steer?.onRefused(m),
      onStarted() {
        appStore.setState({ status: 'running' });
      },
      onEvents(rawOthers, skipped, rawPacked) {
        // Where a run's events enter the page: every string a program chose is made safe once, here, before the
        // terminal, the process table, the chart, exports and an embed's host see it (src/protocol/safeText.ts).
        const others = rawOthers.map(safeEvent);
        const packed = rawPacked && { ...rawPacked, items: safeItems(rawPacked.items) };
        let text = '';
        if (skipped > 0) {
          text += noteInBatch(systemLine(currentStrings().termSkipped(skipped)));
        }
        traceLog.append(others, skipped, packed);
        noteErrors(others);
        for (const o of observers) o.onEvents?.(others);
        text += formatEvents(others); // output, spawn and exit: never an item event
        appStore.setState((st) => ({ traceVersion: st.traceVersion + 1, eventCount: traceLog.total }));
        return writeAndWait(text);
      },
      onEnd(result: RunResult, controlled?: ControlledEnd) {
        write(flushText());
        // A controlled run keeps its schedule: the share dialog offers it, the schedule strip marks its decisions.
        if (controlled) appStore.setState({ lastSchedule: { ...safeControlled(controlled), code: s.code } });
        const stopped = result.reason === 'stopped';
        const t = currentStrings();
        note(
          systemLine(
            stopped
              ? t.termStopped(seconds(result.wallMs))
              : t.termExit(result.exitCode, seconds(result.wallMs, result.at)),
          ),
          true,
        );
        revealError();
        appStore.setState({
          status: stopped ? 'stopped' : 'exited',
          exitCode: stopped ? null : result.exitCode,
          wallMs: result.wallMs,
          programMs: result.at,
          endReason: result.reason,
        });
        const exitCode = stopped ? null : result.exitCode;
        for (const o of observers) o.onEnd?.({ reason: stopped ? 'stopped' : 'exit', exitCode, wallMs: result.wallMs });
      },
      onCompileError(err) {
        note(errorLine(`main.ts:${err.line}:${err.column}: ${err.message}`));
        markError();
        revealError();
        appStore.setState({ status: 'compile-error', compileError: err, wallMs: elapsed() });
        for (const o of observers) o.onEnd?.({ reason: 'compile-error', exitCode: null, wallMs: elapsed() });
      },
      onFatal(message) {
        write(flushText());
        note(errorLine(`mpplay: ${message}`), true);
        markError();
        revealError();
        appStore.setState({ status: 'error', fatal: message, wallMs: elapsed() });
        for (const o of observers) o.onEnd?.({ reason: 'error', exitCode: null, wallMs: elapsed() });
      },
    },
  );
}

/**
 * Replays a schedule (a share link's, a search's found run) as a controlled run with the seed it was made with, so
 * every pane shows that exact run. False, and nothing runs, when the editor no longer holds `code`, the program the
 * schedule is for (it would not fit).
 */
export function replaySchedule(code: string, choices: number[], seed: number): boolean {
  if (appStore.getState().code !== code) return false;
  appStore.setState({ seed });
  runAt('full', choices);
  return true;
}

function elapsed(): number | null {
  const t0 = appStore.getState().startedAt;
  return t0 === null ? null : performance.now() - t0;
}

/**
 * Shows a recorded run (from a link or a trace file, already checked and made safe: src/share/recordedRun.ts) as
 * if it had just ended here: the chart, the process table, the output and the status all come from its events.
 * Nothing runs. The next Run replaces it.
 */
export function showRecording(file: TraceFile, from: 'link' | 'file'): void {
  const s = appStore.getState();
  steerBy(null);
  bridge.stop();
  traceLog.reset();
  resetOutput();
  traceLog.append(file.events);
  const main = file.processes.find((p) => p.pid === 1000);
  const exitCode = file.result?.exitCode ?? main?.exitCode ?? null;
  const wallMs = file.result?.wallMs ?? null;
  write(formatEvents(file.events) + flushText());
  const t = currentStrings();
  note(systemLine(t.termRecorded(exitCode, wallMs === null ? '?' : seconds(wallMs))), true);
  appStore.setState({
    status: 'exited',
    exitCode,
    startedAt: performance.now(),
    wallMs,
    compileError: null,
    fatal: null,
    endReason: file.result?.reason ?? 'exited',
    traceVersion: s.traceVersion + 1,
    eventCount: traceLog.total,
    terminalFilter: null,
    replay: null,
    recorded: from,
    recordedProblem: null,
    lastSchedule: null,
  });
}

/** The run on show as a trace file (for a link that carries it), or null when there is no finished run of this code. */
export function currentRecording(): TraceFile | null {
  const s = appStore.getState();
  if (s.status !== 'exited' || s.recorded !== null || lastRun?.code !== s.code) return null;
  const procs = traceLog.rows();
  const events = traceLog.events;
  return {
    format: 'mpplay-trace',
    version: 1,
    meta: { file: 'main.ts', speed: lastRun.speed, seed: lastRun.seed, startedAt: new Date().toISOString() },
    processes: procs.map((p) => ({ pid: p.pid, name: p.name, daemon: p.daemon, exitCode: p.exitCode })),
    events,
    result: {
      exitCode: s.exitCode ?? 0,
      reason: s.endReason ?? 'exited',
      at: events.at(-1)?.at ?? 0,
      wallMs: s.wallMs ?? 0,
    },
  };
}

/** The code, speed and seed of the last run started here. */
let lastRun: { code: string; speed: number; seed: number } | null = null;

/** Ends every process at once: terminates the kernel worker without waiting for anything. */
export function stop(): void {
  if (searching()) {
    bridge.stop();
    abortSearchIfAny();
    return;
  }
  if (!bridge.running) return;
  bridge.stop();
  write(flushText());
  const ms = elapsed();
  const t = currentStrings();
  note(systemLine(ms === null ? t.termStoppedBare : t.termStopped(seconds(ms))), true);
  appStore.setState({ status: 'stopped', exitCode: null, wallMs: ms });
  for (const o of observers) o.onEnd?.({ reason: 'stopped', exitCode: null, wallMs: ms });
}

/** Autosaves the editor text per example and remembers the open example. Call once. */
export function startAutosave(): () => void {
  return appStore.subscribe((s, prev) => {
    if (s.exampleId !== prev.exampleId) saveLastExample(s.exampleId);
    if (s.code !== prev.code || s.exampleId !== prev.exampleId) saveCode(s.exampleId, s.code, originalCode(s));
  });
}
