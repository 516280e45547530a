// The run's trace and its terminal: process output and the page's own lines, and the moment a replay shows.
import type { TraceEvent } from '../protocol/trace';
import { OutputFormatter, systemLine } from './terminalFormat';
import { appStore } from './store/store';
import { TraceLog } from './store/traceLog';

/** Where terminal text goes; the Terminal component attaches xterm here. */
export interface TerminalSink {
  /** Writes text; `done` is called once the terminal has processed it (xterm parses asynchronously). */
  write(text: string, done?: () => void): void;
  clear(): void;
  /** Once what was written is drawn, scrolls back to the run's first error line if it is out of view. */
  revealFirstError?(): void;
}

/** The current run's trace (hot data, outside React). */
export const traceLog = new TraceLog();

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

export function write(text: string): void {
  if (!text) return;
  if (sink) sink.write(text);
  else early.push(text);
}

/** Writes text and resolves once the terminal has drawn it: the kernel's next batch waits for that (flow control). */
export function writeAndWait(text: string): Promise<void> | undefined {
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

/** The run printed an error (or the page wrote one for it). */
export function markError(): void {
  sawError = true;
}

/** Notes whether these events print to stderr. */
export function noteErrors(events: readonly TraceEvent[]): void {
  if (!sawError) sawError = events.some((e) => e.kind === 'output' && e.stream === 'stderr');
}

export function revealError(): void {
  if (sawError) sink?.revealFirstError?.();
}

function clearTerminal(): void {
  early = [];
  sink?.clear();
}

/** A new run (or recording) on show: no notes, no error seen, a fresh formatter, an empty terminal. */
export function resetOutput(): void {
  notes = [];
  sawError = false;
  formatter = new OutputFormatter();
  clearTerminal();
}

/** The terminal text of these events (output, spawn and exit: never an item event). */
export function formatEvents(events: readonly TraceEvent[]): string {
  return formatter.format(events);
}

/** The partial lines the formatter still holds, ended. */
export function flushText(): string {
  return formatter.flush();
}

/** Writes a line of the page's own (not a process's) and remembers where it goes. */
export function note(text: string, flush = false): void {
  notes.push({ at: traceLog.length, text, flush });
  write(text);
}

/** Remembers a line of the page's own where it goes, for the caller to write with the batch it comes with. */
export function noteInBatch(text: string): string {
  notes.push({ at: traceLog.length, text, flush: false });
  return text;
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
