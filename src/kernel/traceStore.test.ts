// The packed trace store: item events round-trip to the objects the kernel used to keep, in order, with the cap.
import { describe, expect, it } from 'vitest';
import { ItemLog, mergeEvents, packedSource, summarize, transferables } from '../protocol/packedTrace';
import type { TraceEvent } from '../protocol/trace';
import { runInProcess, type Ctx } from '../testkit/inProcess';
import { TraceStore } from './traceStore';

const put = (at: number, item: number, value: unknown, depth = 1): TraceEvent => ({
  kind: 'put',
  at,
  pid: 1001,
  ppid: 1000,
  obj: 'Queue#1',
  item,
  summary: summarize(value),
  depth,
});
const take = (at: number, item: number, depth = 0, obj = 'Queue#1'): TraceEvent => ({
  kind: 'take',
  at,
  pid: 1002,
  ppid: 1000,
  obj,
  item,
  depth,
});
const out = (at: number, text: string): TraceEvent => ({
  kind: 'output',
  at,
  pid: 1000,
  ppid: 0,
  stream: 'stdout',
  text,
});

describe('ItemLog', () => {
  const values: unknown[] = [
    0,
    -1.5,
    1e300,
    NaN,
    'short',
    'with "quotes" and \\ and a\nnewline',
    'x'.repeat(40),
    'y'.repeat(41),
    'z'.repeat(10_000),
    '子进程',
    true,
    false,
    null,
    undefined,
    [1, 'a', null],
    { k: 'v'.repeat(100) },
    new Map([[1, 2]]),
  ];

  it('decodes every put to the event with summarize(value), the summary the kernel stored before', () => {
    const log = new ItemLog(3);
    values.forEach((v, i) => log.put(i * 0.5, 1001, 1000, 'Queue#1', i + 1, i, v));
    expect(log.length).toBe(values.length);
    values.forEach((v, i) => expect(log.event(i)).toEqual(put(i * 0.5, i + 1, v, i)));
  });

  it('keeps a value given as its summary as it is', () => {
    const log = new ItemLog();
    log.put(1, 1001, 1000, 'Pipe#1', 7, 0, '[1, 2]', true);
    expect(log.event(0)).toMatchObject({ kind: 'put', obj: 'Pipe#1', summary: '[1, 2]' });
  });

  it('decodes takes and taskDones, with the releases of a taskDone copied out', () => {
    const log = new ItemLog();
    const releases = [1000, 1003];
    log.take(2, 1002, 1000, 'JoinableQueue#1', 5, 3);
    log.taskDone(3, 1002, 1000, 'JoinableQueue#1', 1, []);
    log.taskDone(4, 1002, 1000, 'JoinableQueue#1', 0, releases);
    releases.push(9); // the caller's array may change later: the log kept its own copy
    expect([0, 1, 2].map((i) => log.event(i))).toEqual([
      take(2, 5, 3, 'JoinableQueue#1'),
      { kind: 'taskDone', at: 3, pid: 1002, ppid: 1000, obj: 'JoinableQueue#1', unfinished: 1, releases: [] },
      { kind: 'taskDone', at: 4, pid: 1002, ppid: 1000, obj: 'JoinableQueue#1', unfinished: 0, releases: [1000, 1003] },
    ]);
  });

  it('spans many chunks and keeps every row', () => {
    const log = new ItemLog(4); // 16 rows a chunk
    for (let i = 0; i < 5000; i++) log.put(i, 1001, 1000, i % 2 ? 'Queue#1' : 'Queue#2', i, i % 7, i % 3 ? i : `s${i}`);
    expect(log.length).toBe(5000);
    for (const i of [0, 15, 16, 17, 1023, 1024, 4999]) {
      expect(log.event(i)).toMatchObject({ at: i, item: i, obj: i % 2 ? 'Queue#1' : 'Queue#2', depth: i % 7 });
      expect((log.event(i) as Extract<TraceEvent, { kind: 'put' }>).summary).toBe(summarize(i % 3 ? i : `s${i}`));
    }
  });

  it('slices a self-contained run with fresh buffers that decodes to the same events', () => {
    const log = new ItemLog(1); // 2 rows a chunk: the slice crosses chunks
    log.put(1, 1001, 1000, 'Queue#1', 1, 1, 'a');
    log.put(2, 1001, 1000, 'Queue#1', 2, 2, { x: 1 });
    log.take(3, 1002, 1000, 'Queue#1', 1, 1);
    log.taskDone(4, 1002, 1000, 'Queue#1', 0, [1000]);
    log.put(5, 1001, 1000, 'Queue#1', 3, 2, 'b');
    const p = log.slice(1, 5);
    expect(p.n).toBe(4);
    expect(p.refs).toHaveLength(3); // the object's summary, the releases, 'b': nothing from before the slice
    expect([0, 1, 2, 3].map((i) => packedSource(p).event(i))).toEqual([1, 2, 3, 4].map((i) => log.event(i)));
    const buffers = transferables(p);
    expect(buffers).toHaveLength(11);
    expect(new Set(buffers).size).toBe(11);
    structuredClone(p, { transfer: buffers }); // detaches the slice's buffers only
    expect(log.event(4)).toMatchObject({ kind: 'put', item: 3, summary: '"b"' });
  });
  it('slices at any bounds to runs that decode to the same rows (strings, summaries and releases rebased)', () => {
    const log = new ItemLog(2); // 4 rows a chunk
    for (let i = 0; i < 40; i++) {
      if (i % 5 === 0) log.taskDone(i, 1002, 1000, 'JoinableQueue#1', i, i % 10 ? [] : [1000 + i]);
      else if (i % 5 === 1) log.take(i, 1002, 1000, 'JoinableQueue#1', i, 0);
      else log.put(i, 1001, 1000, 'JoinableQueue#1', i, 1, i % 5 === 2 ? i : i % 5 === 3 ? `s${i}` : [i]);
    }
    for (let from = 0; from <= 40; from += 3) {
      for (let to = from; to <= 40; to += 7) {
        const p = log.slice(from, to);
        const got = Array.from({ length: p.n }, (_, k) => packedSource(p).event(k));
        expect(got).toEqual(Array.from({ length: to - from }, (_, k) => log.event(from + k)));
      }
    }
  });

  // A flood as the kernel records it: batches of puts at one time, each a run, then the lease's takes.
  function flood(log: ItemLog, batches: number, size: number): TraceEvent[] {
    const want: TraceEvent[] = [];
    let id = 100;
    for (let b = 0; b < batches; b++) {
      for (let k = 0; k < size; k++) {
        const value = k % 4 === 3 ? `s${id}` : id * 2;
        log.put(b, 1001, 1000, 'Queue#1', id + k, k + 1, value);
        want.push(put(b, id + k, value, k + 1));
      }
      for (let k = 0; k < size; k++) {
        log.take(b + 0.5, 1002, 1000, 'Queue#1', id + k, size - k - 1);
        want.push(take(b + 0.5, id + k, size - k - 1));
      }
      id += size;
    }
    return want;
  }

  it('stores events that follow each other by one step as one run, and decodes each of them', () => {
    const log = new ItemLog(2); // 4 events an event chunk, 1 run a run chunk
    const want = flood(log, 5, 7);
    expect(log.length).toBe(70);
    expect(log.runCount).toBe(10); // each batch of puts one run, each batch of takes one
    expect(Array.from({ length: 70 }, (_, i) => log.event(i))).toEqual(want);
    // Read backwards too: finding a run does not depend on reading in order.
    for (let i = 69; i >= 0; i -= 3) expect(log.event(i)).toEqual(want[i]);
  });

  it('starts a new run when the time, process, object, item or depth does not follow', () => {
    const log = new ItemLog();
    log.put(1, 1001, 1000, 'Queue#1', 1, 1, 0);
    log.put(1, 1001, 1000, 'Queue#1', 2, 2, 0); // extends
    log.put(2, 1001, 1000, 'Queue#1', 3, 3, 0); // another time
    log.put(2, 1003, 1000, 'Queue#1', 4, 4, 0); // another process
    log.put(2, 1003, 1000, 'Queue#2', 5, 5, 0); // another object
    log.put(2, 1003, 1000, 'Queue#2', 7, 6, 0); // an item skipped
    log.put(2, 1003, 1000, 'Queue#2', 8, 6, 0); // the depth did not grow (a getter took one)
    log.take(2, 1003, 1000, 'Queue#2', 9, 5); // another kind
    expect(log.runCount).toBe(7);
    expect(log.event(6)).toMatchObject({ kind: 'put', pid: 1003, obj: 'Queue#2', item: 8, depth: 6 });
  });

  it('keeps a taskDone that released joins in a run of its own, between runs of counting down', () => {
    const log = new ItemLog();
    for (const u of [3, 2, 1]) log.taskDone(5, 1002, 1000, 'JoinableQueue#1', u, []);
    log.taskDone(5, 1002, 1000, 'JoinableQueue#1', 0, [1000]);
    log.taskDone(5, 1002, 1000, 'JoinableQueue#1', -1, []);
    expect(log.runCount).toBe(3);
    expect([0, 1, 2, 3, 4].map((i) => log.event(i))).toMatchObject(
      [3, 2, 1, 0, -1].map((unfinished) => ({ kind: 'taskDone', unfinished, releases: unfinished ? [] : [1000] })),
    );
  });

  it('records putMany, takeMany and tasksDone as the same events as one call per event', () => {
    const bulk = new ItemLog(2);
    const single = new ItemLog(2);
    const values = [1, 'two', null, { four: 4 }, 5, 6];
    bulk.putMany(1, 1001, 1000, 'Q', 10, 3, values);
    values.forEach((v, k) => single.put(1, 1001, 1000, 'Q', 10 + k, 3 + k, v));
    const ids = [10, 11, 12, 14, 15, 13]; // a lease taken in order, then out of order
    bulk.takeMany(2, 1002, 1000, 'Q', ids, 8);
    ids.forEach((id, k) => single.take(2, 1002, 1000, 'Q', id, 8 - k));
    bulk.tasksDone(3, 1002, 1000, 'Q', 5, 4);
    for (let k = 0; k < 4; k++) single.taskDone(3, 1002, 1000, 'Q', 5 - k, []);
    expect(bulk.length).toBe(16);
    expect(Array.from({ length: 16 }, (_, i) => bulk.event(i))).toEqual(
      Array.from({ length: 16 }, (_, i) => single.event(i)),
    );
    expect(bulk.runCount).toBe(single.runCount);
    expect(bulk.event(15)).toMatchObject({ kind: 'taskDone', unfinished: 2 });
  });

  it('slices a flood at any bounds, cutting runs, to stretches that decode to the same events', () => {
    const log = new ItemLog(2);
    const want = flood(log, 4, 9);
    for (let from = 0; from <= want.length; from += 2) {
      for (let to = from; to <= want.length; to += 5) {
        const p = log.slice(from, to);
        expect(p.m).toBeLessThanOrEqual(Math.max(0, Math.ceil((to - from) / 9) + 1));
        expect(Array.from({ length: p.n }, (_, k) => packedSource(p).event(k))).toEqual(want.slice(from, to));
      }
    }
  });
});

