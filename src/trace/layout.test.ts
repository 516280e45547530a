// Golden layouts of the seed's examples, from real runs through the CLI: the rows, states and marks the chart draws.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceFile } from '../protocol/trace';
import { layoutAt, layoutTrace, layoutTraceFile, TimelineBuilder } from './layout';
import type { Layout, Row } from './model';
import { summarize } from './summary';
import { describeLayout, traceOf } from './testing/cliTrace';

const PROGRAMS = 'src/examples/programs';
const SEEDS = ['join-in-loop', 'join-after-loop', 'zombie', 'orphan', 'queue-sentinel'] as const;
const traces = new Map<string, TraceFile>();

beforeAll(async () => {
  const present = SEEDS.filter((id) => existsSync(`${PROGRAMS}/${id}.ts`));
  // One after another: five runs at once on two cores would slow the very start-ups these lessons time.
  for (const id of present) traces.set(id, await traceOf(`${PROGRAMS}/${id}.ts`));
}, 180_000);

function layoutOf(id: string): Layout {
  const t = traces.get(id);
  if (!t) throw new Error(`no trace for ${id}`);
  return layoutTraceFile(t);
}

const children = (l: Layout) => l.rows.filter((r) => r.kind === 'process' && r.depth === 1);
/** From spawn to reaped: the whole life of the row on the chart. */
const life = (r: Row) => ({ from: r.spans[0]!.start, to: r.reapedAt ?? r.spans.at(-1)!.end });
const sleep = (r: Row) => r.spans.find((s) => s.state === 'sleeping')!;

describe('layout of the seed examples (golden)', () => {
  it.each(['join-in-loop', 'zombie', 'orphan'])('%s matches its golden layout', async (id) => {
    await expect(describeLayout(layoutOf(id))).toMatchFileSnapshot(`__golden__/${id}.txt`);
  });

  it('join-in-loop: five children one after another, a staircase, MainProcess blocked in join each time', () => {
    const l = layoutOf('join-in-loop');
    const kids = children(l);
    expect(kids.map((r) => r.name)).toEqual(['Process-1', 'Process-2', 'Process-3', 'Process-4', 'Process-5']);
    for (let i = 1; i < kids.length; i++) {
      // The staircase: each child is born after the previous one was joined.
      expect(life(kids[i]!).from).toBeGreaterThanOrEqual(life(kids[i - 1]!).to);
      expect(sleep(kids[i]!).start).toBeGreaterThan(sleep(kids[i - 1]!).end);
    }
    const main = l.rows[0]!;
    expect(main.name).toBe('MainProcess');
    expect(main.spans.filter((s) => s.state === 'blocked').map((s) => s.label)).toEqual(
      kids.map((k) => `join(${k.name})`),
    );
    // The run lasts at least its five sleeps end to end (program ms), one process busy at a time.
    const s = summarize(l);
    expect(s.programMs).toBeGreaterThanOrEqual(kids.reduce((n, k) => n + (sleep(k).end - sleep(k).start), 0));
    expect(s.programMs).toBeGreaterThan(5000);
    expect(s.sleepingMs).toBeGreaterThan(4999); // five children, 1 s each
    expect(s.parallelism).toBeLessThan(1.3);
  });

  it('join-after-loop: the same five children overlap, bars in parallel', () => {
    const l = layoutOf('join-after-loop');
    const kids = children(l);
    expect(kids).toHaveLength(5);
    // Every child is born before any is joined (in join-in-loop, each only after the previous one was):
    // their bars overlap, whatever the machine's load does to start-ups.
    const lastBorn = Math.max(...kids.map((k) => life(k).from));
    const firstGone = Math.min(...kids.map((k) => life(k).to));
    expect(lastBorn).toBeLessThan(firstGone);
    // The lesson in numbers: the same five seconds of sleep as the staircase. Parallelism counts running code
    // only: sleep is not work. In the staircase no two sleeps overlap, so their sum is within the program time.
    const s = summarize(l);
    const serial = summarize(layoutOf('join-in-loop'));
    expect(s.sleepingMs).toBeGreaterThan(4999);
    expect(serial.sleepingMs).toBeLessThanOrEqual(serial.programMs);
    // And the five sleeping bars cover at most half of what they would end to end (a relation of the bars).
    const naps = kids.map(sleep);
    const covered = Math.max(...naps.map((n) => n.end)) - Math.min(...naps.map((n) => n.start));
    expect(covered).toBeLessThanOrEqual(naps.reduce((n, x) => n + (x.end - x.start), 0) / 2);
  });

  it('zombie: the child stays a zombie until the parent joins it, about 3 s later', () => {
    const l = layoutOf('zombie');
    const child = children(l)[0]!;
    const z = child.spans.find((s) => s.state === 'zombie')!;
    const parent = l.rows.find((r) => r.name === 'MainProcess')!;
    const nap = parent.spans.find((s) => s.state === 'sleeping')!;
    // Exited while the parent slept its 3 s, and stayed a zombie until the parent's join reaped it after.
    expect(z.start).toBeLessThan(nap.end);
    expect(z.end).toBeGreaterThanOrEqual(nap.end);
    expect(nap.end - nap.start).toBeGreaterThanOrEqual(2999);
    expect(child.reapedAt).toBe(z.end);
  });

  it('orphan: the grandchild stays under its parent, and its adoption by init (pid 1) is the moment its parent ended', () => {
    const l = layoutOf('orphan');
    expect(l.rows[0]).toMatchObject({ pid: 1, name: 'init', synthetic: true, depth: 0 });
    const parentRow = l.rows.find((r) => r.name === 'Process-1')!;
    const orphan = l.rows.find((r) => r.name === 'Process-1:1')!;
    expect(orphan).toMatchObject({ parent: parentRow.key, depth: 2 });
    expect(l.rows.indexOf(orphan)).toBe(l.rows.indexOf(parentRow) + 1);
    const exit = parentRow.markers.find((m) => m.kind === 'exit')!;
    expect(orphan.adopted).toMatchObject({ from: parentRow.pid, by: 1 });
    // Adopted when its parent ended, not before (it lived under its parent until then).
    expect(orphan.adopted!.at).toBeGreaterThanOrEqual(exit.at);
    expect(orphan.spawnedAt!).toBeLessThan(orphan.adopted!.at);
    const moved = orphan.markers.find((m) => m.kind === 'reparented')!;
    expect(moved).toMatchObject({ at: orphan.adopted!.at, from: parentRow.pid, to: 1 });
    expect(l.rows[0]!.markers).toMatchObject([{ kind: 'adopted', at: orphan.adopted!.at, from: orphan.pid }]);
    expect(parentRow.exitCode).toBe(-15);
    expect(parentRow.spans.some((s) => s.state === 'terminating')).toBe(true);
  });

  it('queue-sentinel: every put flows to its take, and the items never taken are marked lost', () => {
    const l = layoutOf('queue-sentinel');
    const q = l.rows.find((r) => r.kind === 'queue' && r.name === 'Queue#1')!;
    expect(q.depthSteps.length).toBeGreaterThan(0);
    const items = l.flows.filter((f) => f.kind === 'item' && f.obj === 'Queue#1');
    const lost = items.filter((f) => f.lost);
    const untaken = traces.get('queue-sentinel')!.events.find((e) => e.kind === 'untaken' && e.obj === 'Queue#1');
    expect(lost.map((f) => f.item).sort()).toEqual(untaken && 'items' in untaken ? [...untaken.items].sort() : []);
    for (const f of items.filter((x) => !x.lost)) {
      expect(f.to).not.toBeNull();
      expect(f.to!.at).toBeGreaterThanOrEqual(f.from.at);
      // Coloured by its producer.
      expect(f.colour).toBe(l.rows.find((r) => r.key === f.from.row)!.colour);
    }
    if (lost.length) expect(q.markers.some((m) => m.kind === 'untaken')).toBe(true);
  });
});

