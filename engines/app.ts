// The mpplay page as the cross-engine tests use it, through any Driver: open it, run a program, read its state, terminal and trace.
import type { ExploreSummary } from '../src/hosts/browser/exploreProtocol';
import type { TraceFile } from '../src/protocol/trace';
import { WaitAborted, waitFor, type Driver } from './driver';

export interface AppState {
  status: string;
  exitCode: number | null;
  events: number;
  reason: string | null;
}

export interface ExploreParams {
  strategy: string;
  until: string;
  runs: number;
  strategySeed: number;
}

export interface ExploreState {
  phase: string;
  runs: number;
  summary: ExploreSummary | null;
  error: string | null;
}

/** The page's test hooks (src/ui/main.tsx), as far as these tests use them. */
interface Hooks {
  __mpplay: {
    setCode(t: string): void;
    getCode(): string;
    state(): AppState;
    stop(): void;
    examples(): { id: string }[];
    linkOpened(): boolean;
    trace(): TraceFile;
    explore(p: ExploreParams): void;
    stopExplore(hard?: boolean): void;
    exploreState(): ExploreState;
  };
  __term?: {
    buffer: {
      active: {
        length: number;
        getLine(i: number): { isWrapped: boolean; translateToString(trim: boolean): string } | undefined;
      };
    };
  };
}

const ENDED = /^(idle|compiling|running)$/;

/** Each process of the run so far and the last thing the trace says of it, for a hang's failure message. */
export async function processesSoFar(d: Driver): Promise<string> {
  try {
    const t = await pageTrace(d);
    const last = new Map<number, string>();
    const names = new Map<number, string>();
    for (const e of t.events) {
      if (e.kind === 'spawn') names.set(e.pid, e.name);
      if (e.kind !== 'output') last.set(e.pid, e.kind);
    }
    const rows = [...last].map(([pid, kind]) => `${pid} ${names.get(pid) ?? '?'}: ${kind}`);
    return rows.length ? rows.join('; ') : 'no process event yet';
  } catch (e) {
    return `(the trace could not be read: ${(e as Error).message.split('\n')[0]})`;
  }
}

/** Opens `url` (the page, maybe with a link) and waits until its hooks, the terminal and Run are up. */
export async function openApp(d: Driver, url: string): Promise<void> {
  await d.goto(url);
  await waitFor(
    () =>
      d.evaluate(
        () =>
          typeof (globalThis as unknown as Partial<Hooks>).__mpplay?.state === 'function' &&
          typeof (globalThis as unknown as Partial<Hooks>).__term === 'object' &&
          document.querySelector('[data-testid="run"]') !== null &&
          (globalThis as unknown as Hooks).__mpplay.linkOpened(),
      ),
    `${d.engine}: the page at ${url} did not come up (hooks, terminal, Run button)`,
    60_000,
  );
}

export const appState = (d: Driver): Promise<AppState> =>
  d.evaluate(() => (globalThis as unknown as Hooks).__mpplay.state());

export const getCode = (d: Driver): Promise<string> =>
  d.evaluate(() => (globalThis as unknown as Hooks).__mpplay.getCode());

export const setCode = (d: Driver, code: string): Promise<void> =>
  d.evaluate((c) => (globalThis as unknown as Hooks).__mpplay.setCode(c), code);

/** Starts Explore on the editor's program (as the dialog would). */
export const startExplore = (d: Driver, params: ExploreParams): Promise<void> =>
  d.evaluate((p) => (globalThis as unknown as Hooks).__mpplay.explore(p), params);

export const exploreState = (d: Driver): Promise<ExploreState> =>
  d.evaluate(() => (globalThis as unknown as Hooks).__mpplay.exploreState());

/** Stops the search at once (its workers go). */
export const stopExplore = (d: Driver): Promise<void> =>
  d.evaluate(() => (globalThis as unknown as Hooks).__mpplay.stopExplore(true));

export const pageTrace = (d: Driver): Promise<TraceFile> =>
  d.evaluate(() => (globalThis as unknown as Hooks).__mpplay.trace());

export const exampleIds = (d: Driver): Promise<string[]> =>
  d.evaluate(() => (globalThis as unknown as Hooks).__mpplay.examples().map((e) => e.id));

