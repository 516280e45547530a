// Words for what the chart shows, in the page's language: bar and marker texts, the tooltip of a hit, the keyboard
// announcement, the table view's rows.
import type { Hit } from './hitTest';
import type { Layout, Marker, Row, Span } from './model';
import { formatDuration, formatTime, type Time } from './time';
import { CHART_WORDS, type ChartWords } from './words';

export interface Described {
  title: string;
  lines: string[];
}

/** `1001 Process-1`, `Queue#1`. */
export function rowName(row: Row): string {
  return row.pid !== null ? `${row.pid} ${row.name}` : row.name;
}

function rowByKey(layout: Layout, key: string): Row | undefined {
  return layout.rows.find((r) => r.key === key);
}

function range(start: number, end: number, open: boolean, w: ChartWords): string {
  return `${formatTime(start as Time)} → ${open ? w.now : formatTime(end as Time)} (${formatDuration(end - start)})`;
}

const SIGNAL_LABEL = /^(SIG\w+) from (\d+)$/;

/**
 * What a state bar says: the program's call it waits in (`sleep(1)`, `join(Process-3)`, `Queue#1.get()`: code, the
 * same in every language), or the state in words where there is no call (zombie, a signal, an exit that waits).
 */
export function spanText(s: Span, w: ChartWords): string {
  if (s.state === 'zombie') return w.zombieBar;
  if (s.state === 'terminating') {
    const m = SIGNAL_LABEL.exec(s.label);
    return m ? w.signalFrom(m[1] as string, Number(m[2])) : s.label;
  }
  if (s.state === 'blocked' && s.op === 'exit') return w.exitWaitsBar;
  return s.label;
}

/** What a marker says (its tooltip's first line; the text drawn beside an adoption or lost items). */
export function markerText(m: Marker, w: ChartWords, layout?: Layout): string {
  switch (m.kind) {
    case 'output':
      return m.text;
    case 'exit':
      return m.code !== undefined && m.reason ? w.exit(m.code, m.reason) : m.text;
    case 'signal':
      return m.from !== undefined ? w.signalFrom(m.signal === 9 ? 'SIGKILL' : 'SIGTERM', m.from) : m.text;
    case 'reparented':
      return m.from !== undefined && m.to !== undefined ? w.orphaned(m.from, m.to) : m.text;
    case 'adopted': {
      const orphan = layout?.rows.find((r) => r.pid === m.from);
      return w.adopts(orphan ? rowName(orphan) : String(m.from ?? '?'));
    }
    case 'untaken':
      return m.count !== undefined ? w.untaken(m.count, m.detail ?? '') : m.text;
    case 'deadlock':
      return m.detail !== undefined ? w.deadlockWaits(m.detail) : m.text;
    case 'start':
      return w.markerTitle.start;
  }
}

/** The tooltip (and screen-reader text) for a hit, in the words given (English by default). */
export function describeHit(hit: Hit, layout: Layout, w: ChartWords = CHART_WORDS.en): Described {
  switch (hit.kind) {
    case 'span': {
      const s = hit.span;
      const lines = [rowName(hit.row), range(s.start, s.end, s.open, w)];
      if (s.obj && s.op !== 'exit') lines.push(w.waitsOn(s.obj, s.op));
      const name = w.states[s.state][0];
      const text = spanText(s, w);
      // `zombie: exited, not yet joined` says its state itself; `sleeping: sleep(1)` needs it said.
      const title =
        s.state === 'running' || s.state === 'starting' ? name : text.startsWith(name) ? text : `${name}: ${text}`;
      return { title, lines };
    }
    case 'task': {
      const t = hit.task;
      return {
        title: `${w.marks.task} ${t.fn}(${t.summary.replace(/^\[|\]$/g, '')})`,
        lines: [
          w.taskWhere(rowName(hit.row), t.obj, t.job, t.chunk),
          range(t.start, t.end, t.open, w),
          t.ok === null ? w.taskRunning : t.ok ? w.taskReturned : w.taskRaised,
        ],
      };
    }
    case 'marker': {
      const m = hit.marker;
      const lines = [rowName(hit.row), formatTime(m.at)];
      if (m.kind === 'output') {
        lines.unshift(m.text);
        return { title: m.stream === 'stderr' ? w.markerTitle.stderr : w.markerTitle.output, lines };
      }
      const title = w.markerTitle[m.kind];
      const text = markerText(m, w, layout);
      return { title, lines: text === title ? lines : [text, ...lines] };
    }
    case 'flow': {
      const f = hit.flow;
      const from = rowByKey(layout, f.from.row);
      const to = f.to ? rowByKey(layout, f.to.row) : undefined;
      const who = (r: Row | undefined) => (r ? rowName(r) : '?');
      if (f.kind === 'release')
        return { title: w.releases(f.obj), lines: [`${who(from)} → ${who(to)}`, formatTime(f.from.at)] };
      const lines = [w.putBy(who(from), formatTime(f.from.at))];
      if (f.to) lines.push(w.takenBy(who(to), formatTime(f.to.at), formatDuration(f.to.at - f.from.at)));
      else lines.push(f.lost ? w.lostLine : w.stillQueued);
      return { title: w.item(f.obj, f.summary), lines };
    }
    case 'depth':
      return { title: w.waiting(hit.row.name, hit.depth), lines: [formatTime(hit.at), w.atMost(hit.row.maxDepth)] };
    case 'row':
      return describeRow(hit.row, layout, w);
  }
}

function describeRow(r: Row, layout: Layout, w: ChartWords): Described {
  if (r.kind === 'group') {
    const members = layout.rows.filter((m) => m.group === r.key).length;
    const owner = layout.rows.find((o) => o.key === r.parent);
    return { title: w.groupTitle(members, owner ? rowName(owner) : '?'), lines: [w.groupHint] };
  }
  const lines: string[] = [];
  if (r.kind === 'process') {
    if (r.daemon) lines.push(w.daemon);
    if (r.synthetic) lines.push(w.initAdopts);
    if (r.adopted) lines.push(w.orphanedAt(formatTime(r.adopted.at), r.adopted.from, r.adopted.by));
    if (r.exitCode !== null) {
      const reason = r.exitReason && r.exitReason !== 'returned' ? w.reasons[r.exitReason] : null;
      lines.push(w.exitCode(r.exitCode, reason));
    }
    if (!r.synthetic) lines.push(w.clickRow);
  }
  return { title: rowName(r), lines };
}

/** One line for a screen reader: the title and the lines, joined. */
export function sayHit(hit: Hit, layout: Layout, w: ChartWords = CHART_WORDS.en): string {
  const d = describeHit(hit, layout, w);
  return [d.title, ...d.lines].join('. ');
}
