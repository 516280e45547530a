// Folding rows: a process's many children gather under a group row that starts folded; folded rows take no room
// and their arrows attach to the row they are folded into.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { hasChildren, isCollapsed, shownAs } from './collapse';
import { rowAnchorY, rowAt, rowGeometry, rowHeight } from './geometry';
import { layoutTrace } from './layout';
import { GROUP_MIN } from './rowTree';

const ev = (e: object) => ({ ppid: 1000, ...e }) as TraceEvent;

/** MainProcess with `n` children, then a Pool with two workers; an item from the last child to MainProcess. */
function family(n: number) {
  const events: TraceEvent[] = [ev({ at: 0, kind: 'spawn', pid: 1000, ppid: 0, name: 'MainProcess', daemon: false })];
  for (let i = 1; i <= n; i++)
    events.push(ev({ at: i, kind: 'spawn', pid: 1000 + i, name: `Process-${i}`, daemon: false }));
  events.push(ev({ at: 100, kind: 'object', pid: 1000, ppid: 0, obj: 'Pool#1', objKind: 'Pool', id: '1000.1' }));
  for (let w = 1; w <= 2; w++)
    events.push(ev({ at: 100 + w, kind: 'spawn', pid: 1000 + n + w, name: `SpawnPoolWorker-${n + w}`, daemon: true }));
  events.push(ev({ at: 110, kind: 'object', pid: 1000, ppid: 0, obj: 'Queue#1', objKind: 'Queue', id: '1000.2' }));
  events.push(ev({ at: 120, kind: 'put', pid: 1000 + n, obj: 'Queue#1', item: 1, summary: '1', depth: 1 }));
  events.push(ev({ at: 130, kind: 'take', pid: 1000, ppid: 0, obj: 'Queue#1', item: 1, depth: 0 }));
  return layoutTrace(events, 200);
}

describe('group rows', () => {
  it(`up to ${GROUP_MIN} children are rows of their own; more gather under one group row, before the pool`, () => {
    const few = family(GROUP_MIN);
    expect(few.rows.some((r) => r.kind === 'group')).toBe(false);
    const many = family(200);
    expect(many.rows.slice(0, 3).map((r) => `${r.depth}:${r.kind}:${r.key}`)).toEqual([
      '0:process:p1000',
      '1:group:g:p1000',
      '2:process:p1001',
    ]);
    const group = many.rows[1]!;
    expect(many.rows.filter((r) => r.group === group.key)).toHaveLength(200);
    const pool = many.rows.findIndex((r) => r.kind === 'pool');
    expect(pool).toBe(202); // after the group's 200 rows
    expect(many.rows[pool]).toMatchObject({ depth: 1, group: null });
    expect(many.rows[pool + 1]).toMatchObject({ depth: 2, name: 'SpawnPoolWorker-201' });
    // Their real parent stays MainProcess (the table and the tooltips say so).
    expect(many.rows[2]!.parent).toBe('p1000');
  });

  it('a group starts folded: its rows take no room, arrows from them attach to the group, and it unfolds', () => {
    const l = family(200);
    const group = l.rows[1]!;
    expect(isCollapsed(group, undefined)).toBe(true);
    expect(hasChildren(l.rows, 1)).toBe(true);
    const g = rowGeometry(l.rows);
    const shown = shownAs(l.rows, undefined);
    expect(shown[2]).toBe(1);
    expect(g.h.filter((h) => h === 0)).toHaveLength(200);
    expect(g.total).toBe(l.rows.reduce((n, r, i) => n + (shown[i] === i ? rowHeight(r) : 0), 0));
    // The pool's rows come right after the group's, on the first screen.
    const pool = l.rows.findIndex((r) => r.kind === 'pool');
    expect(g.y[pool]).toBe(g.y[1]! + g.h[1]!);
    expect(rowAt(g, g.y[pool]! + 1)).toBe(pool);
    // The item's arrow leaves from the folded child's group row.
    expect(rowAnchorY(g, l.rows, 'p1200')).toBe(rowAnchorY(g, l.rows, group.key));
    // Unfolded, every child has its row again.
    const open = rowGeometry(l.rows, new Map([[group.key, false]]));
    expect(open.h.filter((h) => h === 0)).toHaveLength(0);
    expect(rowAnchorY(open, l.rows, 'p1200')).toBeGreaterThan(rowAnchorY(open, l.rows, group.key)!);
    // A folded pool hides its workers only.
    const pooled = rowGeometry(l.rows, new Map([[l.rows[pool]!.key, true]]));
    expect(pooled.h[pool + 1]).toBe(0);
    expect(pooled.h[pool]).toBeGreaterThan(0);
  });
});