/** Everything in the terminal, one printed line per line (rows xterm wrapped joined back), as e2e/helpers.ts reads it. */
export const terminalText = (d: Driver): Promise<string> =>
  d.evaluate(() => {
    const b = (globalThis as unknown as Hooks).__term?.buffer.active;
    if (!b) return '';
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      const text = line?.translateToString(false) ?? '';
      if (line?.isWrapped && out.length) out[out.length - 1] += text;
      else out.push(text);
    }
    return out
      .map((l) => l.trimEnd())
      .join('\n')
      .trimEnd();
  });

/** The end of the terminal, for failure messages: its last `lines` lines. */
export async function terminalTail(d: Driver, lines = 40): Promise<string> {
  const text =
    (await terminalText(d).catch((e: Error) => `(the terminal could not be read: ${e.message})`)) ||
    '(nothing printed)';
  const all = text.split('\n');
  return (all.length > lines ? [`… ${all.length - lines} lines above`, ...all.slice(-lines)] : all).join('\n');
}

export interface RunEnd {
  state: AppState;
  /** The terminal once the run has ended and its closing line is written. */
  text: string;
}

/**
 * A running program that records no trace event for this long has hung (every program these tests run records a
 * state change at least every few program seconds; the CPU-bound ones print while they work).
 */
export const SILENT_MS = 45_000;

/**
 * Clicks Run and waits for the run to end (not compiling, not running), then for the terminal's closing line.
 * A run that does not end within `timeoutMs`, or records no event for `SILENT_MS`, is stopped, and the error
 * says so with the terminal's last lines.
 */
export async function runToEnd(d: Driver, what: string, timeoutMs = 60_000): Promise<RunEnd> {
  await d.click('[data-testid="run"]');
  return waitForEnd(d, what, timeoutMs);
}

/** Waits for the run that was started to end (see runToEnd). */
export async function waitForEnd(d: Driver, what: string, timeoutMs = 60_000): Promise<RunEnd> {
  // Run's click handler sets the state to `compiling` at once, so a state past running is this run's end.
  let state: AppState;
  let seen = { events: -1, at: Date.now() };
  try {
    state = await waitFor(
      async () => {
        let s: AppState;
        try {
          s = await appState(d);
        } catch (e) {
          if (d.crashed?.()) throw new WaitAborted(`${d.engine}: the browser's page process crashed during ${what}`);
          // A page that answers nothing (WebKit once, beside the CPU hog: no CPU used, every probe failing) is as
          // hung as one that records nothing.
          if (Date.now() - seen.at > SILENT_MS) {
            const log = d.browserLog?.().trim().split('\n').slice(-8).join('\n');
            throw new WaitAborted(
              `${d.engine}: ${what} hung: the page has not answered for ${SILENT_MS / 1000} s (${
                (e as Error).message || (e as Error).name
              })${log ? `; the browser's last words:\n${log}\n` : '; the browser printed nothing'}`,
            );
          }
          throw e;
        }
        if (!ENDED.test(s.status)) return s;
        if (s.events !== seen.events) seen = { events: s.events, at: Date.now() };
        else if (Date.now() - seen.at > SILENT_MS)
          throw new WaitAborted(`${d.engine}: ${what} hung: no trace event for ${SILENT_MS / 1000} s`);
        return false;
      },
      `${d.engine}: ${what} did not end`,
      timeoutMs,
      250,
    );
  } catch (e) {
    const tail = await terminalTail(d);
    const procs = await processesSoFar(d);
    const s = await appState(d).catch(() => null);
    await d.evaluate(() => (globalThis as unknown as Hooks).__mpplay.stop()).catch(() => {});
    throw new Error(
      `${(e as Error).message} (state ${JSON.stringify(s)}; stopped by the test). Processes, by their last ` +
        `event: ${procs}. The terminal's end:\n${tail}`,
      { cause: e },
    );
  }
  if (state.status !== 'exited' && state.status !== 'stopped') return { state, text: await terminalText(d) };
  // xterm parses writes asynchronously: the closing line (`── exit code … ──`, `── stopped … ──`) comes last.
  const text = await waitFor(
    async () => {
      const t = await terminalText(d);
      return /──[^\n]*──$/.test(t) ? t : false;
    },
    `${d.engine}: ${what} ended (${state.status}) but the terminal shows no closing line`,
    10_000,
  ).catch(async () => terminalText(d));
  return { state, text };
}

/** Resolves once a frame has been drawn: the page's main thread is free. */
export const nextFrame = (d: Driver): Promise<boolean> =>
  d.evaluate(() => new Promise<boolean>((resolve) => requestAnimationFrame(() => resolve(true))));
