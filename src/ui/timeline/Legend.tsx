// The legend under the chart: each state's colour and pattern (the same drawing as the chart), and the other marks.
import { useMemo } from 'react';
import { paintSpan } from '../../trace/draw';
import { arrow } from '../../trace/drawFlows';
import { ROW } from '../../trace/geometry';
import { SvgPainter } from '../../trace/svg';
import { MARK_LEGEND, STATE_LEGEND, processColour, type ChartTheme } from '../../trace/theme';
import { time } from '../../trace/time';
import type { MarkKind } from '../../trace/words';
import { useTimelineStrings } from './strings';

const W = 28;
const H = 18;

function swatch(theme: ChartTheme, id: string, draw: (p: SvgPainter) => void): string {
  const p = new SvgPainter(theme, `tl-legend-${theme.name}-${id}-`);
  draw(p);
  return p
    .document(W, H, '')
    .replace(/<title>.*?<\/title>/, '')
    .replace('role="img"', 'aria-hidden="true"');
}

function markSwatch(theme: ChartTheme, mark: MarkKind): string {
  return swatch(theme, mark, (p) => {
    const y = H / 2;
    if (mark === 'task') p.rect(1, y - ROW.taskHeight / 2, W - 2, ROW.taskHeight, theme.task.fill);
    else if (mark === 'flow') arrow(p, 3, y + 5, W - 3, y - 5, processColour(theme, 1));
    else if (mark === 'lost') {
      p.line(W / 2 - 5, y - 5, W / 2 + 5, y + 5, theme.lost, 2);
      p.line(W / 2 - 5, y + 5, W / 2 + 5, y - 5, theme.lost, 2);
    } else if (mark === 'exit') {
      p.circle(8, y, 4.5, theme.exitOk, theme.background);
      p.circle(20, y, 4.5, theme.exitBad, theme.background);
    } else if (mark === 'output') for (const x of [8, 14, 20]) p.line(x, y - 5, x, y + 5, theme.output, 1.5);
    else
      p.polygon([2, y + 7, 2, y + 2, 12, y + 2, 12, y - 6, 24, y - 6, 24, y + 7], theme.queue.fill, theme.queue.line);
  });
}

export function Legend({ theme }: { theme: ChartTheme }) {
  const t = useTimelineStrings();
  const items = useMemo(() => {
    const states = STATE_LEGEND.map((state) => ({
      key: state,
      label: t.chart.states[state][0],
      meaning: t.chart.states[state][1],
      svg: swatch(theme, state, (p) =>
        paintSpan(
          p,
          { start: time(0), end: time(1), state, label: '', obj: null, op: null, open: false },
          1,
          1,
          W - 2,
          theme,
          false,
        ),
      ),
    }));
    const marks = MARK_LEGEND.map((m) => ({
      key: m,
      label: t.chart.marks[m],
      meaning: '',
      svg: markSwatch(theme, m),
    }));
    return [...states, ...marks];
  }, [theme, t]);
  return (
    // One line that scrolls sideways when narrow: focusable, so the keyboard can scroll it too.
    <ul className="tl-legend" aria-label={t.legend} data-testid="timeline-legend" tabIndex={0}>
      {items.map((it) => (
        <li key={it.key} title={it.meaning || it.label}>
          <span className="tl-swatch" dangerouslySetInnerHTML={{ __html: it.svg }} />
          {it.label}
        </li>
      ))}
    </ul>
  );
}
