// The few drawing operations the chart needs, so one drawing routine paints the canvas, the SVG and the PNG.
import type { PatternKind } from './theme';

/** A flat colour, or a state's pattern (ink over a fill). */
export type Paint = string | { pattern: PatternKind; fill: string; ink: string };

export interface TextStyle {
  colour: string;
  /** px */
  size: number;
  font?: 'sans' | 'mono';
  weight?: 'normal' | 'bold';
  align?: 'left' | 'center' | 'right';
  baseline?: 'middle' | 'alphabetic' | 'top';
}

/**
 * A drawing surface in CSS pixels. The canvas chart implements it over a 2D context (src/ui/timeline),
 * the SVG export over a string builder (./svg.ts). Implementations need not be fast at anything but `rect`.
 */
export interface Painter {
  rect(x: number, y: number, w: number, h: number, paint: Paint): void;
  strokeRect(x: number, y: number, w: number, h: number, colour: string, width?: number, dash?: number[]): void;
  line(x1: number, y1: number, x2: number, y2: number, colour: string, width?: number, dash?: number[]): void;
  /** A cubic Bézier from (x1, y1) to (x2, y2). */
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
    width?: number,
    dash?: number[],
  ): void;
  /**
   * A filled band from [a0, a1] on y1 to [b0, b1] on y2, between the S-curves a0→b0 and a1→b1 (as `arrow`
   * draws them), outlined `width` px wide so that a band thinner than a pixel still shows.
   */
  ribbon(a0: number, a1: number, y1: number, b0: number, b1: number, y2: number, colour: string, width?: number): void;
  /** A closed polygon through [x0, y0, x1, y1, …]. */
  polygon(points: readonly number[], fill: string | null, stroke?: string | null, width?: number): void;
  circle(cx: number, cy: number, r: number, fill: string | null, stroke?: string | null): void;
  text(x: number, y: number, text: string, style: TextStyle): void;
  /** Width of `text` in px at `size`. Estimates are fine where exact metrics are unknown (SVG). */
  measure(text: string, size: number, font?: 'sans' | 'mono'): number;
  /** Opacity of everything drawn until the matching `restore()`. */
  setAlpha(alpha: number): void;
  /** Saves the state and clips to a rectangle until `restore()`. */
  clip(x: number, y: number, w: number, h: number): void;
  /** Saves the state and moves the origin until `restore()`. */
  translate(dx: number, dy: number): void;
  restore(): void;
}

/** `text` cut to fit `maxWidth` px, with an ellipsis; '' when not even one character and the ellipsis fit. */
export function fitText(p: Painter, text: string, size: number, maxWidth: number, font?: 'sans' | 'mono'): string {
  if (maxWidth <= 0) return '';
  if (p.measure(text, size, font) <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.measure(`${text.slice(0, mid)}…`, size, font) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : `${text.slice(0, lo)}…`;
}

/** `text` broken into lines of at most `maxWidth` px at `size` (at spaces; CJK text may break anywhere). */
export function wrapText(p: Painter, text: string, size: number, maxWidth: number, font?: 'sans' | 'mono'): string[] {
  const lines: string[] = [];
  let line = '';
  // Words, and each CJK character on its own (Chinese has no spaces between words).
  for (const word of text.match(/[\u2e80-\u9fff\uff00-\uffef]|[^\s\u2e80-\u9fff\uff00-\uffef]+|\s+/g) ?? []) {
    const next = line + word;
    if (line && p.measure(next.trimEnd(), size, font) > maxWidth) {
      lines.push(line.trimEnd());
      line = word.trimStart();
    } else line = next;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}
