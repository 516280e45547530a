// The chart's Painter over a canvas 2D context (CSS pixels; the caller sets the device-pixel transform).
import type { Paint, Painter, TextStyle } from '../../trace/painter';
import { TILE, tileMarks } from '../../trace/patterns';
import type { ChartTheme } from '../../trace/theme';

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Pattern tiles, made once per (pattern, fill, ink) and device pixel ratio. */
const tiles = new Map<string, CanvasPattern | null>();

function makeTile(ctx: Ctx, paint: Exclude<Paint, string>, dpr: number): CanvasPattern | null {
  const size = Math.round(TILE * dpr);
  const canvas =
    typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(size, size) : document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const t = canvas.getContext('2d') as Ctx | null;
  if (!t) return null;
  t.scale(dpr, dpr);
  t.fillStyle = paint.fill;
  t.fillRect(0, 0, TILE, TILE);
  t.strokeStyle = paint.ink;
  t.fillStyle = paint.ink;
  for (const m of tileMarks(paint.pattern)) {
    t.beginPath();
    if ('dot' in m) {
      t.arc(m.dot[0], m.dot[1], m.r, 0, Math.PI * 2);
      t.fill();
    } else {
      t.lineWidth = m.width;
      t.moveTo(m.line[0], m.line[1]);
      t.lineTo(m.line[2], m.line[3]);
      t.stroke();
    }
  }
  const pattern = ctx.createPattern(canvas, 'repeat');
  // Patterns repeat in device pixels: scale the tile back to CSS pixels.
  pattern?.setTransform(new DOMMatrix([1 / dpr, 0, 0, 1 / dpr, 0, 0]));
  return pattern;
}

/** Draws on a 2D context. Text widths are measured once per (font, text) and cached. */
export class CanvasPainter implements Painter {
  private readonly widths = new Map<string, number>();
  private font = '';

  constructor(
    readonly ctx: Ctx,
    private readonly theme: ChartTheme,
    private readonly dpr = 1,
  ) {}

  private fillOf(p: Paint): string | CanvasPattern {
    if (typeof p === 'string') return p;
    const key = `${p.pattern}|${p.fill}|${p.ink}|${this.dpr}`;
    let pat = tiles.get(key);
    if (pat === undefined) {
      pat = makeTile(this.ctx, p, this.dpr);
      tiles.set(key, pat);
    }
    return pat ?? p.fill;
  }

  rect(x: number, y: number, w: number, h: number, paint: Paint): void {
    this.ctx.fillStyle = this.fillOf(paint);
    this.ctx.fillRect(x, y, w, h);
  }

  strokeRect(x: number, y: number, w: number, h: number, colour: string, width = 1, dash?: number[]): void {
    const c = this.ctx;
    c.strokeStyle = colour;
    c.lineWidth = width;
    c.setLineDash(dash ?? []);
    c.strokeRect(x, y, w, h);
    c.setLineDash([]);
  }

  line(x1: number, y1: number, x2: number, y2: number, colour: string, width = 1, dash?: number[]): void {
    const c = this.ctx;
    c.strokeStyle = colour;
    c.lineWidth = width;
    if (dash) c.setLineDash(dash);
    c.beginPath();
    c.moveTo(x1, y1);
    c.lineTo(x2, y2);
    c.stroke();
    if (dash) c.setLineDash([]);
  }

  curve(
    x1: number,
    y1: number,
    c1x: number,
    c1y: number,
    c2x: number,
    c2y: number,
    x2: number,
    y2: number,
    colour: string,
    width = 1,
    dash?: number[],
  ): void {
    const c = this.ctx;
    c.strokeStyle = colour;
    c.lineWidth = width;
    if (dash) c.setLineDash(dash);
    c.beginPath();
    c.moveTo(x1, y1);
    c.bezierCurveTo(c1x, c1y, c2x, c2y, x2, y2);
    c.stroke();
    if (dash) c.setLineDash([]);
  }

