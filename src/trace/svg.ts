// The chart as an SVG document (the page's SVG export and `mpplay run --svg`): the same drawing, on a string painter.
import { drawFrame, frameSize, type FrameOptions } from './exportFrame';
import type { Layout } from './model';
import type { Paint, Painter, TextStyle } from './painter';
import { TILE, tileMarks } from './patterns';
import { LIGHT, type ChartTheme } from './theme';

/** Numbers with at most two decimals: a smaller file, the same picture. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** Approximate text width: generic fonts have no metrics here, so estimate per character (CJK counts double). */
export function estimateWidth(text: string, size: number, font: 'sans' | 'mono' = 'sans'): number {
  let w = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    w += code > 0x2e80 ? 1 : font === 'mono' ? 0.6 : 0.56;
  }
  return w * size;
}

/** Collects SVG elements; `document()` wraps them with the pattern and clip definitions they use. */
export class SvgPainter implements Painter {
  private readonly out: string[] = [];
  private readonly defs: string[] = [];
  private readonly patterns = new Map<string, string>();
  private readonly open: number[] = [];
  private clips = 0;

  /** `idPrefix` keeps pattern and clip ids apart when several SVGs share one HTML page. */
  constructor(
    private readonly theme: ChartTheme,
    private readonly idPrefix = '',
  ) {}

  private paint(p: Paint): string {
    if (typeof p === 'string') return p;
    const key = `${p.pattern}|${p.fill}|${p.ink}`;
    let id = this.patterns.get(key);
    if (!id) {
      id = `${this.idPrefix}pat${this.patterns.size}`;
      this.patterns.set(key, id);
      const marks = tileMarks(p.pattern)
        .map((m) =>
          'dot' in m
            ? `<circle cx="${m.dot[0]}" cy="${m.dot[1]}" r="${m.r}" fill="${p.ink}"/>`
            : `<line x1="${m.line[0]}" y1="${m.line[1]}" x2="${m.line[2]}" y2="${m.line[3]}" stroke="${p.ink}" stroke-width="${m.width}"/>`,
        )
        .join('');
      this.defs.push(
        `<pattern id="${id}" patternUnits="userSpaceOnUse" width="${TILE}" height="${TILE}"><rect width="${TILE}" height="${TILE}" fill="${p.fill}"/>${marks}</pattern>`,
      );
    }
    return `url(#${id})`;
  }

  rect(x: number, y: number, w: number, h: number, paint: Paint): void {
    this.out.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="${this.paint(paint)}"/>`);
  }

  strokeRect(x: number, y: number, w: number, h: number, colour: string, width = 1, dash?: number[]): void {
    this.out.push(
      `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}" fill="none" stroke="${colour}" stroke-width="${width}"${dashAttr(dash)}/>`,
    );
  }

  line(x1: number, y1: number, x2: number, y2: number, colour: string, width = 1, dash?: number[]): void {
    this.out.push(
      `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${colour}" stroke-width="${width}"${dashAttr(dash)}/>`,
    );
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
    const d = `M${n(x1)} ${n(y1)}C${n(c1x)} ${n(c1y)} ${n(c2x)} ${n(c2y)} ${n(x2)} ${n(y2)}`;
    this.out.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="${width}"${dashAttr(dash)}/>`);
  }

  ribbon(a0: number, a1: number, y1: number, b0: number, b1: number, y2: number, colour: string, width = 1): void {
    const d0 = Math.max(8, Math.abs(b0 - a0) * 0.5);
    const d1 = Math.max(8, Math.abs(b1 - a1) * 0.5);
    const d =
      `M${n(a0)} ${n(y1)}C${n(a0 + d0)} ${n(y1)} ${n(b0 - d0)} ${n(y2)} ${n(b0)} ${n(y2)}` +
      `L${n(b1)} ${n(y2)}C${n(b1 - d1)} ${n(y2)} ${n(a1 + d1)} ${n(y1)} ${n(a1)} ${n(y1)}Z`;
    this.out.push(`<path class="band" d="${d}" fill="${colour}" stroke="${colour}" stroke-width="${width}"/>`);
  }

  polygon(points: readonly number[], fill: string | null, stroke?: string | null, width = 1): void {
    const pts: string[] = [];
    for (let i = 0; i + 1 < points.length; i += 2) pts.push(`${n(points[i] as number)},${n(points[i + 1] as number)}`);
    this.out.push(
      `<polygon points="${pts.join(' ')}" fill="${fill ?? 'none'}"${stroke ? ` stroke="${stroke}" stroke-width="${width}"` : ''}/>`,
    );
  }

  circle(cx: number, cy: number, r: number, fill: string | null, stroke?: string | null): void {
    this.out.push(
      `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" fill="${fill ?? 'none'}"${stroke ? ` stroke="${stroke}"` : ''}/>`,
    );
  }

  text(x: number, y: number, text: string, s: TextStyle): void {
    if (!text) return;
    const anchor = s.align === 'center' ? 'middle' : s.align === 'right' ? 'end' : 'start';
    const baseline = s.baseline === 'middle' ? 'central' : s.baseline === 'top' ? 'hanging' : 'auto';
    const family = s.font === 'mono' ? this.theme.mono : this.theme.font;
    this.out.push(
      `<text x="${n(x)}" y="${n(y)}" fill="${s.colour}" font-size="${s.size}" font-family="${esc(family)}"` +
        `${s.weight === 'bold' ? ' font-weight="bold"' : ''}${anchor !== 'start' ? ` text-anchor="${anchor}"` : ''}` +
        `${baseline !== 'auto' ? ` dominant-baseline="${baseline}"` : ''}>${esc(text)}</text>`,
    );
  }

  measure(text: string, size: number, font?: 'sans' | 'mono'): number {
    return estimateWidth(text, size, font);
  }

  setAlpha(alpha: number): void {
    this.out.push(`<g opacity="${n(alpha)}">`);
    this.open.push(1);
  }

  clip(x: number, y: number, w: number, h: number): void {
    const id = `${this.idPrefix}clip${this.clips++}`;
    this.defs.push(`<clipPath id="${id}"><rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"/></clipPath>`);
    this.out.push(`<g clip-path="url(#${id})">`);
    this.open.push(1);
  }

  translate(dx: number, dy: number): void {
    this.out.push(`<g transform="translate(${n(dx)} ${n(dy)})">`);
    this.open.push(1);
  }

  restore(): void {
    if (this.open.pop() !== undefined) this.out.push('</g>');
  }

  /** The finished document. */
  document(width: number, height: number, title: string): string {
    while (this.open.length) this.restore();
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}" role="img" aria-label="${esc(title)}">`,
      `<title>${esc(title)}</title>`,
      `<defs>${this.defs.join('')}</defs>`,
      ...this.out,
      '</svg>',
      '',
    ].join('\n');
  }
}

function dashAttr(dash?: number[]): string {
  return dash?.length ? ` stroke-dasharray="${dash.join(' ')}"` : '';
}

/** The chart of a layout as a standalone SVG document (light theme by default: it is meant for slides and print). */
export function toSvg(layout: Layout, opts: FrameOptions & { theme?: ChartTheme } = {}): string {
  const theme = opts.theme ?? LIGHT;
  const p = new SvgPainter(theme);
  const { width, height } = frameSize(p, layout, theme, opts);
  drawFrame(p, layout, theme, opts);
  return p.document(width, height, opts.title ?? 'mpplay timeline');
}
