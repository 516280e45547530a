// The numbers above the chart: wall time, Σ busy, parallelism, each process's busy time, a pool's speed-up, lost items.
import type { Summary as RunSummary } from '../../trace/summary';
import { processColour, type ChartTheme } from '../../trace/theme';
import { formatDuration } from '../../trace/time';
import { useTimelineStrings } from './strings';

const MAX_CHIPS = 200;

export function Summary({ summary, theme }: { summary: RunSummary; theme: ChartTheme }) {
  const t = useTimelineStrings();
  const s = summary;
  const busiest = Math.max(1, ...s.processes.map((p) => p.busyMs));
  return (
    <div className="tl-summary" data-testid="timeline-summary" aria-live="off">
      <span className="tl-num" title={t.wallTitle}>
        {t.wall}{' '}
        <b data-testid="summary-wall" translate="no">
          {formatDuration(s.wallMs)}
        </b>
      </span>
      <span className="tl-num" title={t.busyTitle}>
        {t.busy} <b translate="no">{formatDuration(s.busyMs)}</b>
      </span>
      <span className="tl-num" title={t.parallelismTitle}>
        {t.parallelism} <b data-testid="summary-parallelism">{s.parallelism.toFixed(2)}×</b>
      </span>
      {s.pools
        .filter((p) => p.tasks > 0)
        .map((p) => (
          <span className="tl-num" key={p.key} data-testid="summary-speedup">
            {p.name}: <b>{t.speedup(p.tasks, `${p.speedup.toFixed(2)}×`)}</b>
          </span>
        ))}
      {s.items.put > 0 && (
        <span className="tl-num">
          {t.items(s.items.taken, s.items.put)}
          {s.items.lost > 0 && (
            <b className="tl-lost" data-testid="summary-lost">
              {' '}
              · {t.lost(s.items.lost)}
            </b>
          )}
        </span>
      )}
      <details className="tl-per">
        <summary title={t.busyTitle}>{t.perProcess}</summary>
        <ul data-testid="summary-per-process">
          {s.processes.slice(0, MAX_CHIPS).map((p) => (
            <li key={p.key}>
              <i style={{ background: processColour(theme, p.colour), width: `${4 + (40 * p.busyMs) / busiest}px` }} />
              <span translate="no">
                {p.pid} {p.name} {formatDuration(p.busyMs)}
              </span>
            </li>
          ))}
          {s.processes.length > MAX_CHIPS && <li>{t.more(s.processes.length - MAX_CHIPS)}</li>}
        </ul>
      </details>
    </div>
  );
}
