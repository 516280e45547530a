// The label column's edge: drag it (or focus it and press ←/→) to widen the labels; double-click fits them again.
import type { TimelineController } from './controller';

const STEP = 16;

/** Wires the edge handle; returns the function that unwires it. `label`: its accessible name (page language). */
export function attachGutterHandle(handle: HTMLElement, c: TimelineController): () => void {
  let drag: { x: number; gutter: number } | null = null;
  const place = () => {
    handle.style.left = `${c.gutter - 3}px`;
    handle.setAttribute('aria-valuenow', String(c.gutter));
  };
  const onDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation(); // not a pan of the chart under it
    drag = { x: e.clientX, gutter: c.gutter };
    handle.setPointerCapture(e.pointerId);
    handle.classList.add('dragging');
  };
  const onMove = (e: PointerEvent) => {
    if (!drag) return;
    e.stopPropagation();
    c.userGutter = drag.gutter + e.clientX - drag.x;
    place();
  };
  const onUp = (e: PointerEvent) => {
    if (!drag) return;
    drag = null;
    handle.classList.remove('dragging');
    if (handle.hasPointerCapture(e.pointerId)) handle.releasePointerCapture(e.pointerId);
  };
  const onDbl = (e: MouseEvent) => {
    e.stopPropagation(); // not the chart's "fit"
    c.userGutter = null;
    place();
  };
  const onKey = (e: KeyboardEvent) => {
    const dx = e.key === 'ArrowLeft' ? -STEP : e.key === 'ArrowRight' ? STEP : 0;
    if (e.key === 'Home' || e.key === 'Escape') c.userGutter = null;
    else if (dx) c.userGutter = c.gutter + dx;
    else return;
    e.preventDefault();
    e.stopPropagation();
    place();
  };
  const offChange = c.onChange(place);
  place();
  handle.addEventListener('pointerdown', onDown);
  handle.addEventListener('pointermove', onMove);
  handle.addEventListener('pointerup', onUp);
  handle.addEventListener('pointercancel', onUp);
  handle.addEventListener('dblclick', onDbl);
  handle.addEventListener('keydown', onKey);
  return () => {
    offChange();
    handle.removeEventListener('pointerdown', onDown);
    handle.removeEventListener('pointermove', onMove);
    handle.removeEventListener('pointerup', onUp);
    handle.removeEventListener('pointercancel', onUp);
    handle.removeEventListener('dblclick', onDbl);
    handle.removeEventListener('keydown', onKey);
  };
}
