// Lesson tests for the seed's section 6 (the process pool) and the pool lessons beyond it: one at a time vs four waves of five, 200 rows vs 5, completion order, remote tracebacks, real parallel cores — through the CLI and its trace.
import { beforeAll, describe, expect, it } from 'vitest';
import type { TraceFile } from '../protocol/trace';
import { exampleById } from './catalog';
import {
  RUN_TIMEOUT_MS,
  eventsOf,
  expectProblems,
  linesOf,
  runMpplay,
  traceProblems,
  type MpplayRun,
} from './testing/testkit';

const WORKERS = [
  'SpawnPoolWorker-1',
  'SpawnPoolWorker-2',
  'SpawnPoolWorker-3',
  'SpawnPoolWorker-4',
  'SpawnPoolWorker-5',
];

/** One Pool task (a chunk of a job) as the trace shows it: a span in program ms on its worker. */
interface Span {
  pid: number;
  worker: string;
  job: number;
  chunk: number;
  fn: string;
  summary: string;
  start: number;
  end: number;
  ok: boolean;
}

/** The process names of the trace, by pid. */
function namesOf(trace: TraceFile): Map<number, string> {
  return new Map(eventsOf(trace, 'spawn').map((e) => [e.pid, e.name]));
}

/** Every task span of the run, in the order they started; every start has its end. */
function spans(trace: TraceFile): Span[] {
  const names = namesOf(trace);
  const open = new Map<string, Span>();
  const out: Span[] = [];
  for (const e of eventsOf(trace, 'task')) {
    const key = `${e.pid}/${e.job}/${e.chunk}`;
    if (e.phase === 'start') {
      const span = {
        pid: e.pid,
        worker: names.get(e.pid) ?? `pid ${e.pid}`,
        job: e.job,
        chunk: e.chunk,
        fn: e.fn,
        summary: e.summary,
        start: e.at,
        end: NaN,
        ok: false,
      };
      open.set(key, span);
      out.push(span);
    } else {
      const span = open.get(key);
      expect(span, `the start of task ${key}`).toBeDefined();
      span!.end = e.at;
      span!.ok = e.ok === true;
      open.delete(key);
    }
  }
  expect([...open.keys()], 'task spans that never ended').toEqual([]);
  return out;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const length = (s: Span) => s.end - s.start;

/** The most spans running at the same moment. */
function maxConcurrency(ss: readonly Span[]): number {
  const edges = ss.flatMap((s) => [
    [s.start, 1],
    [s.end, -1],
  ]);
  // At equal times, ends before starts: a worker that finishes one task and starts the next is one task.
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d!));
  return max;
}

/** Program ms during which spans of two different workers ran at the same time. */
function overlapMs(a: readonly Span[], b: readonly Span[]): number {
  return sum(a.flatMap((x) => b.map((y) => Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start)))));
}

/** The seed's 6.2–6.4 task: `i += 1; print(i); sleep(random.randint(1, 2))`, 20 of them. */
function expectTwentyTasks(id: string, run: MpplayRun, ss: Span[]): void {
  expect(expectProblems(run, exampleById(id)?.expect)).toEqual([]);
  expect(traceProblems(run.trace)).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(ss).toHaveLength(20);
  expect(ss.every((s) => s.fn === 'task' && s.ok)).toBe(true);
  // One job per apply/applyAsync, its one argument the loop's i.
  expect(ss.map((s) => s.summary).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `[${i}]`).sort());
  // Each task sleeps randint(1, 2) program-seconds.
  for (const s of ss) expect(length(s), `${s.worker} task ${s.summary}`).toBeGreaterThanOrEqual(950);
  for (const s of ss) expect(length(s), `${s.worker} task ${s.summary}`).toBeLessThan(2600);
  // Every line the workers print is one of 1..20, each once; the main process prints nothing.
  const printed = WORKERS.flatMap((w) => linesOf(run, w));
  expect(printed.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  expect(linesOf(run, 'MainProcess')).toEqual([]);
  // Five daemonic workers, terminated when the main program ends (it never closes the pool).
  const spawns = eventsOf(run.trace, 'spawn').filter((e) => e.name !== 'MainProcess');
  expect(spawns.map((e) => e.name)).toEqual(WORKERS);
  expect(spawns.every((e) => e.daemon)).toBe(true);
  for (const w of WORKERS) expect(run.exits.get(w), w).toBe(-15);
}

