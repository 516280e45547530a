// Test helper: every thing on a layout the keyboard can reach (each row, and each item on it).
import type { Hit } from '../hitTest';
import { rowItems } from '../hitTest';
import type { Layout } from '../model';

/** Every row as a hit, and everything on each row. */
export function rowHitsOf(l: Layout): Hit[] {
  return l.rows.flatMap((row) => [{ kind: 'row', row, at: null } as Hit, ...rowItems(l, row)]);
}