  ribbon(a0: number, a1: number, y1: number, b0: number, b1: number, y2: number, colour: string, width = 1): void {
    const c = this.ctx;
    const d0 = Math.max(8, Math.abs(b0 - a0) * 0.5);
    const d1 = Math.max(8, Math.abs(b1 - a1) * 0.5);
    c.beginPath();
    c.moveTo(a0, y1);
    c.bezierCurveTo(a0 + d0, y1, b0 - d0, y2, b0, y2);
    c.lineTo(b1, y2);
    c.bezierCurveTo(b1 - d1, y2, a1 + d1, y1, a1, y1);
    c.closePath();
    c.fillStyle = colour;
    c.fill();
    c.strokeStyle = colour;
    c.lineWidth = width;
    c.stroke();
  }

  polygon(points: readonly number[], fill: string | null, stroke?: string | null, width = 1): void {
    const c = this.ctx;
    c.beginPath();
    for (let i = 0; i + 1 < points.length; i += 2) {
      if (i === 0) c.moveTo(points[0] as number, points[1] as number);
      else c.lineTo(points[i] as number, points[i + 1] as number);
    }
    c.closePath();
    if (fill) {
      c.fillStyle = fill;
      c.fill();
    }
    if (stroke) {
      c.strokeStyle = stroke;
      c.lineWidth = width;
      c.stroke();
    }
  }

  circle(cx: number, cy: number, r: number, fill: string | null, stroke?: string | null): void {
    const c = this.ctx;
    c.beginPath();
    c.arc(cx, cy, r, 0, Math.PI * 2);
    if (fill) {
      c.fillStyle = fill;
      c.fill();
    }
    if (stroke) {
      c.strokeStyle = stroke;
      c.lineWidth = 1;
      c.stroke();
    }
  }

  private setFont(size: number, font: 'sans' | 'mono' = 'sans', weight: 'normal' | 'bold' = 'normal'): void {
    const f = `${weight === 'bold' ? '600 ' : ''}${size}px ${font === 'mono' ? this.theme.mono : this.theme.font}`;
    if (f !== this.font) {
      this.ctx.font = f;
      this.font = f;
    }
  }

  text(x: number, y: number, text: string, s: TextStyle): void {
    if (!text) return;
    const c = this.ctx;
    this.setFont(s.size, s.font, s.weight);
    c.fillStyle = s.colour;
    c.textAlign = s.align ?? 'left';
    c.textBaseline = s.baseline ?? 'alphabetic';
    c.fillText(text, x, y);
  }

  measure(text: string, size: number, font: 'sans' | 'mono' = 'sans'): number {
    const key = `${size}|${font}|${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      this.setFont(size, font);
      w = this.ctx.measureText(text).width;
      if (this.widths.size > 5000) this.widths.clear();
      this.widths.set(key, w);
    }
    return w;
  }

  /**
   * What each open `restore()` undoes: a number is the alpha before `setAlpha` (put back without a full
   * save/restore, which costs a lot per arrow once a chart has 100k of them); null a `ctx.save()`.
   */
  private readonly undo: (number | null)[] = [];

  setAlpha(alpha: number): void {
    this.undo.push(this.ctx.globalAlpha);
    this.ctx.globalAlpha *= alpha;
  }

  clip(x: number, y: number, w: number, h: number): void {
    const c = this.ctx;
    this.undo.push(null);
    c.save();
    c.beginPath();
    c.rect(x, y, w, h);
    c.clip();
  }

  translate(dx: number, dy: number): void {
    this.undo.push(null);
    this.ctx.save();
    this.ctx.translate(dx, dy);
  }

  restore(): void {
    const alpha = this.undo.pop();
    if (typeof alpha === 'number') {
      this.ctx.globalAlpha = alpha; // every primitive sets its own colours, width and dash: alpha is all to undo
      return;
    }
    this.ctx.restore();
    this.font = ''; // restore() may have reset the context's font
  }
}