describe('TraceStore', () => {
  it('merges item rows and other events back into the order they were recorded in', () => {
    const s = new TraceStore(100);
    const expected: TraceEvent[] = [];
    const other = (e: TraceEvent) => (s.push(e), expected.push(e));
    other(out(0, 'a'));
    s.items.put(1, 1001, 1000, 'Queue#1', 1, 1, 10);
    expected.push(put(1, 1, 10));
    s.items.put(2, 1001, 1000, 'Queue#1', 2, 2, 20);
    expected.push(put(2, 2, 20, 2));
    other(out(3, 'b'));
    other(out(3, 'c'));
    s.push(take(4, 1, 1)); // an item event given as an object (a pipe) is packed too
    expected.push(take(4, 1, 1));
    s.items.take(5, 1002, 1000, 'Queue#1', 2, 0);
    expected.push(take(5, 2, 0));
    expect(s.length).toBe(7);
    expect(s.events()).toEqual(expected);
  });

  it('extends the same array on a later read with what was recorded since', () => {
    const s = new TraceStore(100);
    s.push(out(0, 'a'));
    s.items.put(1, 1001, 1000, 'Queue#1', 1, 1, 1);
    const first = s.events();
    expect(first).toHaveLength(2);
    s.items.take(2, 1002, 1000, 'Queue#1', 1, 0);
    s.push(out(3, 'b'));
    s.items.put(4, 1001, 1000, 'Queue#1', 2, 1, 2);
    const second = s.events();
    expect(second).toBe(first);
    expect(second).toEqual([out(0, 'a'), put(1, 1, 1), take(2, 1, 0), out(3, 'b'), put(4, 2, 2)]);
  });

  it('keeps the newest maxLines output lines, a note where the older ones were, and every other event', () => {
    const s = new TraceStore(2);
    s.push(out(0, '1'));
    s.push(out(0, '2'));
    const early = s.events(); // read before anything is dropped: the next read is built again
    expect(early).toHaveLength(2);
    s.push(out(0, '3'));
    s.items.put(1, 1001, 1000, 'Queue#1', 1, 1, 1);
    const start: TraceEvent = { kind: 'start', at: 2, pid: 1001, ppid: 1000 };
    s.push(start);
    s.push(out(3, '4'));
    expect(s.droppedOutput).toBe(2);
    const note = (n: number) => ({
      ...out(
        0,
        `mpplay: ${n} earlier lines of output (0 M characters) were dropped here to keep the run's memory bounded; the rest of the trace is complete.\n`,
      ),
      pid: 0,
      ppid: 0,
      stream: 'stderr',
    });
    expect(s.events()).toEqual([note(2), out(0, '3'), put(1, 1, 1), start, out(3, '4')]);
    expect(s.length).toBe(5);
  });

  it('keeps at most maxChars characters of output, and the end of a line longer than a quarter of them', () => {
    const s = new TraceStore(1000, 400);
    for (let i = 0; i < 60; i++) s.push(out(i, `line ${String(i).padStart(2, '0')}\n`)); // 8 characters each
    s.push(out(60, 'x'.repeat(250)));
    const texts = s.events().map((e) => (e as { text: string }).text);
    expect(texts.at(-1)).toBe('[mpplay: the first 150 characters of this line were dropped]…' + 'x'.repeat(100));
    const kept = texts.slice(1, -1);
    expect(kept.join('').length + texts.at(-1)!.length).toBeLessThanOrEqual(400);
    // The newest lines, in order, up to the cap; the note counts the others.
    const first = 60 - kept.length;
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, k) => `line ${String(first + k).padStart(2, '0')}\n`));
    expect(kept.join('').length + texts.at(-1)!.length + 8).toBeGreaterThan(400);
    expect(texts[0]).toMatch(new RegExp(`^mpplay: ${first} earlier lines of output`));
  });

  it('stays in order through many drops (holes are compacted) and across reads', () => {
    const s = new TraceStore(3);
    const starts: TraceEvent[] = [];
    for (let i = 0; i < 5000; i++) {
      s.push(out(i, `${i}`));
      if (i % 1000 === 0) {
        const st: TraceEvent = { kind: 'start', at: i, pid: 1001 + i, ppid: 1000 };
        starts.push(st);
        s.push(st);
        s.events();
      }
    }
    const ev = s.events();
    expect(ev.filter((e) => e.kind === 'start')).toEqual(starts);
    expect(
      ev
        .filter((e) => e.kind === 'output')
        .map((e) => (e as { text: string }).text)
        .slice(1),
    ).toEqual(['4997', '4998', '4999']);
    expect(s.droppedOutput).toBe(4997);
    expect(s.length).toBe(ev.length);
  });

  it('gives the page, through slices and positions, the same events as it keeps', () => {
    const s = new TraceStore(100);
    const positions: number[] = [];
    const others: TraceEvent[] = [];
    const other = (e: TraceEvent) => (others.push(e), positions.push(s.items.length), s.push(e));
    s.items.put(0, 1001, 1000, 'Queue#1', 1, 1, 'x');
    other(out(1, 'a'));
    s.items.take(2, 1002, 1000, 'Queue#1', 1, 0);
    s.items.put(3, 1001, 1000, 'Queue#1', 2, 1, [1, 2]);
    other(out(4, 'b'));
    // Two batches, cut between the take and the second put.
    const cut = 2;
    const first = mergeEvents(others.slice(0, 1), positions.slice(0, 1), packedSource(s.items.slice(0, cut)));
    const second = mergeEvents(
      others.slice(1),
      positions.slice(1).map((p) => p - cut),
      packedSource(s.items.slice(cut, s.items.length)),
    );
    expect([...first, ...second]).toEqual(s.events());
  });
});

