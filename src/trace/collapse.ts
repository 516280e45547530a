// Which rows are folded away: a collapsed row hides every row drawn under it. Group rows start collapsed.
import type { Row } from './model';

/** The user's choices: row key → collapsed or not. Rows not in it follow `collapsedByDefault`. */
export type Collapse = ReadonlyMap<string, boolean>;

/** Group rows (a process's many children) start collapsed, so the rows around them (a Pool's) stay in view. */
export function collapsedByDefault(row: Row): boolean {
  return row.kind === 'group';
}

/** Whether a row is collapsed (only rows with rows under them can be). */
export function isCollapsed(row: Row, collapse: Collapse | undefined): boolean {
  return collapse?.get(row.key) ?? collapsedByDefault(row);
}

/** Whether the row at `i` has rows drawn under it (rows are in display order, with their depth). */
export function hasChildren(rows: readonly Row[], i: number): boolean {
  const next = rows[i + 1];
  return next !== undefined && next.depth > (rows[i] as Row).depth;
}

/**
 * For each row, the index of the row that shows it: itself when visible, else the collapsed row it is folded
 * into (its nearest visible ancestor). One pass over the rows in display order.
 */
export function shownAs(rows: readonly Row[], collapse: Collapse | undefined): Int32Array {
  const out = new Int32Array(rows.length);
  let foldedAt = -1; // index of the collapsed row whose descendants we are in, or -1
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    if (foldedAt >= 0 && row.depth > (rows[foldedAt] as Row).depth) {
      out[i] = foldedAt;
      continue;
    }
    foldedAt = -1;
    out[i] = i;
    if (hasChildren(rows, i) && isCollapsed(row, collapse)) foldedAt = i;
  }
  return out;
}
