// The browser host's Explore (the kernel worker's side), run here over Node process workers in place of the page's
// leases: it finds the lost update and the lock-order deadlock, reports progress at a modest rate, stops when asked,
// works without shared memory on kernel-call points, and refuses a hostile message with a clear error.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeBundle } from '../../../scripts/nodeBundle.mjs';
import { compile } from '../../compile';
import { nodeWorker } from '../node/nodeHost';
import { BrowserExplore, serveExplore, wireRows } from './explore';
import type { ExploreMessage, ExploreToPage } from './exploreProtocol';
import { PAGE_PROTOCOL_VERSION, type KernelToPage } from './protocol';

const PROGRAMS = join(import.meta.dirname, '../../examples/programs');
const source = (id: string) => readFileSync(join(PROGRAMS, `${id}.ts`), 'utf8');

async function host(o: { shared?: boolean; now?: () => number } = {}) {
  const { worker } = (await nodeBundle()) as { worker: URL };
  const posted: ExploreToPage[] = [];
  let given = 0;
  const search = new BrowserExplore({
    post: (m) => posted.push(m),
    supply: {
      take: () => {
        given++;
        return nodeWorker(worker, 256);
      },
      giveBackFree: () => {},
    },
    cpuCount: 2,
    shared: o.shared ?? true,
    startTimeoutMs: 20_000,
    ...(o.now ? { now: o.now } : {}),
  });
  return { search, posted, given: () => given };
}

function message(id: string, patch: Partial<ExploreMessage>): ExploreMessage {
  return {
    t: 'explore',
    v: PAGE_PROTOCOL_VERSION,
    source: source(id),
    filename: `${id}.ts`,
    seed: 0,
    strategy: 'random',
    until: 'assert',
    runs: 20,
    strategySeed: 0,
    depth: 3,
    ...patch,
  };
}

const sum = (rows: readonly { runs: number }[]) => rows.reduce((n, r) => n + r.runs, 0);

describe('Explore in the kernel worker', () => {
  it('finds the lost update (Value reads and writes are points) in reused workers', async () => {
    const { search } = await host();
    const msg = message('lost-update', { runs: 20 });
    const r = await search.run(await compile(msg.source, msg.filename), msg);
    expect(r.found, JSON.stringify(r.histogram)).not.toBeNull();
    expect(r.found!.label).toMatch(/^AssertionError/);
    expect(r.found!.choices.length).toBeGreaterThan(0);
    expect(r.found!.seed).toBe(0);
    expect(r.shared).toBe(true);
    expect(sum(r.histogram)).toBe(r.runs);
  }, 120_000);

  it('sends progress at most every 200 ms of its clock, each a consistent histogram, in reused workers', async () => {
    let t = 0;
    const { search, posted, given } = await host({ now: () => (t += 100) });
    const msg = message('lost-update', { until: 'deadlock', runs: 12 });
    const r = await search.run(await compile(msg.source, msg.filename), msg);
    expect(r.found).toBeNull();
    expect(r.runs).toBe(12);
    expect(sum(r.histogram)).toBe(12);
    const progress = posted.filter((m) => m.t === 'exploreProgress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(6); // every other run at most: 100 ms apart, 200 ms between posts
    for (const p of progress) expect(sum(p.histogram)).toBe(p.runs);
    // 3 processes a run: without reuse, 12 runs would take 36 workers; with it, a few beyond the first run's.
    expect(given()).toBeLessThanOrEqual(8);
  }, 120_000);

  it('stops when the page asks, with what it saw so far', async () => {
    const { search } = await host();
    const msg = message('lost-update', { until: 'deadlock', runs: 100_000 });
    const program = await compile(msg.source, msg.filename);
    const done = search.run(program, msg);
    setTimeout(() => search.stop(), 300);
    const r = await done;
    expect(r.interrupted).toBe(true);
    expect(r.found).toBeNull();
    expect(r.runs).toBeLessThan(100_000);
    expect(sum(r.histogram)).toBe(r.runs);
  }, 120_000);

  it('without shared memory, finds the lock-order deadlock on kernel-call points', async () => {
    const { search } = await host({ shared: false });
    const msg = message('lock-order-deadlock', { until: 'deadlock', runs: 10 });
    const r = await search.run(await compile(msg.source, msg.filename), msg);
    expect(r.shared).toBe(false);
    expect(r.found?.reason).toBe('deadlock');
  }, 120_000);

  it('DFS reports whether it explored every schedule and how many there were', async () => {
    const { search } = await host();
    const msg = message('lost-update', { strategy: 'dfs', until: 'assert', runs: 10 });
    const r = await search.run(await compile(msg.source, msg.filename), msg);
    expect(r.found).not.toBeNull();
    expect(r.exhausted).toBe(false);
    expect(r.schedules).toBeGreaterThanOrEqual(1);
  }, 120_000);
});

describe('serveExplore', () => {
  async function serve(msg: unknown, begin = true): Promise<KernelToPage[]> {
    const posted: KernelToPage[] = [];
    await serveExplore(msg as ExploreMessage, {
      post: (m) => posted.push(m),
      supply: {
        take: () => {
          throw new Error('no worker is to be taken');
        },
        giveBackFree: () => {},
      },
      cpuCount: 2,
      shared: true,
      startTimeoutMs: 1000,
      begin: () => begin,
    });
    return posted;
  }

  it('refuses a hostile message with a clear error, before compiling anything', async () => {
    const posted = await serve({ ...message('lost-update', {}), strategy: 'rm -rf' });
    expect(posted).toEqual([
      { t: 'fatal', message: expect.stringMatching(/^Explore was asked wrongly: the strategy/) },
    ]);
  });

  it('refuses another protocol version, and a second search in the same worker', async () => {
    expect(await serve({ ...message('lost-update', {}), v: 1 })).toEqual([
      { t: 'fatal', message: expect.stringMatching(/reload the page/) },
    ]);
    expect(await serve(message('lost-update', {}), false)).toEqual([
      { t: 'fatal', message: expect.stringMatching(/serves one run/) },
    ]);
  });

  it('says where a program does not compile', async () => {
    const posted = await serve(message('lost-update', { source: 'const x = ;\n' }));
    expect(posted).toEqual([{ t: 'compileError', message: expect.any(String), line: 1, column: expect.any(Number) }]);
  });
});

describe('wireRows', () => {
  it('sends at most 40 rows, the rest summed into one row of their own', () => {
    const rows = Array.from({ length: 45 }, (_, i) => ({ label: `r${i}`, key: `r${i}`, runs: 2, first: i }));
    const out = wireRows(rows);
    expect(out).toHaveLength(41);
    expect(out[39]).toEqual({ label: 'r39', runs: 2 });
    expect(out[40]).toEqual({ label: '… +5', runs: 10 });
    expect(wireRows(rows.slice(0, 3))).toHaveLength(3);
  });
});
