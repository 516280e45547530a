// The chart's vertical scrollbar (the rows scroll inside a canvas, so it draws its own): drag the thumb, click the track.
import type { TimelineController } from './controller';

/** Wires the track and its thumb to the controller's row scroll; returns the function that unwires it. */
export function attachScrollbar(track: HTMLElement, thumb: HTMLElement, c: TimelineController): () => void {
  let drag: { y: number; scroll: number } | null = null;
  /** Track px per scroll px, and the thumb's height. */
  const measure = () => {
    const trackH = track.clientHeight;
    const total = c.rowGeometry.total;
    const view = c.rowsHeight;
    const thumbH = total > 0 ? Math.max(24, Math.min(trackH, (trackH * view) / total)) : trackH;
    const ratio = c.maxScroll > 0 ? (trackH - thumbH) / c.maxScroll : 0;
    return { thumbH, ratio };
  };
  const place = () => {
    const scrollable = c.maxScroll > 0;
    track.hidden = !scrollable;
    if (!scrollable) return;
    const { thumbH, ratio } = measure();
    thumb.style.height = `${thumbH}px`;
    thumb.style.transform = `translateY(${c.scrollY * ratio}px)`;
    track.setAttribute('aria-valuenow', String(Math.round((100 * c.scrollY) / c.maxScroll)));
  };
  const onThumbDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation(); // not a drag of the chart under it
    drag = { y: e.clientY, scroll: c.scrollY };
    thumb.setPointerCapture(e.pointerId);
    thumb.classList.add('dragging');
  };
  const onThumbMove = (e: PointerEvent) => {
    if (!drag) return;
    e.stopPropagation();
    const { ratio } = measure();
    if (ratio > 0) c.scrollTo(drag.scroll + (e.clientY - drag.y) / ratio);
  };
  const onThumbUp = (e: PointerEvent) => {
    if (!drag) return;
    drag = null;
    thumb.classList.remove('dragging');
    if (thumb.hasPointerCapture(e.pointerId)) thumb.releasePointerCapture(e.pointerId);
  };
  /** A click on the track above or below the thumb pages that way, as a native scrollbar does. */
  const onTrackDown = (e: PointerEvent) => {
    if (e.target !== track || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    const below = e.clientY > thumb.getBoundingClientRect().bottom;
    c.scrollBy((below ? 1 : -1) * Math.max(28, c.rowsHeight - 28));
  };
  const stop = (e: Event) => e.stopPropagation();
  const off = c.onChange(place);
  place();
  thumb.addEventListener('pointerdown', onThumbDown);
  thumb.addEventListener('pointermove', onThumbMove);
  thumb.addEventListener('pointerup', onThumbUp);
  thumb.addEventListener('pointercancel', onThumbUp);
  track.addEventListener('pointerdown', onTrackDown);
  track.addEventListener('dblclick', stop);
  return () => {
    off();
    thumb.removeEventListener('pointerdown', onThumbDown);
    thumb.removeEventListener('pointermove', onThumbMove);
    thumb.removeEventListener('pointerup', onThumbUp);
    thumb.removeEventListener('pointercancel', onThumbUp);
    track.removeEventListener('pointerdown', onTrackDown);
    track.removeEventListener('dblclick', stop);
  };
}
