// Pointer, wheel and keyboard on the chart: zoom around the pointer, drag to pan, double-click to fit, step through items.
import { describeHit, sayHit } from '../../trace/describe';
import { hitRange, hitTest, rowItems, type Hit } from '../../trace/hitTest';
import type { Row } from '../../trace/model';
import { time } from '../../trace/time';
import { makeScale, panBy, zoomAt } from '../../trace/timeScale';
import type { TimelineController } from './controller';

export interface InputOptions {
  /** A process row was clicked (or Enter pressed on it): toggle the terminal filter. */
  selectRow(row: Row | null): void;
  /** Text for screen readers (the focused item), spoken by an aria-live region. */
  announce(text: string): void;
  /** Turns the table view on or off. */
  toggleTable(): void;
}

const ZOOM_STEP = 1.5;
const DRAG_THRESHOLD = 3;

/** The process row a hit belongs to, if any. */
function processRow(hit: Hit | null): Row | null {
  if (!hit || hit.kind === 'flow') return null;
  return hit.row.kind === 'process' && !hit.row.synthetic ? hit.row : null;
}

/** Wires the chart element; returns the function that unwires it. */
export function attachInput(el: HTMLElement, tip: HTMLElement, c: TimelineController, opts: InputOptions): () => void {
  let down: { x: number; y: number; scale: typeof c.scale; scrollY: number; dragging: boolean } | null = null;

  const local = (e: { clientX: number; clientY: number }) => {
    const r = el.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };

  const showTip = (hit: Hit | null, x: number, y: number) => {
    if (!hit) {
      tip.hidden = true;
      return;
    }
    const d = describeHit(hit, c.layout);
    tip.replaceChildren();
    const title = document.createElement('strong');
    title.textContent = d.title;
    tip.append(title);
    for (const line of d.lines) {
      const div = document.createElement('div');
      div.textContent = line;
      tip.append(div);
    }
    tip.hidden = false;
    const w = tip.offsetWidth;
    const h = tip.offsetHeight;
    const box = el.getBoundingClientRect();
    tip.style.left = `${Math.max(4, Math.min(x + 14, box.width - w - 4))}px`;
    tip.style.top = `${y + 16 + h > box.height ? Math.max(4, y - h - 10) : y + 16}px`;
  };

  const onPointerDown = (e: PointerEvent) => {
    if (e.button !== 0) return;
    const { x, y } = local(e);
    down = { x, y, scale: c.scale, scrollY: c.scrollY, dragging: false };
    el.setPointerCapture(e.pointerId);
  };

  const onPointerMove = (e: PointerEvent) => {
    const { x, y } = local(e);
    if (down) {
      const dx = x - down.x;
      const dy = y - down.y;
      if (!down.dragging && Math.abs(dx) + Math.abs(dy) < DRAG_THRESHOLD) return;
      down.dragging = true;
      el.classList.add('dragging');
      tip.hidden = true;
      c.setScale(panBy(down.scale, -dx));
      c.scrollY = down.scrollY;
      c.scrollBy(-dy);
      return;
    }
    const hit = hitTest(c.layout, c.view(), x, y);
    c.hover = hit;
    c.pointerX = x;
    c.invalidateOverlay();
    showTip(hit, x, y);
  };

  const onPointerUp = (e: PointerEvent) => {
    if (!down) return;
    const wasDrag = down.dragging;
    down = null;
    el.classList.remove('dragging');
    if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
    if (wasDrag) return;
    const { x, y } = local(e);
    const hit = hitTest(c.layout, c.view(), x, y);
    c.focus = hit;
    c.invalidateOverlay();
    const row = processRow(hit);
    if (row) opts.selectRow(row);
  };

  const onLeave = () => {
    c.hover = null;
    c.pointerX = null;
    c.invalidateOverlay();
    tip.hidden = true;
  };

  const onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    const { x } = local(e);
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      c.setScale(panBy(c.scale, (e.deltaX || e.deltaY) * unit));
      return;
    }
    // Pinch on a trackpad arrives as a wheel with ctrlKey and small deltas: the same zoom, a bit stronger.
    const k = e.ctrlKey ? 0.01 : 0.0015;
    c.setScale(zoomAt(c.scale, Math.max(0, x - c.gutter), Math.exp(-e.deltaY * unit * k)));
  };

  const onDblClick = () => c.fit();

  const focusHit = (hit: Hit | null) => {
    c.focus = hit;
    c.hover = null;
    tip.hidden = true;
    c.invalidateOverlay();
    if (!hit) return;
    if (hit.kind !== 'flow') {
      const i = c.layout.rows.indexOf(hit.row);
      if (i >= 0) c.revealRow(i);
    }
    const r = hitRange(hit, c.layout);
    if (r) c.reveal(r[0], r[1]);
    opts.announce(sayHit(hit, c.layout));
  };

  const focusedRowIndex = (): number => {
    const f = c.focus;
    if (!f) return -1;
    if (f.kind === 'flow') return c.layout.rows.findIndex((r) => r.key === f.flow.from.row);
    return c.layout.rows.indexOf(f.row);
  };

  const stepItem = (dir: 1 | -1) => {
    const rows = c.layout.rows;
    const i = Math.max(0, focusedRowIndex());
    const row = rows[i];
    if (!row) return;
    const items = rowItems(c.layout, row);
    const f = c.focus;
    let k = f ? items.findIndex((h) => sameHit(h, f)) : -1;
    k = k < 0 ? (dir > 0 ? 0 : items.length - 1) : k + dir;
    const next = items[Math.max(0, Math.min(items.length - 1, k))];
    focusHit(next ?? { kind: 'row', row, at: null });
  };

  const stepRow = (dir: 1 | -1) => {
    const rows = c.layout.rows;
    if (!rows.length) return;
    const i = focusedRowIndex();
    const next = rows[i < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, i + dir))] as Row;
    focusHit({ kind: 'row', row: next, at: null });
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const w = c.scale.width;
    const mid = w / 2;
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft':
        c.setScale(panBy(c.scale, -w * (e.shiftKey ? 0.5 : 0.1)));
        break;
      case 'ArrowRight':
        c.setScale(panBy(c.scale, w * (e.shiftKey ? 0.5 : 0.1)));
        break;
      case '+':
      case '=':
        c.setScale(zoomAt(c.scale, mid, ZOOM_STEP));
        break;
      case '-':
      case '_':
        c.setScale(zoomAt(c.scale, mid, 1 / ZOOM_STEP));
        break;
      case 'Home':
        c.setScale(makeScale(c.layout.start, c.scale.msPerPx, w));
        break;
      case 'End':
        if (c.layout.live) c.fit();
        else c.setScale(makeScale(time(c.layout.end - w * c.scale.msPerPx * 0.95), c.scale.msPerPx, w));
        break;
      case '0':
      case 'f':
        c.fit();
        break;
      case 'ArrowUp':
        stepRow(-1);
        break;
      case 'ArrowDown':
        stepRow(1);
        break;
      case ']':
      case '.':
        stepItem(1);
        break;
      case '[':
      case ',':
        stepItem(-1);
        break;
      case 'Enter':
      case ' ': {
        const f = c.focus;
        if (f?.kind === 'flow') {
          // Jump to the other end of the arrow.
          const key = f.flow.to?.row;
          const row = c.layout.rows.find((r) => r.key === key);
          if (row) c.revealRow(c.layout.rows.indexOf(row));
        } else opts.selectRow(processRow(f));
        break;
      }
      case 'Escape':
        focusHit(null);
        opts.selectRow(null);
        break;
      case 't':
        opts.toggleTable();
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  el.addEventListener('pointerdown', onPointerDown);
  el.addEventListener('pointermove', onPointerMove);
  el.addEventListener('pointerup', onPointerUp);
  el.addEventListener('pointerleave', onLeave);
  el.addEventListener('wheel', onWheel, { passive: false });
  el.addEventListener('dblclick', onDblClick);
  el.addEventListener('keydown', onKey);
  return () => {
    el.removeEventListener('pointerdown', onPointerDown);
    el.removeEventListener('pointermove', onPointerMove);
    el.removeEventListener('pointerup', onPointerUp);
    el.removeEventListener('pointerleave', onLeave);
    el.removeEventListener('wheel', onWheel);
    el.removeEventListener('dblclick', onDblClick);
    el.removeEventListener('keydown', onKey);
  };
}

function sameHit(a: Hit, b: Hit): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'span':
      return a.span === (b as typeof a).span;
    case 'task':
      return a.task === (b as typeof a).task;
    case 'marker':
      return a.marker === (b as typeof a).marker;
    case 'flow':
      return a.flow === (b as typeof a).flow;
    default:
      return false;
  }
}
