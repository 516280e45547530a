// From a clicked terminal line to its moment on the chart: `[pid name] text` → the output event that ended the line.
import type { Terminal as XTerm } from '@xterm/xterm';
import type { TraceEvent } from '../../protocol/trace';

const PREFIX = /^\[(\d+) [^\]]*\] ?/;

/**
 * The moment a printed line was complete: the `occurrence`-th (0-based) line `text` that process `pid` printed,
 * rebuilt from its output events (a line may come in several prints), or null if there is none.
 */
export function lineMoment(
  events: readonly TraceEvent[],
  pid: number,
  text: string,
  occurrence: number,
): { at: number; pid: number } | null {
  const partial = new Map<string, string>();
  let seen = 0;
  for (const ev of events) {
    if (ev.kind !== 'output' || ev.pid !== pid) continue;
    const parts = ((partial.get(ev.stream) ?? '') + ev.text).split('\n');
    partial.set(ev.stream, parts.pop() ?? '');
    for (const line of parts) {
      if (line.trimEnd() !== text) continue;
      if (seen++ === occurrence) return { at: ev.at, pid };
    }
  }
  // A last line without its newline (the run ended mid-line).
  for (const rest of partial.values())
    if (rest.trimEnd() === text && seen === occurrence) return { at: events.at(-1)?.at ?? 0, pid };
  return null;
}

/** Splits `[1001 Process-1] text` into the pid and the text; null for the page's own lines. */
export function parseLine(line: string): { pid: number; text: string } | null {
  const m = PREFIX.exec(line);
  return m ? { pid: Number(m[1]), text: line.slice(m[0].length).trimEnd() } : null;
}

/** The whole printed line around buffer row `row` (xterm wraps long lines over several rows), and its first row. */
function fullLine(term: XTerm, row: number): { text: string; first: number } {
  const b = term.buffer.active;
  let first = row;
  while (first > 0 && b.getLine(first)?.isWrapped) first--;
  let text = b.getLine(first)?.translateToString(true) ?? '';
  for (let r = first + 1; r < b.length && b.getLine(r)?.isWrapped; r++)
    text += b.getLine(r)?.translateToString(true) ?? '';
  return { text, first };
}

/**
 * Clicking a process's line in the terminal (a click, not a selection drag) calls `onLine` with the moment
 * that line was printed. Returns the function that stops listening.
 */
export function attachTerminalClicks(
  term: XTerm,
  el: HTMLElement,
  events: () => readonly TraceEvent[],
  onLine: (at: number, pid: number) => void,
): () => void {
  let downAt: { x: number; y: number } | null = null;
  const onDown = (e: MouseEvent) => {
    downAt = { x: e.clientX, y: e.clientY };
  };
  const onUp = (e: MouseEvent) => {
    const d = downAt;
    downAt = null;
    if (!d || Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 3 || e.button !== 0) return;
    const screen = el.querySelector('.xterm-screen');
    if (!screen || term.rows <= 0) return;
    const r = screen.getBoundingClientRect();
    const row = term.buffer.active.viewportY + Math.floor(((e.clientY - r.top) / r.height) * term.rows);
    const { text, first } = fullLine(term, row);
    const parsed = parseLine(text);
    if (!parsed) return;
    // Which of this process's identical lines it is: count the same line above it.
    let occurrence = 0;
    for (let i = 0; i < first; i++) {
      const above = term.buffer.active.getLine(i);
      if (above?.isWrapped) continue;
      const other = parseLine(fullLine(term, i).text);
      if (other && other.pid === parsed.pid && other.text === parsed.text) occurrence++;
    }
    const hit = lineMoment(events(), parsed.pid, parsed.text, occurrence);
    if (hit) onLine(hit.at, hit.pid);
  };
  el.addEventListener('mousedown', onDown);
  el.addEventListener('mouseup', onUp);
  return () => {
    el.removeEventListener('mousedown', onDown);
    el.removeEventListener('mouseup', onUp);
  };
}
