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
    group: null,
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

/** Past this many child processes (not pools, not pool workers) a process's children are drawn in a group row. */
export const GROUP_MIN = 12;

/**
 * Depth-first over the tree each row's `parent` makes (init first, then by creation order `seq`), queues last;
 * sets each row's `depth` and `group`. A row stays where it was spawned for its whole life: an adoption by init
 * is a moment on it (a marker), not a move. A process with more than GROUP_MIN child processes gets them drawn
 * under one group row, which `groupRow(parentKey)` makes (or gives back) and which sorts where it was made.
 */
export function orderRows(
  rows: Iterable<Row>,
  seq: ReadonlyMap<string, number>,
  groupRow?: (parent: Row) => Row,
): Row[] {
  const all = [...rows].filter((r) => r.kind !== 'group');
  const byKey = new Map(all.map((r) => [r.key, r]));
  const kids = new Map<string | null, Row[]>();
  const queues: Row[] = [];
  /** A group sorts where its first member would (wherever the group row itself was made). */
  const place = new Map<string, number>();
  const at = (r: Row) => place.get(r.key) ?? seq.get(r.key) ?? 0;
  const bySeq = (a: Row, b: Row) => at(a) - at(b);
  for (const row of all) {
    row.group = null;
    if (row.kind === 'queue') {
      queues.push(row);
      continue;
    }
    const parent = row.parent !== null && byKey.has(row.parent) ? row.parent : null;
    const list = kids.get(parent) ?? [];
    list.push(row);
    kids.set(parent, list);
  }
  if (groupRow) {
    for (const [key, list] of [...kids]) {
      const owner = key === null ? undefined : byKey.get(key);
      if (!owner || owner.kind !== 'process') continue;
      const plain = list.filter((r) => r.kind === 'process');
      if (plain.length <= GROUP_MIN) continue;
      const g = groupRow(owner);
      g.parent = owner.key;
      place.set(g.key, Math.min(...plain.map((r) => seq.get(r.key) ?? 0)));
      for (const r of plain) r.group = g.key;
      kids.set(g.key, plain);
      kids.set(key, [...list.filter((r) => r.kind !== 'process'), g]);
    }
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
