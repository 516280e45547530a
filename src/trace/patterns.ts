// The state patterns as small tiles (dots, hatching, stripes), described once for the canvas and the SVG.
import type { PatternKind } from './theme';

/** The tile's side, px. */
export const TILE = 6;

/** One mark of a tile: a line from (x1, y1) to (x2, y2) or a dot at (x1, y1). */
export type TileMark = { line: [number, number, number, number]; width: number } | { dot: [number, number]; r: number };

/** The marks that make up a pattern's tile, drawn in the ink colour over the fill. */
export function tileMarks(kind: PatternKind): TileMark[] {
  switch (kind) {
    case 'dots':
      return [
        { dot: [1.5, 1.5], r: 1 },
        { dot: [4.5, 4.5], r: 1 },
      ];
    case 'hatch':
      // `/` lines that join across tiles: the diagonal and the two corner stubs.
      return [
        { line: [0, TILE, TILE, 0], width: 1.6 },
        { line: [-1, 1, 1, -1], width: 1.6 },
        { line: [TILE - 1, TILE + 1, TILE + 1, TILE - 1], width: 1.6 },
      ];
    case 'vertical':
      return [{ line: [1.5, 0, 1.5, TILE], width: 1.5 }];
    case 'cross':
      return [
        { line: [0, TILE, TILE, 0], width: 1.2 },
        { line: [0, 0, TILE, TILE], width: 1.2 },
      ];
    case 'solid':
    case 'outline':
      return [];
  }
}
