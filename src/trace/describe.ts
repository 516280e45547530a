// Words for what the chart shows: the tooltip of a hit, the keyboard announcement, the table view's rows.
import type { Hit } from './hitTest';
import type { Layout, Marker, ProcState, Row } from './model';
import { STATE_LEGEND } from './theme';
import { formatDuration, formatTime } from './time';

export interface Described {
  title: string;
  lines: string[];
}

const STATE_NAME = Object.fromEntries(STATE_LEGEND.map((e) => [e.state, e.label])) as Record<ProcState, string>;

/** `1001 Process-1`, `Queue#1`. */
export function rowName(row: Row): string {
  return row.pid !== null ? `${row.pid} ${row.name}` : row.name;
}

function rowByKey(layout: Layout, key: string): Row | undefined {
  return layout.rows.find((r) => r.key === key);
}

function range(start: number, end: number, open: boolean): string {
  return `${formatTime(start as never)} → ${open ? 'now' : formatTime(end as never)} (${formatDuration(end - start)})`;
}

const MARKER_TITLE: Record<Marker['kind'], string> = {
  start: 'started',
  exit: 'exit',
  output: 'printed',
  signal: 'signal',
  reparented: 'orphaned',
  adopted: 'adopted an orphan',
  untaken: 'never taken',
  deadlock: 'deadlock',
};

/** The tooltip (and screen-reader text) for a hit. */
export function describeHit(hit: Hit, layout: Layout): Described {
  switch (hit.kind) {
    case 'span': {
      const s = hit.span;
      const lines = [rowName(hit.row), range(s.start, s.end, s.open)];
      if (s.obj) lines.push(`waits on ${s.obj}${s.op ? ` (${s.op})` : ''}`);
      const title =
        s.state === 'running' || s.state === 'starting' ? STATE_NAME[s.state] : `${STATE_NAME[s.state]}: ${s.label}`;
      return { title, lines };
    }
    case 'task': {
      const t = hit.task;
      return {
        title: `task ${t.fn}(${t.summary.replace(/^\[|\]$/g, '')})`,
        lines: [
          `${rowName(hit.row)} · ${t.obj} job ${t.job}${t.chunk ? ` chunk ${t.chunk}` : ''}`,
          range(t.start, t.end, t.open),
          t.ok === null ? 'running' : t.ok ? 'returned' : 'raised an exception',
        ],
      };
    }
    case 'marker': {
      const m = hit.marker;
      const lines = [rowName(hit.row), formatTime(m.at)];
      if (m.kind === 'output') lines.unshift(m.text);
      const title = m.kind === 'output' ? `printed${m.stream === 'stderr' ? ' (stderr)' : ''}` : MARKER_TITLE[m.kind];
      return { title, lines: m.kind === 'output' || m.text === title ? lines : [m.text, ...lines] };
    }
    case 'flow': {
      const f = hit.flow;
      const from = rowByKey(layout, f.from.row);
      const to = f.to ? rowByKey(layout, f.to.row) : undefined;
      const who = (r: Row | undefined) => (r ? rowName(r) : '?');
      if (f.kind === 'release') {
        return {
          title: `${f.obj}: taskDone() releases join()`,
          lines: [`${who(from)} → ${who(to)}`, formatTime(f.from.at)],
        };
      }
      const lines = [`put by ${who(from)} at ${formatTime(f.from.at)}`];
      if (f.to)
        lines.push(`taken by ${who(to)} at ${formatTime(f.to.at)} (waited ${formatDuration(f.to.at - f.from.at)})`);
      else lines.push(f.lost ? 'never taken: still in the queue when the run ended' : 'still in the queue');
      return { title: `${f.obj} item ${f.summary}`, lines };
    }
    case 'depth':
      return {
        title: `${hit.row.name}: ${hit.depth} item${hit.depth === 1 ? '' : 's'} waiting`,
        lines: [formatTime(hit.at), `at most ${hit.row.maxDepth}`],
      };
    case 'row': {
      const r = hit.row;
      const lines: string[] = [];
      if (r.kind === 'group') {
        const members = layout.rows.filter((m) => m.group === r.key).length;
        const owner = layout.rows.find((o) => o.key === r.parent);
        return {
          title: `${members} processes${owner ? ` of ${rowName(owner)}` : ''}`,
          lines: ['click, Enter or C: show or hide them one by one'],
        };
      }
      if (r.kind === 'process') {
        if (r.daemon) lines.push('daemon');
        if (r.synthetic) lines.push('init: adopts orphans');
        if (r.adopted)
          lines.push(
            `orphaned at ${formatTime(r.adopted.at)}: its parent ${r.adopted.from} ended; adopted by ${r.adopted.by}`,
          );
        if (r.exitCode !== null)
          lines.push(
            `exit code ${r.exitCode}${r.exitReason && r.exitReason !== 'returned' ? ` (${r.exitReason})` : ''}`,
          );
        lines.push('click: show only its lines in the terminal');
      }
      return { title: rowName(r), lines };
    }
  }
}

/** One line for a screen reader: the title and the lines, joined. */
export function sayHit(hit: Hit, layout: Layout): string {
  const d = describeHit(hit, layout);
  return [d.title, ...d.lines].join('. ');
}
