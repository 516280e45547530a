// Run and Stop: wires the store, the kernel bridge, the trace log and the terminal together (the page's one bridge user).
import type { AskMessage, ChooseMessage } from '../hosts/browser/asking';
import { KernelBridge } from '../hosts/browser/bridge';
import type { ControlledEnd } from '../hosts/browser/exploreProtocol';
import { safeEvent, safeItems } from '../protocol/safeText';
import type { RunResult, TraceEvent, TraceFile } from '../protocol/trace';
import { currentStrings } from './i18n/useT';
import { OutputFormatter, errorLine, systemLine } from './terminalFormat';
import { runTimes } from './runTimes';
import { appStore, originalCode } from './store/store';
import { saveCode, saveLastExample } from './store/persistence';
import { TraceLog } from './store/traceLog';

/** Where terminal text goes; the Terminal component attaches xterm here. */
export interface TerminalSink {
  /** Writes text; `done` is called once the terminal has processed it (xterm parses asynchronously). */
  write(text: string, done?: () => void): void;
  clear(): void;
  /** Once what was written is drawn, scrolls back to the run's first error line if it is out of view. */
  revealFirstError?(): void;
}

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

/** The current run's trace (hot data, outside React). */
export const traceLog = new TraceLog();

const bridge = new KernelBridge();
/** Ends the search (Explore) that has the bridge, if any: a run or Stop takes the bridge over. */
let abortSearch: (() => void) | null = null;
/** The bridge, for a search (src/ui/explore/search.ts); `abort` is called if a run or Stop takes it over. */
export function claimBridge(abort: () => void): KernelBridge {
  stop();
  abortSearch?.();
  abortSearch = abort;
  return bridge;
}
/** The search that claimed the bridge is over. */
export function releaseBridge(abort: () => void): void {
  if (abortSearch === abort) abortSearch = null;
}
// While the page is idle, the bridge boots as many process workers as the editor's program starts at once.
bridge.prepare(appStore.getState().code);
appStore.subscribe((s, prev) => {
  if (s.code !== prev.code) bridge.prepare(s.code);
});

/** Boots no worker ahead until the reader touches the page or runs (an embed: most readers never run it). */
export function bootWorkersOnInteraction(): void {
  bridge.bootOnInteraction();
}
let formatter = new OutputFormatter();
let sink: TerminalSink | null = null;
let early: string[] = [];
/**
 * Lines the page itself wrote (notices, the exit line), each after the first `at` events and after a flush of
 * partial lines if `flush`: re-showing the terminal for a row filter puts them back in place.
 */
let notes: { at: number; text: string; flush: boolean }[] = [];

/** Connects the terminal; text written before it mounted is replayed. Returns the detach function. */
export function attachTerminal(s: TerminalSink): () => void {
  sink = s;
  for (const t of early) s.write(t);
  early = [];
  return () => {
    if (sink === s) sink = null;
  };
}

function write(text: string): void {
  if (!text) return;
  if (sink) sink.write(text);
  else early.push(text);
}

/** Writes text and resolves once the terminal has drawn it: the kernel's next batch waits for that (flow control). */
function writeAndWait(text: string): Promise<void> | undefined {
  if (!text) return undefined;
  const s = sink;
  if (!s) {
    early.push(text);
    return undefined;
  }
  return new Promise((resolve) => s.write(text, resolve));
}

/** Whether the current run printed to stderr (a traceback, a deadlock report): its end then shows the first one. */
let sawError = false;

function revealError(): void {
  if (sawError) sink?.revealFirstError?.();
}

function clearTerminal(): void {
  early = [];
  sink?.clear();
}

/** Writes a line of the page's own (not a process's) and remembers where it goes. */
function note(text: string, flush = false): void {
  notes.push({ at: traceLog.length, text, flush });
  write(text);
}

/** How many of the run's events the terminal shows while a replay holds it at a moment. */
let shown = 0;

/** The number of events that happened by program moment `at` (events are in time order). */
function eventsBy(at: number): number {
  const ev = traceLog.events;
  let lo = 0;
  let hi = ev.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ev[mid] as TraceEvent).at <= at) lo = mid + 1;
    else hi = mid;
  }
  // The page's closing lines come with the last event: a replay at the end shows them.
  return lo;
}

/**
 * Shows the run's output through its first `upTo` events: from scratch (`fresh`), or on from what is shown.
 * Only the chosen process's lines when the chart's row filter is on; the page's own lines stay in place.
 */
