// The numbers of a run, each defined once (names and meanings in numbers.ts): times, running, parallelism, pools, items.
import type { Layout, ProcState, Row } from './model';

/** Time one process spent in each state. */
export interface ProcessSummary {
  key: string;
  pid: number;
  name: string;
  colour: number;
  /** Program time it spent running code. */
  runningMs: number;
  /** Program time it spent in time.sleep(). */
  sleepingMs: number;
  ms: Record<ProcState, number>;
}

/** A Pool's tasks and how long the pool took for them (see NUMBER_WORDS: poolTime, taskConcurrency, poolSpeedup). */
export interface PoolSummary {
  key: string;
  name: string;
  workers: number;
  tasks: number;
  /** The function its tasks ran (the most frequent one). */
  fn: string;
  /** Σ task durations. */
  taskMs: number;
  /** From Pool(…) to the end of its last task: what a program timing the pool measures. */
  poolMs: number;
  /** Σ task durations ÷ (last task's end − first task's start): how many tasks ran at once, on average. */
  concurrency: number;
  /**
   * Against the first earlier pool that ran as many tasks of the same function (the CPU-bound lesson's
   * one-worker pool): its pool time ÷ this pool's. Null when there is no such pool.
   */
  speedup: { against: string; ratio: number } | null;
}

export interface Summary {
  /** Program time from the run's start to its end (or to the moment shown). */
  programMs: number;
  /** Wall-clock time of the whole run, when known (a finished run, a trace file); null otherwise. */
  realMs: number | null;
  /** Σ program time processes spent running code. */
  runningMs: number;
  /** Σ program time processes spent sleeping. */
  sleepingMs: number;
  /** runningMs / programMs: how many processes ran code at once, on average. */
  parallelism: number;
  processes: ProcessSummary[];
  pools: PoolSummary[];
  items: { put: number; taken: number; lost: number };
}

const NO_TIME: Record<ProcState, number> = {
  starting: 0,
  running: 0,
  sleeping: 0,
  blocked: 0,
  terminating: 0,
  zombie: 0,
};

/**
 * Sums the layout up (call it again while the run goes, or for a replay's layout: open spans count up to the
 * layout's end). `realMs`: the run's wall-clock time, when the caller knows it.
 */
export function summarize(layout: Layout, realMs: number | null = null): Summary {
  const processes: ProcessSummary[] = [];
  const poolRows: Row[] = [];
  let runningMs = 0;
  let sleepingMs = 0;
  for (const row of layout.rows) {
    if (row.kind === 'process' && row.pid !== null && !row.synthetic) {
      const ms = { ...NO_TIME };
      for (const s of row.spans) ms[s.state] += s.end - s.start;
      runningMs += ms.running;
      sleepingMs += ms.sleeping;
      processes.push({
        key: row.key,
        pid: row.pid,
        name: row.name,
        colour: row.colour,
        runningMs: ms.running,
        sleepingMs: ms.sleeping,
        ms,
      });
    } else if (row.kind === 'pool') poolRows.push(row);
  }
  const programMs = Math.max(0, layout.end - layout.start);
  return {
    programMs,
    realMs,
    runningMs,
    sleepingMs,
    parallelism: programMs > 0 ? runningMs / programMs : 0,
    processes,
    pools: summarizePools(layout, poolRows),
    items: countItems(layout),
  };
}

function summarizePools(layout: Layout, poolRows: readonly Row[]): PoolSummary[] {
  const pools: PoolSummary[] = [];
  for (const row of poolRows) {
    const workers = layout.rows.filter((r) => r.parent === row.key);
    let first = Infinity;
    let last = -Infinity;
    let taskMs = 0;
    let tasks = 0;
    const fns = new Map<string, number>();
    for (const w of workers) {
      for (const t of w.tasks) {
        if (t.obj !== row.name) continue;
        tasks++;
        taskMs += t.end - t.start;
        first = Math.min(first, t.start);
        last = Math.max(last, t.end);
        fns.set(t.fn, (fns.get(t.fn) ?? 0) + 1);
      }
    }
    const fn = [...fns].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    const created = row.spawnedAt ?? (tasks ? first : 0);
    const poolMs = tasks ? Math.max(0, last - created) : 0;
    const busySpan = tasks ? last - first : 0;
    const base = pools.find((p) => p.tasks === tasks && p.fn === fn && tasks > 0 && p.poolMs > 0);
    pools.push({
      key: row.key,
      name: row.name,
      workers: workers.length,
      tasks,
      fn,
      taskMs,
      poolMs,
      concurrency: busySpan > 0 ? taskMs / busySpan : 0,
      speedup: base && poolMs > 0 ? { against: base.name, ratio: base.poolMs / poolMs } : null,
    });
  }
  return pools;
}

function countItems(layout: Layout): Summary['items'] {
  let taken = 0;
  let lost = 0;
  let put = 0;
  if (layout.bands) {
    // Counted by the bands (every item put and taken) and from the few flows they leave out, not from 100k
    // flows each time (which a live flood has not even made: see TimelineBuilder.addBatch).
    for (const f of layout.bands.others) if (f.kind !== 'release' && f.lost) lost++;
    taken = layout.bands.total;
    put = layout.bands.puts;
  } else {
    for (const f of layout.flows) {
      if (f.kind !== 'item') continue;
      put++;
      if (f.to) taken++;
      if (f.lost) lost++;
    }
  }
  return { put, taken, lost };
}