describe('TimelineBuilder', () => {
  it('builds the same layout in batches as at once, and open spans follow "now" while live', () => {
    const t = traces.get('join-in-loop')!;
    const whole = describeLayout(layoutTraceFile(t));
    const b = new TimelineBuilder();
    for (let i = 0; i < t.events.length; i += 7) b.add(t.events.slice(i, i + 7));
    const mid = t.events[20]!.at;
    const live = new TimelineBuilder();
    live.add(t.events.slice(0, 21));
    const l = live.layout(mid + 100);
    expect(l.live).toBe(true);
    expect(l.end).toBe(mid + 100);
    const open = l.rows.flatMap((r) => r.spans).filter((s) => s.open);
    expect(open.length).toBeGreaterThan(0);
    for (const s of open) expect(s.end).toBe(mid + 100);
    b.finish(t.result?.at);
    expect(describeLayout(b.layout())).toBe(whole);
  });

  it('replays: the layout at a moment knows only the events up to it', () => {
    const t = traces.get('join-in-loop')!;
    const third = sleep(children(layoutTraceFile(t))[2]!);
    const at = (third.start + third.end) / 2; // Process-3 sleeps, Process-4 is not born yet
    const l = layoutAt(t.events, at);
    expect(l.end).toBe(at);
    expect(children(l).length).toBe(3);
    expect(children(l)[2]!.spans.at(-1)).toMatchObject({ state: 'sleeping', open: true });
    for (const r of l.rows) for (const s of r.spans) expect(s.end).toBeLessThanOrEqual(at);
  });

  it('puts pool workers under their pool and Pool tasks on their rows', () => {
    const ev = (e: object) => ({ ppid: 1000, ...e }) as never;
    const l = layoutTrace([
      ev({ at: 0, kind: 'spawn', pid: 1000, ppid: 0, name: 'MainProcess', daemon: false }),
      ev({ at: 1, kind: 'start', pid: 1000, ppid: 0 }),
      ev({ at: 2, kind: 'object', pid: 1000, ppid: 0, obj: 'Pool#1', objKind: 'Pool', id: '1000.1' }),
      ev({ at: 3, kind: 'spawn', pid: 1001, name: 'SpawnPoolWorker-1', daemon: true }),
      ev({ at: 4, kind: 'start', pid: 1001 }),
      ev({ at: 5, kind: 'task', pid: 1001, obj: 'Pool#1', phase: 'start', job: 1, chunk: 0, fn: 'f', summary: '[1]' }),
      ev({
        at: 9,
        kind: 'task',
        pid: 1001,
        obj: 'Pool#1',
        phase: 'end',
        job: 1,
        chunk: 0,
        fn: 'f',
        summary: '',
        ok: false,
      }),
    ]);
    expect(l.rows.map((r) => `${r.depth}:${r.key}`)).toEqual(['0:p1000', '1:pool:Pool#1', '2:p1001']);
    expect(l.rows[2]!.tasks).toMatchObject([{ start: 5, end: 9, job: 1, ok: false, open: false }]);
    const s = summarize(l);
    // Pool time runs from Pool(…) (at 2) to the end of the last task (at 9).
    expect(s.pools[0]).toMatchObject({
      workers: 1,
      tasks: 1,
      fn: 'f',
      taskMs: 4,
      poolMs: 7,
      concurrency: 1,
      speedup: null,
    });
  });
});