describe('the kernel records items in columns', () => {
  it('gives every put, take and untaken item in order, each take after its put, time never going back', async () => {
    const run = await runInProcess(async ({ mp, register, __name__, print }: Ctx) => {
      async function consume(q: { get(): Promise<unknown> }, n: number) {
        for (let i = 0; i < n; i++) print(String(await q.get()));
      }
      register({ consume });
      if (__name__ === '__main__') {
        const q = new mp.Queue();
        const p = new mp.Process({ target: consume, args: [q, 3] });
        p.start();
        for (const v of [1, 'two', [3], { four: 4 }, null]) await q.put(v);
        await p.join();
      }
    });
    const puts = run.events.filter((e) => e.kind === 'put');
    expect(puts.map((e) => e.summary)).toEqual(['1', '"two"', '[3]', '{"four":4}', 'null']);
    expect(puts.map((e) => e.pid)).toEqual(puts.map(() => run.pidOf('MainProcess')));
    const takes = run.events.filter((e) => e.kind === 'take');
    expect(takes.map((e) => e.item)).toEqual(puts.slice(0, 3).map((e) => e.item));
    expect(takes.every((e) => e.pid === run.pidOf('Process-1') && e.ppid === run.pidOf('MainProcess'))).toBe(true);
    for (const t of takes) {
      const i = run.events.indexOf(t);
      expect(run.events.findIndex((e) => e.kind === 'put' && e.item === t.item)).toBeLessThan(i);
    }
    const untaken = run.events.find((e) => e.kind === 'untaken');
    expect(untaken).toMatchObject({ obj: 'Queue#1', items: puts.slice(3).map((e) => e.item) });
    expect(run.events.indexOf(untaken!)).toBeGreaterThan(run.events.indexOf(takes[2]!));
    for (let i = 1; i < run.events.length; i++) expect(run.events[i]!.at).toBeGreaterThanOrEqual(run.events[i - 1]!.at);
  });

  it("records a batch of puts and a lease's takes with the depth after each, in one run each", async () => {
    const run = await runInProcess(async ({ mp, register, __name__ }: Ctx) => {
      async function consume(q: { get(): Promise<unknown> }, n: number) {
        for (let i = 0; i < n; i++) await q.get();
      }
      register({ consume });
      if (__name__ === '__main__') {
        const q = new mp.Queue();
        for (let i = 0; i < 50; i++) await q.put(i * 10); // one batch: nothing waits in get() yet
        const p = new mp.Process({ target: consume, args: [q, 50] });
        p.start();
        await p.join();
      }
    });
    const puts = run.events.filter((e) => e.kind === 'put');
    const takes = run.events.filter((e) => e.kind === 'take');
    expect(puts.map((e) => e.depth)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(puts.map((e) => e.item - puts[0]!.item)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(puts.map((e) => e.summary)).toEqual(Array.from({ length: 50 }, (_, i) => String(i * 10)));
    expect(takes.map((e) => e.item)).toEqual(puts.map((e) => e.item));
    expect(takes.map((e) => e.depth)).toEqual(Array.from({ length: 50 }, (_, i) => 49 - i));
    expect(run.kernel.trace.items.runCount).toBeLessThan(10);
  });

  it('records a burst of taskDone() calls counting down, the one that releases the join with its releases', async () => {
    const run = await runInProcess(async ({ mp, register, __name__ }: Ctx) => {
      async function work(q: { get(): Promise<unknown>; taskDone(): void }) {
        for (let i = 0; i < 6; i++) await q.get();
        for (let i = 0; i < 6; i++) q.taskDone(); // one op of six calls
      }
      register({ work });
      if (__name__ === '__main__') {
        const q = new mp.JoinableQueue();
        for (let i = 0; i < 6; i++) await q.put(i);
        new mp.Process({ target: work, args: [q] }).start();
        await q.join();
      }
    });
    const done = run.events.filter((e) => e.kind === 'taskDone');
    expect(done.map((e) => e.unfinished)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(done.map((e) => e.releases)).toEqual([[], [], [], [], [], [run.pidOf('MainProcess')]]);
    expect(new Set(done.map((e) => e.pid))).toEqual(new Set([run.pidOf('Process-1')]));
  });
});
