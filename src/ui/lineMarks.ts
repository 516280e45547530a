// Python Tutor's habit in the editor: each line where a process waits (sleep, join, get…) is marked at the moment shown.
import type { editor as MonacoEditor } from 'monaco-editor/editor';
import { lineMarks, type LineMark } from '../trace/processStates';
import { traceLog } from './runController';
import { appStore } from './store/store';
import './lineMarks.css';

/** Processes named on a line before "+N" takes over. */
const MAX_NAMED = 3;
/** Milliseconds between two updates while a run changes the marks. */
const UPDATE_MS = 150;

/** The text after a marked line: `◀ MainProcess: sleep(3)`, `◀ Process-1, Process-2: Queue#1.get() +3`. */
export function lineMarkText(m: LineMark): string {
  const named = m.procs.slice(0, MAX_NAMED);
  const whats = [...new Set(named.map((p) => p.what))];
  const more = m.procs.length - named.length;
  return `◀ ${named.map((p) => p.name).join(', ')}: ${whats.join(' / ')}${more > 0 ? ` +${more}` : ''}`;
}

/** The hover of a marked line: every process waiting there, one per line. */
export function lineMarkHover(m: LineMark): string {
  return m.procs.map((p) => `\`${p.pid} ${p.name}\` ${p.state}: \`${p.what}\``).join('  \n');
}

/** The marks of the moment shown: the replay's, or now; none when the editor no longer holds the code that ran. */
export function currentLineMarks(codeThatRan: string | null): LineMark[] {
  const s = appStore.getState();
  if (codeThatRan === null || s.code !== codeThatRan) return [];
  return lineMarks(traceLog.rows(s.replay?.at ?? null));
}

/**
 * Keeps the editor's marks in step with the moment every pane shows (live: now; in a replay: the scrubbed
 * moment). Returns the function that stops it. `editor` is Monaco's code editor of the program.
 */
export function attachLineMarks(editor: MonacoEditor.ICodeEditor): () => void {
  const marks = editor.createDecorationsCollection();
  const now = appStore.getState();
  let codeThatRan: string | null = now.startedAt !== null ? now.code : null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const show = (reveal = false) => {
    timer = null;
    const list = currentLineMarks(codeThatRan);
    marks.set(
      list.map((m) => ({
        range: { startLineNumber: m.line, startColumn: 1, endLineNumber: m.line, endColumn: 1 },
        options: {
          isWholeLine: true,
          className: 'mp-waits-line',
          linesDecorationsClassName: 'mp-waits-gutter',
          hoverMessage: { value: lineMarkHover(m) },
          after: { content: `  ${lineMarkText(m)}`, inlineClassName: 'mp-waits-note' },
        },
      })),
    );
    // A scrub to a moment brings a waiting line into view when none is (never while the run goes or plays).
    const visible = editor.getVisibleRanges();
    const seen = list.some((m) => visible.some((r) => r.startLineNumber <= m.line && m.line <= r.endLineNumber));
    if (reveal && list[0] && !seen) editor.revealLineInCenterIfOutsideViewport(list[0].line);
  };
  const later = () => {
    timer ??= setTimeout(show, UPDATE_MS);
  };
  const unsubscribe = appStore.subscribe((s, prev) => {
    if (s.startedAt !== prev.startedAt) codeThatRan = s.code; // a new run: its marks point into this text
    const scrubbed = s.replay !== prev.replay && !(s.replay?.playing && prev.replay?.playing);
    if (scrubbed || s.code !== prev.code || s.startedAt !== prev.startedAt) show(scrubbed && !!s.replay);
    else if (s.traceVersion !== prev.traceVersion || s.replay !== prev.replay) later();
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
    marks.clear();
  };
}
