// A separator between two panes (WAI-ARIA window splitter): drag it, or focus it and use the arrow keys, Home, End, Enter.
import { useRef } from 'react';
import { useStore } from 'zustand';
import { appStore } from '../store/store';
import { clampLayout, DEFAULT_LAYOUT, moveBoundary, type Boundary, type PaneLayout } from './paneLayout';

/** Px a key press moves a separator (Shift: four times as far). */
const KEY_STEP = 20;

export interface SplitterProps {
  which: Boundary;
  /** What the separator resizes, for screen readers ("Resize the editor and the chart"). */
  label: string;
  /** The id of the pane the separator sizes (the one before it; the side column for `side`). */
  controls: string;
  /** The main column's height and the workspace's width now, CSS px. */
  measure: () => { height: number; width: number };
}

/** The separator's position as a percentage (aria-valuenow): the share of the pane it sizes. */
function percent(l: PaneLayout, which: Boundary, width: number): number {
  if (which === 'code') return Math.round(l.code * 100);
  if (which === 'term') return Math.round(l.term * 100);
  return Math.round((l.side / Math.max(width, 1)) * 100);
}

export function Splitter({ which, label, controls, measure }: SplitterProps) {
  const layout = useStore(appStore, (s) => s.layout);
  const drag = useRef<{ start: number; from: PaneLayout; id: number } | null>(null);
  /** Where the pane was before Enter made it as small as it goes. */
  const restore = useRef<PaneLayout | null>(null);
  const vertical = which === 'side';
  const set = (l: PaneLayout, save: boolean) => appStore.getState().setLayout(l, save);
  const move = (from: PaneLayout, delta: number, save: boolean) => {
    const { height, width } = measure();
    set(moveBoundary(from, which, delta, height, width), save);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const { height, width } = measure();
    const step = e.shiftKey ? KEY_STEP * 4 : KEY_STEP;
    const back = vertical ? 'ArrowLeft' : 'ArrowUp';
    const forth = vertical ? 'ArrowRight' : 'ArrowDown';
    const far = 100_000;
    let delta: number | null = null;
    if (e.key === back) delta = -step;
    else if (e.key === forth) delta = step;
    // Home and End: the pane this separator sizes as small or as large as it goes.
    else if (e.key === 'Home') delta = which === 'code' ? -far : far;
    else if (e.key === 'End') delta = which === 'code' ? far : -far;
    else if (e.key === 'Enter') {
      if (restore.current) {
        set(clampLayout(restore.current, height, width), true);
        restore.current = null;
      } else {
        restore.current = layout;
        move(layout, which === 'code' ? -far : far, true);
      }
      e.preventDefault();
      return;
    }
    if (delta === null) return;
    e.preventDefault();
    restore.current = null;
    move(layout, delta, true);
  };

  const { width } = typeof document === 'undefined' ? { width: 1 } : measure();
  return (
    <div
      className={`splitter ${vertical ? 'vertical' : 'horizontal'} split-${which}`}
      role="separator"
      tabIndex={0}
      aria-orientation={vertical ? 'vertical' : 'horizontal'}
      aria-label={label}
      title={label}
      aria-controls={controls}
      aria-valuenow={percent(layout, which, width)}
      aria-valuemin={0}
      aria-valuemax={100}
      data-testid={`splitter-${which}`}
      onKeyDown={onKeyDown}
      onDoubleClick={() => {
        const { height, width: w } = measure();
        const d = DEFAULT_LAYOUT;
        set(clampLayout({ ...layout, [which]: d[which] }, height, w), true);
      }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { start: vertical ? e.clientX : e.clientY, from: layout, id: e.pointerId };
      }}
      onPointerMove={(e) => {
        const d = drag.current;
        if (!d || d.id !== e.pointerId) return;
        move(d.from, (vertical ? e.clientX : e.clientY) - d.start, false);
      }}
      onPointerUp={(e) => {
        const d = drag.current;
        if (!d || d.id !== e.pointerId) return;
        drag.current = null;
        move(d.from, (vertical ? e.clientX : e.clientY) - d.start, true);
      }}
      onPointerCancel={() => (drag.current = null)}
    />
  );
}