/** One task at a time: no two spans overlap, and the tasks take their whole sum: about 20 task-lengths. */
function expectOneAtATime(id: string, run: MpplayRun): void {
  const ss = spans(run.trace);
  expectTwentyTasks(id, run, ss);
  expect(maxConcurrency(ss)).toBe(1);
  for (let i = 1; i < ss.length; i++) expect(ss[i]!.start).toBeGreaterThanOrEqual(ss[i - 1]!.end);
  // One at a time, in the loop's order: the workers print 1, 2, ..., 20.
  const printed = run.lines.filter((l) => l.name.startsWith('SpawnPoolWorker-')).map((l) => l.text);
  expect(printed).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
  const busy = sum(ss.map(length));
  const elapsed = ss.at(-1)!.end - ss[0]!.start;
  const mean = busy / ss.length;
  expect(elapsed).toBeGreaterThanOrEqual(busy);
  // The hand-overs between tasks cost next to nothing: the run is the tasks' sum, ~20 task-lengths (20–40 s).
  expect(elapsed).toBeLessThanOrEqual(busy + 20 * 200);
  expect(elapsed / mean).toBeGreaterThanOrEqual(20);
  expect(elapsed / mean).toBeLessThan(22);
  expect(elapsed).toBeGreaterThanOrEqual(20_000);
}

describe('pool-vs-processes (6.1): 200 Process objects vs Pool(5).map over 200 items', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('pool-vs-processes');
  }, RUN_TIMEOUT_MS);

  it('prints both timings and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('pool-vs-processes')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
    const lines = linesOf(run, 'MainProcess');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^for循环方式启动 200 个进程: \d+\.\d+$/);
    expect(lines[1]).toMatch(/^进程池 Pool\(5\) 执行 200 个任务: \d+\.\d+$/);
  });

  it('the trace holds 200 process rows for the loop and only 5 pool workers for the 200 items', () => {
    const spawns = eventsOf(run.trace, 'spawn').filter((e) => e.name !== 'MainProcess');
    const procs = spawns.filter((e) => /^Process-\d+$/.test(e.name));
    const workers = spawns.filter((e) => e.name.startsWith('SpawnPoolWorker-'));
    expect(procs.map((e) => e.name)).toEqual(Array.from({ length: 200 }, (_, i) => `Process-${i + 1}`));
    expect(workers.map((e) => e.name)).toEqual([201, 202, 203, 204, 205].map((n) => `SpawnPoolWorker-${n}`));
    expect(spawns).toHaveLength(205);
    expect(workers.every((e) => e.daemon)).toBe(true);
    for (const e of spawns) expect(run.exits.get(e.name), e.name).toBe(0); // the pool was closed and joined
  });

  it("map cuts the 200 items into CPython's default chunks of 10 and runs all of them on the 5 workers", () => {
    const ss = spans(run.trace);
    expect(ss).toHaveLength(20);
    expect(new Set(ss.map((s) => s.job)).size).toBe(1);
    expect(ss.map((s) => s.chunk).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(ss.every((s) => s.fn === 'task' && s.ok && s.worker.startsWith('SpawnPoolWorker-'))).toBe(true);
    expect(new Set(ss.map((s) => s.worker)).size).toBeLessThanOrEqual(5);
    // The pool starts after the 200 processes have all been joined.
    const names = namesOf(run.trace);
    const lastProcessExit = Math.max(
      ...eventsOf(run.trace, 'exit')
        .filter((e) => /^Process-\d+$/.test(names.get(e.pid) ?? ''))
        .map((e) => e.at),
    );
    expect(ss[0]!.start).toBeGreaterThanOrEqual(lastProcessExit);
  });

  it('the pool is the faster way: its figure is below the loop of processes', () => {
    const [loop, pool] = linesOf(run, 'MainProcess').map((l) => Number(/[\d.]+$/.exec(l)?.[0]));
    expect(loop).toBeGreaterThan(0);
    expect(pool).toBeGreaterThan(0);
    expect(pool).toBeLessThan(loop!);
  });
});