function showThrough(upTo: number, fresh: boolean): void {
  const only = appStore.getState().terminalFilter;
  let text = '';
  let from = shown;
  if (fresh) {
    formatter = new OutputFormatter();
    formatter.only = only;
    from = 0;
    const proc = only === null ? undefined : traceLog.procs.get(only);
    if (only !== null)
      text = systemLine(`── only [${only} ${proc?.name ?? '?'}] · click its row again or press Esc for all ──`);
  }
  for (const n of notes) {
    if (n.at > upTo) break;
    if (!fresh && n.at <= shown) continue;
    text += formatter.format(traceLog.events.slice(from, n.at));
    from = n.at;
    if (n.flush) text += formatter.flush();
    text += n.text;
  }
  text += formatter.format(traceLog.events.slice(from, upTo));
  shown = upTo;
  if (fresh) clearTerminal();
  write(text);
}

appStore.subscribe((s, prev) => {
  const upTo = s.replay ? eventsBy(s.replay.at) : traceLog.length;
  if (s.terminalFilter !== prev.terminalFilter || (s.replay === null) !== (prev.replay === null))
    showThrough(upTo, true);
  else if (s.replay && upTo !== shown) showThrough(upTo, upTo < shown);
});

/** Real time (and program time, when known) as the status line and the chart's header name them. */
function seconds(realMs: number, programMs: number | null = null): string {
  return runTimes(appStore.getState().lang === 'zh' ? 'zh' : 'en', realMs, programMs);
}

let runsStarted = 0;
/** How many runs this page has started (a link or an embed that runs nothing leaves it at 0; the test hooks). */
export function runCount(): number {
  return runsStarted;
}

/** A run the learner steps through (src/ui/stepping.ts); `onDetached`: another run took the page over. */
export interface Steer {
  onAsk(msg: AskMessage): void;
  onRefused(message: string): void;
  onDetached(): void;
}
let steering: Steer | null = null;

/** The run on the page is now stepped through by `steer` (or nobody); the previous steer is told it lost it. */
function steerBy(steer: Steer | null): void {
  const prev = steering;
  steering = steer;
  if (prev && prev !== steer) prev.onDetached();
}

/** Answers the question the stepped run waits at. */
export function answerAsk(step: number, answer: ChooseMessage['answer']): void {
  bridge.choose(step, answer);
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
  abortSearch?.();
  steerBy(steer ?? null);
  bridge.stop();
  traceLog.reset();
  notes = [];
  sawError = false;
  lastRun = { code: s.code, speed: s.speed, seed: s.seed };
  formatter = new OutputFormatter();
  clearTerminal();
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
      onAsk: (m) => steer?.onAsk(m),
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
          const skippedLine = systemLine(currentStrings().termSkipped(skipped));
          notes.push({ at: traceLog.length, text: skippedLine, flush: false });
          text += skippedLine;
        }
        traceLog.append(others, skipped, packed);
        if (!sawError) sawError = others.some((e) => e.kind === 'output' && e.stream === 'stderr');
        for (const o of observers) o.onEvents?.(others);
        text += formatter.format(others); // output, spawn and exit: never an item event
        appStore.setState((st) => ({ traceVersion: st.traceVersion + 1, eventCount: traceLog.total }));
        return writeAndWait(text);
      },
      onEnd(result: RunResult, controlled?: ControlledEnd) {
        write(formatter.flush());
        // A controlled run keeps its schedule: the share dialog offers it, the schedule strip marks its decisions.
        if (controlled) appStore.setState({ lastSchedule: { ...controlled, code: s.code } });
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
        sawError = true;
        revealError();
        appStore.setState({ status: 'compile-error', compileError: err, wallMs: elapsed() });
        for (const o of observers) o.onEnd?.({ reason: 'compile-error', exitCode: null, wallMs: elapsed() });
      },
      onFatal(message) {
        write(formatter.flush());
        note(errorLine(`mpplay: ${message}`), true);
        sawError = true;
        revealError();
        appStore.setState({ status: 'error', fatal: message, wallMs: elapsed() });
        for (const o of observers) o.onEnd?.({ reason: 'error', exitCode: null, wallMs: elapsed() });
      },
    },
  );
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
  notes = [];
  sawError = false;
  formatter = new OutputFormatter();
  clearTerminal();
  traceLog.append(file.events);
  const main = file.processes.find((p) => p.pid === 1000);
  const exitCode = file.result?.exitCode ?? main?.exitCode ?? null;
  const wallMs = file.result?.wallMs ?? null;
  write(formatter.format(file.events) + formatter.flush());
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
  if (abortSearch) {
    bridge.stop();
    abortSearch();
    return;
  }
  if (!bridge.running) return;
  bridge.stop();
  write(formatter.flush());
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
