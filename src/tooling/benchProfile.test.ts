// The profile summaries of `npm run bench` (bench/profile.mjs): a CPU profile's hot functions, a Chromium
// trace's per-thread profiles, and the names the report gives threads and modules.
import { describe, expect, it } from 'vitest';
import {
  annotateModules,
  moduleAt,
  moduleIndex,
  pageThreadLabel,
  placeOf,
  profilesFromTrace,
  summariseCpuProfile,
  threadLabel,
} from '../../bench/profile.mjs';

describe('summariseCpuProfile', () => {
  // root → main → hot, plus (idle) and (garbage collector); samples every 1000 µs.
  const profile = {
    startTime: 0,
    endTime: 10_000,
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 4, 5] },
      { id: 2, callFrame: { functionName: 'main', url: 'file:///x/cli.mjs', lineNumber: 9 }, children: [3] },
      { id: 3, callFrame: { functionName: 'producer', url: 'file:///x/cli.mjs', lineNumber: 19 } },
      { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      { id: 5, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
    ],
    samples: [3, 3, 3, 2, 4, 4, 5, 3, 4, 4],
    timeDeltas: [0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
  };

  it('sums self time per function outside (idle), from the gaps between samples', () => {
    const s = summariseCpuProfile(profile);
    expect(s.wallMs).toBe(10);
    expect(s.idleMs).toBe(3); // the last sample has no gap after it
    expect(s.busyMs).toBe(6);
    expect(s.gcMs).toBe(1);
    expect(s.top[0]).toEqual({
      fn: 'producer',
      url: 'file:///x/cli.mjs',
      line: 20,
      where: 'cli.mjs:20',
      selfMs: 4,
      pct: (100 * 4) / 6,
    });
    expect(s.top.map((h) => h.fn)).toEqual(['producer', 'main', '(garbage collector)']);
  });

  it('names the thread by the program functions it ran', () => {
    const s = summariseCpuProfile(profile);
    const labels: [string, string][] = [
      ['consumer', 'consumer'],
      ['producer', 'producer'],
    ];
    expect(threadLabel(s, false, labels)).toBe('producer');
    expect(threadLabel(s, true, labels)).toMatch(/kernel/);
    expect(threadLabel(s, false, [['pong', 'pong']])).toMatch(/spare/);
  });

  it('names the threads of a page: main thread, kernel worker, process workers', () => {
    const s = summariseCpuProfile({
      ...profile,
      nodes: profile.nodes.map((n) =>
        n.id === 3 ? { ...n, callFrame: { ...n.callFrame, url: 'http://h/assets/kernelWorker-abc.js' } } : n,
      ),
    });
    expect(pageThreadLabel(s, true, [])).toMatch(/^page/);
    expect(pageThreadLabel(s, false, [['producer', 'producer']])).toBe('kernel (worker)');
  });

  it('finds the source module of a bundle line, and shows the program and Node internals plainly', () => {
    const bundle = ['// header', '// src/kernel/kernel.ts', 'a', 'b', '//#region src/hosts/clock.ts', 'c'].join('\n');
    const index = moduleIndex(bundle);
    expect(index).toEqual([
      { line: 2, module: 'src/kernel/kernel.ts' },
      { line: 5, module: 'src/hosts/clock.ts' },
    ]);
    expect([1, 2, 4, 5, 99].map((l) => moduleAt(index, l))).toEqual([
      null,
      'src/kernel/kernel.ts',
      'src/kernel/kernel.ts',
      'src/hosts/clock.ts',
      'src/hosts/clock.ts',
    ]);
    expect(placeOf('data:text/javascript;charset=utf-8,__mp_register(...)', 14)).toBe('the program:14');
    expect(placeOf('3e72afe5-28dd-4bee-809b-19044a8e10c9', 3)).toBe('the program:3');
    expect(placeOf('node:internal/bootstrap/realm', 383)).toBe('node:internal/bootstrap/realm:383');
    const s = annotateModules(summariseCpuProfile(profile), (url) => (url.endsWith('cli.mjs') ? bundle : null));
    expect(s.top[0]?.where).toBe('src/hosts/clock.ts, cli.mjs:20');
  });

  it("counts a native call's time in its JS caller's module", () => {
    const p = {
      startTime: 0,
      endTime: 4000,
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 }, children: [2, 4] },
        { id: 2, callFrame: { functionName: 'post', url: 'file:///b.mjs', lineNumber: 5 }, children: [3] },
        { id: 3, callFrame: { functionName: 'postMessage', url: '', lineNumber: -1 } },
        { id: 4, callFrame: { functionName: '(garbage collector)', url: '', lineNumber: -1 } },
      ],
      samples: [3, 3, 2, 4, 4],
      timeDeltas: [0, 1000, 1000, 1000, 1000],
    };
    const s = summariseCpuProfile(p);
    expect(s.top[0]).toMatchObject({ fn: 'postMessage', where: '', selfMs: 2 });
    expect(s.modules.map((m) => [m.module, m.ms])).toEqual([
      ['b.mjs', 3],
      ['(garbage collector)', 1],
    ]);
    annotateModules(s, () => '// src/hosts/node/processWorker.ts\nx');
    expect(s.modules[0]).toEqual({ module: 'src/hosts/node/processWorker.ts', ms: 3, pct: 75 });
  });
});

describe('profilesFromTrace', () => {
  it("assembles each thread's profile from a Chromium trace's Profile and ProfileChunk events", () => {
    const events = [
      { name: 'thread_name', ph: 'M', pid: 1, tid: 10, args: { name: 'CrRendererMain' } },
      { name: 'thread_name', ph: 'M', pid: 1, tid: 11, args: { name: 'DedicatedWorker thread' } },
      { name: 'Profile', ph: 'P', pid: 1, tid: 11, id: '0x2', args: { data: { startTime: 1000 } } },
      {
        name: 'ProfileChunk',
        ph: 'P',
        pid: 1,
        tid: 12,
        id: '0x2',
        args: {
          data: {
            cpuProfile: {
              nodes: [
                { id: 1, callFrame: { functionName: '(root)' } },
                { id: 2, callFrame: { functionName: 'pong', url: 'blob-uuid' }, parent: 1 },
              ],
              samples: [2, 2],
            },
            timeDeltas: [0, 500],
          },
        },
      },
      {
        name: 'ProfileChunk',
        ph: 'P',
        pid: 1,
        tid: 12,
        id: '0x2',
        args: { data: { cpuProfile: { samples: [1] }, timeDeltas: [500] } },
      },
    ];
    const [p, ...rest] = profilesFromTrace(events);
    expect(rest).toHaveLength(0);
    expect(p).toMatchObject({ thread: 'DedicatedWorker thread', isMain: false });
    expect(p?.profile).toMatchObject({ startTime: 1000, endTime: 2000, samples: [2, 2, 1], timeDeltas: [0, 500, 500] });
    const s = summariseCpuProfile(p!.profile);
    expect(s.busyMs).toBe(1);
    expect(s.top[0]?.fn).toBe('pong');
  });
});