describe('pool-apply (6.2): apply() runs the tasks one at a time', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('pool-apply');
  }, RUN_TIMEOUT_MS);

  it('takes about 20 task-lengths in program time, one task after another, printed 1 to 20', () => {
    expectOneAtATime('pool-apply', run);
  });

  it('the main process waits in each apply(): it is blocked once per task', () => {
    const main = eventsOf(run.trace, 'spawn').find((e) => e.name === 'MainProcess')?.pid ?? 1000;
    const blocked = eventsOf(run.trace, 'blocked').filter((e) => e.pid === main);
    expect(blocked.length).toBeGreaterThanOrEqual(20);
  });
});

describe('pool-apply-async-wrong (6.3): get() inside the loop serialises applyAsync', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('pool-apply-async-wrong');
  }, RUN_TIMEOUT_MS);

  it('takes about 20 task-lengths in program time, one task after another, printed 1 to 20', () => {
    expectOneAtATime('pool-apply-async-wrong', run);
  });
});

describe('pool-apply-async-right (6.4): collect the AsyncResults, then get() them: four waves of five', () => {
  let run: MpplayRun;
  let ss: Span[];
  beforeAll(async () => {
    run = await runMpplay('pool-apply-async-right');
    ss = spans(run.trace);
  }, RUN_TIMEOUT_MS);

  it('runs the 20 tasks, each printing its number once', () => {
    expectTwentyTasks('pool-apply-async-right', run, ss);
  });

  it('five tasks run at once on the five workers, and the first five start together', () => {
    expect(maxConcurrency(ss)).toBe(5);
    expect(new Set(ss.slice(0, 5).map((s) => s.worker)).size).toBe(5);
    const firstFive = ss.slice(0, 5).map((s) => s.start);
    // Submitted at once: they start as the workers come up, well within the shortest task (1 s).
    expect(Math.max(...firstFive) - Math.min(...firstFive)).toBeLessThan(700);
    // Until the last five have been handed out, a worker that finishes takes the next task at once.
    for (const s of ss.slice(5)) {
      const freed = ss.filter((t) => t.worker === s.worker && t.end <= s.start).map((t) => t.end);
      expect(s.start - Math.max(...freed), `${s.worker} idles before ${s.summary}`).toBeLessThan(100);
    }
  });

  it('takes about 4 task-lengths in program time (four waves of five), not 20', () => {
    const busy = sum(ss.map(length));
    const end = Math.max(...ss.map((s) => s.end)) - Math.min(...ss.map((s) => s.start));
    const mean = busy / ss.length;
    const longest = Math.max(...ss.map(length));
    // Five workers never idle while tasks wait: at least a fifth of the work, at most that plus one task (list
    // scheduling's bound), plus the start-ups.
    expect(end).toBeGreaterThanOrEqual(busy / 5);
    expect(end).toBeLessThanOrEqual(busy / 5 + longest + 700);
    expect(end / mean).toBeGreaterThan(3);
    expect(end / mean).toBeLessThan(6.5);
    // Each worker runs about four tasks.
    const perWorker = WORKERS.map((w) => ss.filter((s) => s.worker === w).length);
    expect(sum(perWorker)).toBe(20);
    expect(Math.min(...perWorker)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...perWorker)).toBeLessThanOrEqual(6);
    // The run itself (program time, first to last event) is a small fraction of the 20–40 s the serial runs take.
    expect(run.trace.events.at(-1)!.at).toBeLessThan(busy / 3);
  });
});

