// Pointer, wheel and keyboard on the chart, with Perfetto's and DevTools' conventions: the wheel scrolls rows,
// Ctrl/⌘+wheel and W/S zoom around the pointer, Shift+wheel and A/D pan, drag pans both ways, ▸ folds.
import { hasChildren } from '../../trace/collapse';
import { describeHit, sayHit } from '../../trace/describe';
import { disclosureX } from '../../trace/drawGutter';
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
/** A wheel notch in lines or pages, in px. */
const LINE_PX = 16;
const PAGE_PX = 400;
/** A row's height at least: PageUp/PageDown keep one row of the last screen in view. */
const ROW_MIN = 28;

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
    const d = describeHit(hit, c.layout, c.words);
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
    if (hit?.kind === 'row' && x < c.gutter && foldsOnClick(hit.row, x)) {
      c.toggleCollapse(hit.row.key);
      return;
    }
    c.focus = hit;
    c.invalidateOverlay();
    const row = processRow(hit);
    if (row) opts.selectRow(row);
  };

  /** A click in the label column folds or unfolds: on a row's ▸/▾, or anywhere on a group's or a pool's label. */
  const foldsOnClick = (row: Row, x: number): boolean => {
    const i = c.layout.rows.indexOf(row);
    if (i < 0 || !hasChildren(c.layout.rows, i)) return false;
    return row.kind === 'group' || row.kind === 'pool' || Math.abs(x - disclosureX(row)) <= 8;
  };

  const onLeave = () => {
    c.hover = null;
    c.pointerX = null;
    c.invalidateOverlay();
    tip.hidden = true;
  };

  const onWheel = (e: WheelEvent) => {
    const unit = e.deltaMode === 1 ? LINE_PX : e.deltaMode === 2 ? PAGE_PX : 1;
    const { x } = local(e);
    if (e.ctrlKey || e.metaKey) {
      // Ctrl/⌘+wheel zooms around the pointer; a trackpad pinch arrives as this too, with small deltas.
      e.preventDefault();
      const k = Math.abs(e.deltaY * unit) < 40 ? 0.01 : 0.002;
      c.setScale(zoomAt(c.scale, Math.max(0, x - c.gutter), Math.exp(-e.deltaY * unit * k)));
      return;
    }
    if (e.shiftKey) {
      e.preventDefault();
      c.setScale(panBy(c.scale, (e.deltaY || e.deltaX) * unit));
      return;
    }
    const dx = e.deltaX * unit;
    const dy = e.deltaY * unit;
    // The rows scroll; at their top or bottom the page scrolls instead (an embed must not trap the reader).
    const canScroll = (dy < 0 && c.scrollY > 0) || (dy > 0 && c.scrollY < c.maxScroll);
    if (!canScroll && Math.abs(dx) <= Math.abs(dy)) return;
    e.preventDefault();
    if (Math.abs(dx) > Math.abs(dy)) c.setScale(panBy(c.scale, dx));
    else c.scrollBy(dy);
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
    opts.announce(sayHit(hit, c.layout, c.words));
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

  /** The rows on screen (not folded away), as indices into the layout's rows. */
  const shownRows = (): number[] => {
    const out: number[] = [];
    c.layout.rows.forEach((_, i) => {
      if ((c.rowGeometry.h[i] ?? 0) > 0) out.push(i);
    });
    return out;
  };

  const focusRow = (i: number | undefined) => {
    const row = i === undefined ? undefined : c.layout.rows[i];
    if (row) focusHit({ kind: 'row', row, at: null });
  };

  const stepRow = (dir: 1 | -1) => {
    const shown = shownRows();
    if (!shown.length) return;
    const k = shown.indexOf(focusedRowIndex());
    focusRow(shown[k < 0 ? 0 : Math.max(0, Math.min(shown.length - 1, k + dir))]);
  };

  /** PageUp/PageDown: a screenful of rows, less one, and the focus to the first row then on screen. */
  const pageRows = (dir: 1 | -1) => {
    c.scrollBy(dir * Math.max(ROW_MIN, c.rowsHeight - ROW_MIN));
    const g = c.rowGeometry;
    const first = shownRows().find((i) => (g.y[i] ?? 0) >= c.scrollY - 0.5);
    if (first !== undefined && c.focus?.kind === 'row') focusRow(first);
  };

  /** W/S and +/−: zoom around the pointer when it is over the plot, else around the middle. */
  const zoomKey = (factor: number) => {
    const px = c.pointerX;
    const at = px !== null && px >= c.gutter ? px - c.gutter : c.scale.width / 2;
    c.setScale(zoomAt(c.scale, at, factor));
  };

  const foldFocused = () => {
    const i = focusedRowIndex();
    const row = c.layout.rows[i];
    if (row && hasChildren(c.layout.rows, i)) {
      c.toggleCollapse(row.key);
      opts.announce(sayHit({ kind: 'row', row, at: null }, c.layout, c.words));
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const w = c.scale.width;
    const big = e.shiftKey;
    let handled = true;
    switch (e.key) {
      case 'ArrowLeft':
      case 'a':
      case 'A':
        c.setScale(panBy(c.scale, -w * (big ? 0.5 : 0.1)));
        break;
      case 'ArrowRight':
      case 'd':
      case 'D':
        c.setScale(panBy(c.scale, w * (big ? 0.5 : 0.1)));
        break;
      case 'w':
      case 'W':
      case '+':
      case '=':
        zoomKey(big && e.key !== '+' ? ZOOM_STEP * ZOOM_STEP : ZOOM_STEP);
        break;
      case 's':
      case 'S':
      case '-':
      case '_':
        zoomKey(big && e.key !== '_' ? 1 / (ZOOM_STEP * ZOOM_STEP) : 1 / ZOOM_STEP);
        break;
      case 'Home':
        if (big) c.setScale(makeScale(c.layout.start, c.scale.msPerPx, w));
        else {
          c.scrollTo(0);
          focusRow(shownRows()[0]);
        }
        break;
      case 'End':
        if (big) {
          if (c.layout.live) c.fit();
          else c.setScale(makeScale(time(c.layout.end - w * c.scale.msPerPx), c.scale.msPerPx, w));
        } else {
          c.scrollTo(c.maxScroll);
          focusRow(shownRows().at(-1));
        }
        break;
      case 'PageDown':
        pageRows(1);
        break;
      case 'PageUp':
        pageRows(-1);
        break;
      case '0':
      case 'f':
      case 'F':
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
      case 'c':
      case 'C':
        foldFocused();
        break;
      case 'Enter':
      case ' ': {
        const f = c.focus;
        if (f?.kind === 'flow') {
          // Jump to the other end of the arrow.
          const key = f.flow.to?.row;
          const row = c.layout.rows.find((r) => r.key === key);
          if (row) c.revealRow(c.layout.rows.indexOf(row));
        } else if (f?.kind === 'row' && (f.row.kind === 'group' || f.row.kind === 'pool')) foldFocused();
        else opts.selectRow(processRow(f));
        break;
      }
      case 'Escape':
        focusHit(null);
        opts.selectRow(null);
        break;
      case 't':
      case 'T':
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
