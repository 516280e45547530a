// The page's live chart folds batches in with item events still packed (addBatch): it must build exactly the
// model that the same events, as objects, build through add().
import { describe, expect, it } from 'vitest';
import { ItemLog, isItemEvent, type TraceBatch } from '../protocol/packedTrace';
import type { TraceEvent } from '../protocol/trace';
import { runInProcess, type Ctx } from '../testkit/inProcess';
import { TimelineBuilder } from './layout';
import { summarize } from './summary';

/** A flood through a Queue (a producer's batches, a leasing consumer), a JoinableQueue's join, lost items. */
async function floodRun(): Promise<TraceEvent[]> {
  const run = await runInProcess(async ({ mp, register, __name__ }: Ctx) => {
    async function consume(q: { get(): Promise<unknown> }, n: number) {
      for (let i = 0; i < n; i++) await q.get();
    }
    async function finish(j: { get(): Promise<unknown>; taskDone(): void }, n: number) {
      for (let i = 0; i < n; i++) {
        await j.get();
        j.taskDone();
      }
    }
    register({ consume, finish });
    if (__name__ === '__main__') {
      const q = new mp.Queue();
      const j = new mp.JoinableQueue();
      const c = new mp.Process({ target: consume, args: [q, 1500] });
      const f = new mp.Process({ target: finish, args: [j, 40] });
      c.start();
      f.start();
      for (let i = 0; i < 1520; i++) await q.put(i % 3 ? i : `item ${i}`); // 20 never taken
      for (let i = 0; i < 40; i++) await j.put([i]);
      await j.join();
      await c.join();
      await f.join();
    }
  });
  return run.events;
}

/** The events cut into batches as the kernel worker sends them: packed item stretches, others with positions. */
function batchesOf(events: readonly TraceEvent[], cuts: number): TraceBatch[] {
  const log = new ItemLog();
  const others: TraceEvent[] = [];
  const positions: number[] = [];
  for (const ev of events) {
    if (!isItemEvent(ev)) {
      others.push(ev);
      positions.push(log.length);
    } else if (ev.kind === 'put') log.put(ev.at, ev.pid, ev.ppid, ev.obj, ev.item, ev.depth, ev.summary, true);
    else if (ev.kind === 'take') log.take(ev.at, ev.pid, ev.ppid, ev.obj, ev.item, ev.depth);
    else if (ev.kind === 'taskDone') log.taskDone(ev.at, ev.pid, ev.ppid, ev.obj, ev.unfinished, ev.releases);
  }
  // Cut points in item events (anywhere, also inside runs), each batch taking the others recorded before its end.
  const ends = Array.from({ length: cuts }, (_, k) => Math.floor(((k + 1) * log.length) / (cuts + 1)) + (k % 3));
  ends.push(log.length);
  const out: TraceBatch[] = [];
  let from = 0;
  let k = 0;
  for (const end of ends) {
    const last = end === log.length;
    const mine: TraceEvent[] = [];
    const pos: number[] = [];
    for (; k < others.length && (last || positions[k]! <= end); k++) {
      mine.push(others[k]!);
      pos.push(Math.max(0, positions[k]! - from));
    }
    out.push({ others: mine, items: log.slice(from, end), positions: pos });
    from = end;
  }
  return out;
}

describe('TimelineBuilder.addBatch', () => {
  it('builds the same layout from packed batches as add() from the events, cut anywhere', async () => {
    const events = await floodRun();
    const puts = events.filter((e) => e.kind === 'put');
    expect(puts.length).toBe(1560);
    expect(events.some((e) => e.kind === 'taskDone' && e.releases.length)).toBe(true);
    expect(events.some((e) => e.kind === 'untaken')).toBe(true);

    const byEvents = new TimelineBuilder();
    byEvents.add(events);
    byEvents.finish();
    const want = byEvents.layout();
    expect(want.flows.filter((f) => f.lost)).toHaveLength(20);
    expect(want.flows.filter((f) => f.kind === 'release')).toHaveLength(1);

    for (const cuts of [0, 1, 7, 50]) {
      const batches = batchesOf(events, cuts);
      // Runs of many events each (the producer's batches, the consumer's leases), cut by the batches.
      const runs = batches.reduce((n, x) => n + x.items!.m, 0);
      expect(runs * 5).toBeLessThan(batches.reduce((n, x) => n + x.items!.n, 0));
      const b = new TimelineBuilder();
      batches.forEach((batch, k) => {
        b.addBatch(batch.others, batch.items, batch.positions);
        // Flows read mid-run (a hover, a zoom to single arrows): made then, and later takes still find them.
        if (cuts === 7 && k === 3) expect(b.layout().flows.length).toBeGreaterThan(0);
      });
      b.finish();
      const got = b.layout();
      expect(got.rows).toEqual(want.rows);
      expect(got.flows).toEqual(want.flows);
      expect(got.bands!.total).toBe(want.bands!.total);
      expect(got.bands!.bands(1)).toEqual(want.bands!.bands(1));
      expect(got.end).toBe(want.end);
      expect(summarize(got).items).toEqual(summarize(want).items);
      expect(summarize(got).items).toEqual({ put: 1560, taken: 1540, lost: 20 });
    }
  });

  it('keeps one depth step per queue and moment', async () => {
    const events = await floodRun();
    const b = new TimelineBuilder();
    b.add(events);
    const q = b.layout().rows.find((r) => r.name === 'Queue#1')!;
    const moments = new Set(events.flatMap((e) => (e.kind === 'put' && e.obj === 'Queue#1' ? [e.at] : [])));
    expect(q.depthSteps.length).toBeLessThan(events.filter((e) => e.kind === 'put').length);
    expect(q.depthSteps.length).toBeGreaterThanOrEqual(moments.size);
    expect(new Set(q.depthSteps.map((s) => s.at)).size).toBe(q.depthSteps.length);
  });
});