describe('imap-unordered: results arrive in completion order; imap waits for the first task', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('imap-unordered');
  }, RUN_TIMEOUT_MS);

  /** `[task, seconds]` of the lines that start with `label `. */
  function got(label: string): [number, number][] {
    return linesOf(run, 'MainProcess').flatMap((l) => {
      const m = new RegExp(`^${label} 拿到任务 (\\d) 的结果, 第 (\\d+\\.\\d\\d) 秒$`).exec(l);
      return m ? [[Number(m[1]), Number(m[2])] as [number, number]] : [];
    });
  }

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('imap-unordered')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
    expect(linesOf(run, 'MainProcess')).toHaveLength(10);
  });

  it('imapUnordered yields the tasks of decreasing length out of order: 4, 3, 2, 1, 0, about a second apart', () => {
    const unordered = got('imapUnordered');
    expect(unordered.map(([i]) => i)).toEqual([4, 3, 2, 1, 0]);
    // Task i sleeps 5 - i seconds: its result comes at about 5 - i seconds, plus the workers' start-up and, on a
    // loaded machine, late wake-ups (wall delays, doubled in program time at speed 2).
    unordered.forEach(([i, secs]) => {
      expect(secs).toBeGreaterThanOrEqual(5 - i - 0.05);
      expect(secs).toBeLessThan(5 - i + 1.5);
    });
  });

  it('imap yields them in order, all at about 5 s: the slowest task 0 holds back the others', () => {
    const ordered = got('imap');
    expect(ordered.map(([i]) => i)).toEqual([0, 1, 2, 3, 4]);
    for (const [, secs] of ordered) {
      expect(secs).toBeGreaterThanOrEqual(4.95);
      expect(secs).toBeLessThan(6);
    }
    expect(ordered.at(-1)![1] - ordered[0]![1]).toBeLessThan(0.5);
  });

  it('the trace shows one span per task, on five workers at once, of 5 - i seconds', () => {
    const ss = spans(run.trace);
    expect(ss).toHaveLength(10);
    expect(maxConcurrency(ss)).toBe(5);
    for (const s of ss) {
      const i = Number(s.summary); // a chunk of one item: the item
      expect(length(s), `task ${i}`).toBeGreaterThanOrEqual((5 - i) * 1000 - 50);
      expect(length(s), `task ${i}`).toBeLessThan((5 - i) * 1000 + 800);
    }
    // The unordered job's spans end in reverse order of their items.
    const first = ss.filter((s) => s.job === ss[0]!.job);
    expect([...first].sort((a, b) => a.end - b.end).map((s) => s.summary)).toEqual(['4', '3', '2', '1', '0']);
  });
});

describe("pool-exception: a task's exception is re-raised by get() and map(), with the worker's traceback", () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('pool-exception');
  }, RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('pool-exception')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  it('get() re-raises the same class with the same message, its cause a RemoteTraceback with the TypeScript line', () => {
    const source = exampleById('pool-exception')!.source.split('\n');
    const line = source.findIndex((l) => l.includes('throw new ValueError')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(linesOf(run, 'MainProcess')).toEqual([
      '任务 0 的结果: 0',
      '任务 1 的结果: 1',
      '任务 2 的结果: 4',
      '任务 3 出错, get() 抛出 ValueError: 任务 3 出错了',
      'cause 是 RemoteTraceback: ',
      '"""',
      'Traceback (most recent call last):',
      `  File "pool-exception.ts", line ${line}, in task`,
      '    throw new ValueError(`任务 ${i} 出错了`);',
      'ValueError: 任务 3 出错了',
      '"""',
      '任务 4 的结果: 16',
      'map() 抛出 ValueError: 任务 3 出错了',
      '之后的任务照常运行: 16',
    ]);
  });

  it('the failing tasks are spans that end with ok: false; the workers survive them and exit 0 after close/join', () => {
    const ss = spans(run.trace);
    const failed = ss.filter((s) => !s.ok);
    // The applyAsync of 3 (its argument list) and the map chunk holding 3 (5 items over 2 workers: chunks of 1).
    expect(failed.map((s) => s.summary)).toEqual(['[3]', '3']);
    expect(ss.filter((s) => s.ok)).toHaveLength(ss.length - 2);
    // Which worker takes which task is a race (one may take them all): every worker ran only tasks of this
    // pool, survived the failures and exits 0.
    const ran = new Set(ss.map((s) => s.worker));
    const names = ['SpawnPoolWorker-1', 'SpawnPoolWorker-2'];
    expect([...ran].every((w) => names.includes(w))).toBe(true);
    for (const w of names) expect(run.exits.get(w), w).toBe(0);
    // The last apply ran after both failures, on a worker that had run a failing task or beside it: nobody restarted.
    expect(eventsOf(run.trace, 'spawn')).toHaveLength(3);
    expect(run.lines.filter((l) => l.stream === 'stderr')).toEqual([]);
  });
});

