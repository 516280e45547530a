// The chart as a table: every span, task, marker and arrow in time order, for screen readers and exact numbers.
import { useMemo } from 'react';
import { describeHit, rowName } from '../../trace/describe';
import { rowItems, type Hit } from '../../trace/hitTest';
import type { Layout } from '../../trace/model';
import { formatTime, type Time } from '../../trace/time';
import type { ChartWords } from '../../trace/words';
import { useTimelineStrings } from './strings';

const MAX_ROWS = 1500;

interface Line {
  at: number;
  who: string;
  what: string;
  detail: string;
}

function linesOf(layout: Layout, onlyPid: number | null, w: ChartWords): Line[] {
  const out: Line[] = [];
  const seenFlows = new Set<object>();
  for (const row of layout.rows) {
    if (onlyPid !== null && row.pid !== onlyPid) continue;
    for (const hit of rowItems(layout, row)) {
      if (hit.kind === 'flow') {
        if (seenFlows.has(hit.flow)) continue;
        seenFlows.add(hit.flow);
      }
      const d = describeHit(hit, layout, w);
      out.push({ at: startOf(hit), who: rowName(row), what: d.title, detail: d.lines.join(' · ') });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function startOf(hit: Hit): number {
  switch (hit.kind) {
    case 'span':
      return hit.span.start;
    case 'task':
      return hit.task.start;
    case 'marker':
      return hit.marker.at;
    case 'flow':
      return hit.flow.from.at;
    case 'depth':
      return hit.at;
    case 'row':
      return hit.at ?? 0;
  }
}

export function EventTable({ layout, onlyPid }: { layout: Layout; onlyPid: number | null }) {
  const t = useTimelineStrings();
  // The layout object is live (it changes in place): its version and end say when the lines must be made again.
  const { version, end } = layout;
  const lines = useMemo(() => linesOf(layout, onlyPid, t.chart), [layout, version, end, onlyPid, t]);
  const shown = lines.slice(0, MAX_ROWS);
  return (
    <div className="tl-table-box">
      <table className="tl-table" data-testid="timeline-table">
        <caption>{t.tableCaption(lines.length, shown.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colTime}</th>
            <th scope="col">{t.colWho}</th>
            <th scope="col">{t.colWhat}</th>
            <th scope="col">{t.colDetail}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((l, i) => (
            <tr key={i}>
              <td>{formatTime(l.at as Time)}</td>
              <td>{l.who}</td>
              <td>{l.what}</td>
              <td>{l.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
