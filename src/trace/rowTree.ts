// The chart's rows as a tree: a fresh row, and the display order (depth-first over the process tree, queues last).
import type { Row, RowKind } from './model';

/** A row with nothing on it yet. */
export function newRow(key: string, kind: RowKind, pid: number | null, name: string): Row {
  return {
    key,
    kind,
    pid,
    name,
    parent: null,
    depth: 0,
    colour: -1,
    daemon: false,
    synthetic: false,
    spans: [],
    tasks: [],
    markers: [],
    depthSteps: [],
    maxDepth: 0,
    spawnedAt: null,
    exitCode: null,
    exitReason: null,
    reapedAt: null,
    adopted: null,
  };
}

/**
 * Depth-first over the tree each row's `parent` makes (init first, then by creation order `seq`), queues last;
 * sets each row's `depth`. A row stays where it was spawned for its whole life: an adoption by init is a moment
 * on it (a marker), not a move.
 */
export function orderRows(rows: Iterable<Row>, seq: ReadonlyMap<string, number>): Row[] {
  const all = [...rows];
  const keys = new Set(all.map((r) => r.key));
  const kids = new Map<string | null, Row[]>();
  const queues: Row[] = [];
  const bySeq = (a: Row, b: Row) => (seq.get(a.key) ?? 0) - (seq.get(b.key) ?? 0);
  for (const row of all) {
    if (row.kind === 'queue') {
      queues.push(row);
      continue;
    }
    const parent = row.parent !== null && keys.has(row.parent) ? row.parent : null;
    const list = kids.get(parent) ?? [];
    list.push(row);
    kids.set(parent, list);
  }
  const out: Row[] = [];
  const seen = new Set<string>();
  const visit = (row: Row, depth: number) => {
    if (seen.has(row.key)) return;
    seen.add(row.key);
    row.depth = depth;
    out.push(row);
    for (const kid of (kids.get(row.key) ?? []).sort(bySeq)) visit(kid, depth + 1);
  };
  const roots = (kids.get(null) ?? []).sort((a, b) => (a.pid === 1 ? -1 : b.pid === 1 ? 1 : bySeq(a, b)));
  for (const root of roots) visit(root, 0);
  // A cycle (should never happen) would leave rows unvisited: show them at the top level rather than lose them.
  for (const row of all) if (row.kind !== 'queue' && !seen.has(row.key)) visit(row, 0);
  for (const q of queues.sort(bySeq)) {
    q.depth = 0;
    out.push(q);
  }
  return out;
}
