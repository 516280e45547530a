// The numbers above the chart (each defined once, see trace/numbers.ts), what each means, and each process's running time.
import type { ChartLang } from '../../trace/numbers';
import type { Summary as RunSummary } from '../../trace/summary';
import { summaryItems, summaryMeanings } from '../../trace/summaryText';
import { processColour, type ChartTheme } from '../../trace/theme';
import { formatDuration } from '../../trace/time';
import { useTimelineStrings } from './strings';

const MAX_CHIPS = 200;

export function Summary({ summary, theme, lang }: { summary: RunSummary; theme: ChartTheme; lang: ChartLang }) {
  const t = useTimelineStrings();
  const s = summary;
  const busiest = Math.max(1, ...s.processes.map((p) => p.runningMs));
  return (
    <div className="tl-summary" data-testid="timeline-summary" aria-live="off">
      {summaryItems(s, lang).map((it) => (
        <span className="tl-num" key={it.key} title={it.means} data-testid={`summary-${it.id}`} data-value={it.value}>
          {it.id === 'poolTime' ? `${it.label}:` : it.label} <b translate="no">{it.value}</b>
          {it.warn && (
            <b className="tl-lost" data-testid="summary-lost">
              {' '}
              · {it.warn}
            </b>
          )}
        </span>
      ))}
      <details className="tl-per">
        <summary>{t.numbersKey}</summary>
        <ul data-testid="summary-meanings">
          {summaryMeanings(s, lang).map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </details>
      <details className="tl-per">
        <summary title={t.perProcessTitle}>{t.perProcess}</summary>
        <ul data-testid="summary-per-process">
          {s.processes.slice(0, MAX_CHIPS).map((p) => (
            <li key={p.key}>
              <i
                style={{ background: processColour(theme, p.colour), width: `${4 + (40 * p.runningMs) / busiest}px` }}
              />
              <span translate="no">
                {p.pid} {p.name} {formatDuration(p.runningMs)}
              </span>
            </li>
          ))}
          {s.processes.length > MAX_CHIPS && <li>{t.more(s.processes.length - MAX_CHIPS)}</li>}
        </ul>
      </details>
    </div>
  );
}
