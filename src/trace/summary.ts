// The numbers above the chart: wall time, each process's busy time, parallelism, and a pool's speed-up.
import { isBusy, type Layout, type ProcState } from './model';

/** Time one process spent in each state. */
export interface ProcessSummary {
  key: string;
  pid: number;
  name: string;
  colour: number;
  /** Running or sleeping (sleep stands in for work in the seed's examples). */
  busyMs: number;
  ms: Record<ProcState, number>;
}

/** A pool's tasks: how long they took one after another, against how long the pool took for them. */
export interface PoolSummary {
  key: string;
  name: string;
  workers: number;
  tasks: number;
  /** Σ task durations: what one worker would have needed. */
  serialMs: number;
  /** From the first task's start to the last one's end. */
  elapsedMs: number;
  /** serialMs / elapsedMs: the speed-up against one worker. */
  speedup: number;
}

export interface Summary {
  /** From the first event to the end of the run (program time). */
  wallMs: number;
  /** Σ busy over every process. */
  busyMs: number;
  /** Σ busy / wall: how many processes were busy at once, on average. */
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

/** Sums the layout up (call it again while the run goes: open spans count up to the layout's end). */
export function summarize(layout: Layout): Summary {
  const processes: ProcessSummary[] = [];
  const pools: PoolSummary[] = [];
  let busyMs = 0;
  for (const row of layout.rows) {
    if (row.kind === 'process' && row.pid !== null && !row.synthetic) {
      const ms = { ...NO_TIME };
      let busy = 0;
      for (const s of row.spans) {
        const d = s.end - s.start;
        ms[s.state] += d;
        if (isBusy(s.state)) busy += d;
      }
      busyMs += busy;
      processes.push({ key: row.key, pid: row.pid, name: row.name, colour: row.colour, busyMs: busy, ms });
    } else if (row.kind === 'pool') {
      const workers = layout.rows.filter((r) => r.parent === row.key);
      let first = Infinity;
      let last = -Infinity;
      let serialMs = 0;
      let tasks = 0;
      for (const w of workers) {
        for (const t of w.tasks) {
          tasks++;
          serialMs += t.end - t.start;
          first = Math.min(first, t.start);
          last = Math.max(last, t.end);
        }
      }
      const elapsedMs = tasks ? last - first : 0;
      pools.push({
        key: row.key,
        name: row.name,
        workers: workers.length,
        tasks,
        serialMs,
        elapsedMs,
        speedup: elapsedMs > 0 ? serialMs / elapsedMs : 0,
      });
    }
  }
  const wallMs = Math.max(0, layout.end - layout.start);
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
  return {
    wallMs,
    busyMs,
    parallelism: wallMs > 0 ? busyMs / wallMs : 0,
    processes,
    pools,
    items: { put, taken, lost },
  };
}