describe('cpu-bound-speedup: CPU work over cpuCount() workers runs on real parallel cores', () => {
  let run: MpplayRun;
  beforeAll(async () => {
    run = await runMpplay('cpu-bound-speedup');
  }, 2 * RUN_TIMEOUT_MS);

  it('prints its lines and exits 0, as the catalog says', () => {
    expect(expectProblems(run, exampleById('cpu-bound-speedup')?.expect)).toEqual([]);
    expect(traceProblems(run.trace)).toEqual([]);
    const lines = linesOf(run, 'MainProcess');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^(\d+) 个任务, (\d+) 个 CPU 核$/);
    const [tasks, cpus] = /^(\d+) 个任务, (\d+) 个 CPU 核$/.exec(lines[0]!)!.slice(1).map(Number);
    expect(tasks).toBe(2 * cpus!);
    expect(lines[1]).toMatch(/^1 个进程: \d+\.\d\d 秒$/);
    expect(lines[2]).toMatch(new RegExp(`^${cpus} 个进程: \\d+\\.\\d\\d 秒$`));
    expect(lines[3]).toMatch(/^加速比: \d+\.\d\d 倍$/);
  });

  it('the one-worker pool runs the tasks one after another; the cpuCount() workers run theirs at the same time', () => {
    const ss = spans(run.trace);
    const [single, ...rest] = [...new Set(ss.map((s) => s.job))];
    expect(rest).toHaveLength(1);
    const one = ss.filter((s) => s.job === single);
    const many = ss.filter((s) => s.job === rest[0]);
    expect(new Set(one.map((s) => s.worker)).size).toBe(1);
    expect(maxConcurrency(one)).toBe(1);
    const workers = [...new Set(many.map((s) => s.worker))];
    const cpus = Number(/^\d+ 个任务, (\d+)/.exec(linesOf(run, 'MainProcess')[0]!)?.[1]);
    expect(workers).toHaveLength(cpus);
    expect(maxConcurrency(many)).toBe(cpus);
    // Real parallelism in program time (which runs at 1× while anything computes): over the many-worker run,
    // the two first workers' spans overlap for most of it.
    const [a, b] = workers.map((w) => many.filter((s) => s.worker === w));
    const elapsed = Math.max(...many.map((s) => s.end)) - Math.min(...many.map((s) => s.start));
    const parallelism = sum(many.map(length)) / elapsed;
    const overlap = overlapMs(a!, b!);
    const speedUp = /^加速比: (\S+) 倍$/.exec(linesOf(run, 'MainProcess')[3]!)?.[1];
    console.log(
      `cpu-bound-speedup: speed-up ${speedUp} on ${cpus} workers; parallelism ${parallelism.toFixed(2)}, ` +
        `overlap ${Math.round(overlap)} of ${Math.round(elapsed)} program ms`,
    );
    expect(overlap).toBeGreaterThan(0.5 * elapsed);
    expect(parallelism).toBeGreaterThan(1.5);
  });
});
