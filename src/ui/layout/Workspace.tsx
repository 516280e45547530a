// The workspace grid: editor, chart and terminal in the main column, lesson and processes beside, with separators between.
import { useCallback, useRef, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useT } from '../i18n/useT';
import { appStore } from '../store/store';
import { PhoneRunBar } from './PhoneRunBar';
import { Splitter } from './Splitter';

/** Width of a separator's grab area, CSS px (the line drawn in it is 1 px). */
const SEP_PX = 7;

export interface WorkspaceProps {
  code: ReactNode;
  chart: ReactNode;
  terminal: ReactNode;
  side: ReactNode;
}

/**
 * Lays the panes out at the remembered sizes. Only this component re-renders while a separator moves: the panes
 * come in as elements made once by the page, so React leaves them alone.
 */
export function Workspace({ code, chart, terminal, side }: WorkspaceProps) {
  const t = useT();
  const layout = useStore(appStore, (s) => s.layout);
  const ref = useRef<HTMLElement | null>(null);
  const measure = useCallback(() => {
    const el = ref.current;
    return { height: Math.max((el?.clientHeight ?? 0) - 2 * SEP_PX, 1), width: el?.clientWidth ?? 1 };
  }, []);
  const style = {
    '--code-fr': `${layout.code * 1000}fr`,
    '--chart-fr': `${Math.max(0, 1 - layout.code - layout.term) * 1000}fr`,
    '--term-fr': `${layout.term * 1000}fr`,
    '--side-w': `${layout.side}px`,
  } as React.CSSProperties;
  return (
    <main className="workspace" ref={ref} style={style} data-testid="workspace">
      <div className="pane pane-code" id="pane-code">
        {code}
      </div>
      <PhoneRunBar />
      <Splitter which="code" label={t.splitCode} controls="pane-code" measure={measure} />
      <div className="pane pane-chart" id="pane-chart">
        {chart}
      </div>
      <Splitter which="term" label={t.splitTerm} controls="pane-terminal" measure={measure} />
      <div className="pane pane-terminal" id="pane-terminal">
        {terminal}
      </div>
      <Splitter which="side" label={t.splitSide} controls="pane-side" measure={measure} />
      <div className="pane pane-side" id="pane-side">
        {side}
      </div>
    </main>
  );
}
