// The chart's item flows (put → take arrows, taskDone → join releases, items never taken) and their bands,
// built from trace events one by one or from packed runs of them, where the Flow objects wait until read.
import { ITEM_STEP, PUT, putSummary, type PackedItems } from '../protocol/packedItems';
import { FlowBands } from './flowBands';
import type { Flow, Row } from './model';
import { time, type Time } from './time';

/** A run of puts as the bands need it: a taken item's put time, producer row and colour, without its Flow. */
interface PutRun {
  item: number;
  n: number;
  at: Time;
  row: string;
  colour: number;
}

/** Item runs of a packed batch not yet made into Flows: `n` events of run `r` of `p` from event `first`. */
interface Unflowed {
  p: PackedItems;
  r: number;
  first: number;
  n: number;
}

/**
 * The flows of a run and their bands. Events one by one (`put`, `take`) make a Flow each at once; packed runs
 * (`putRun`, `takeRun`) are counted in the bands at once but make their Flows only when `all()` is read: a
 * live flood of 100k items then costs the page a few objects per run, not three per item, while the chart
 * draws bands. Flows stay in trace order either way.
 */
export class ItemFlows {
  readonly bands = new FlowBands();
  private readonly flows: Flow[] = [];
  private readonly byItem = new Map<number, Flow>();
  private releases = 0;
  private readonly unflowed: (Unflowed | Flow)[] = [];
  /** The put runs seen, in ascending item order (a taken item's put found by binary search). */
  private readonly putRuns: PutRun[] = [];
  /** Runs make their Flows at once from now on (item ids went back, so put runs cannot be searched). */
  private eager = false;

  /** `proc(pid)`: the row of a process, made if new (a take's consumer row is looked up only if the item is known). */
  constructor(private readonly proc: (pid: number) => Row) {}

  /** Every flow so far, in trace order (made now for the packed runs folded in without them). */
  all(): Flow[] {
    if (this.unflowed.length) this.flowsNow();
    return this.flows;
  }

  put(obj: string, item: number, summary: string, producer: Row, at: Time): void {
    this.bands.puts++;
    const flow: Flow = {
      kind: 'item',
      obj,
      item,
      summary,
      from: { row: producer.key, at },
      to: null,
      colour: producer.colour,
      lost: false,
    };
    this.flows.push(flow);
    this.byItem.set(item, flow);
  }

  take(item: number, pid: number, at: Time): void {
    const flow = this.byItem.get(item);
    if (!flow) return;
    flow.to = { row: this.proc(pid).key, at };
    this.byItem.delete(item);
    this.bands.add(flow);
  }

  /** A taskDone() by `from` that released `to`'s join(). */
  release(obj: string, from: Row, to: Row, at: Time): void {
    const release: Flow = {
      kind: 'release',
      obj,
      item: ++this.releases,
      summary: `taskDone() releases join()`,
      from: { row: from.key, at },
      to: { row: to.key, at },
      colour: from.colour,
      lost: false,
    };
    // In trace order among the item flows, which may not be made yet.
    if (this.unflowed.length) this.unflowed.push(release);
    else this.flows.push(release);
    this.bands.others.push(release);
  }

  /** The run ended with these items never taken: their flows are marked lost; returns their summaries. */
  untaken(items: readonly number[]): string[] {
    if (this.unflowed.length) this.flowsNow();
    const lost: string[] = [];
    for (const item of items) {
      const flow = this.byItem.get(item);
      if (!flow) continue;
      flow.lost = true;
      this.bands.others.push(flow);
      lost.push(flow.summary);
    }
    return lost;
  }

  /** Puts `first` to `first + n` of packed run `r` (items `item0`…) by `producer` at `at`. */
  putRun(p: PackedItems, r: number, first: number, n: number, item0: number, producer: Row, at: Time): void {
    this.bands.puts += n;
    const last = this.putRuns.at(-1);
    if (!this.eager && last && item0 < last.item + last.n) {
      // Item ids went back (never seen, but not promised): from now on, Flows at once and takes by them.
      this.flowsNow();
      this.eager = true;
    }
    const obj = p.names[p.obj[r]!]!;
    if (this.eager) return this.putFlows(p, first, n, obj, item0, { row: producer.key, at }, producer.colour);
    this.putRuns.push({ item: item0, n, at, row: producer.key, colour: producer.colour });
    this.unflowed.push({ p, r, first, n });
  }

  /** Takes `first` to `first + n` of packed run `r` (items `item0`…) by `pid` at `at`. */
  takeRun(p: PackedItems, r: number, first: number, n: number, item0: number, pid: number, at: Time): void {
    if (this.eager) return this.takeFlows(item0, n, pid, at, true);
    // Banded now from the put runs (each taken item's put time, row and colour); the Flows come when read.
    let to: string | null = null;
    for (let item = item0, end = item0 + n; item < end;) {
      const put = this.putRunOf(item);
      if (!put) {
        item++;
        continue;
      }
      const m = Math.min(end, put.item + put.n) - item;
      to ??= this.proc(pid).key;
      this.bands.addItems(put.row, to, put.colour, put.at, at, m);
      item += m;
    }
    this.unflowed.push({ p, r, first, n });
  }

  /** The put run that holds `item`, or undefined. */
  private putRunOf(item: number): PutRun | undefined {
    const runs = this.putRuns;
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid]!.item <= item) lo = mid;
      else hi = mid - 1;
    }
    const run = runs[lo];
    return run && run.item <= item && item < run.item + run.n ? run : undefined;
  }

  /** Makes the Flows of the runs folded in without them, in order. */
  private flowsNow(): void {
    for (const u of this.unflowed) {
      if ('kind' in u) {
        this.flows.push(u); // a release, already among bands.others
        continue;
      }
      const { p, r, first, n } = u;
      const item0 = p.item[r]! + (first - p.start[r]!) * ITEM_STEP[p.kind[r]!]!;
      const at = time(p.at[r]!);
      if (p.kind[r] !== PUT) {
        this.takeFlows(item0, n, p.pid[r]!, at, false);
        continue;
      }
      const row = this.proc(p.pid[r]!);
      this.putFlows(p, first, n, p.names[p.obj[r]!]!, item0, { row: row.key, at }, row.colour);
    }
    // The put runs stay: later takes of these items are banded through them, as before.
    this.unflowed.length = 0;
  }

  private putFlows(
    p: PackedItems,
    first: number,
    n: number,
    obj: string,
    item0: number,
    from: Flow['from'],
    colour: number,
  ) {
    // One `from` for the run's flows: the same row and moment (flows are never changed but for `to`, `lost`).
    for (let k = 0; k < n; k++) {
      const flow: Flow = {
        kind: 'item',
        obj,
        item: item0 + k,
        summary: putSummary(p, first + k),
        from,
        to: null,
        colour,
        lost: false,
      };
      this.flows.push(flow);
      this.byItem.set(item0 + k, flow);
    }
  }

  /** Takes items `item0`… by `pid` at `at`; `band`: count them in the bands too (not yet counted). */
  private takeFlows(item0: number, n: number, pid: number, at: Time, band: boolean): void {
    let to: Flow['to'] = null;
    for (let k = 0; k < n; k++) {
      const flow = this.byItem.get(item0 + k);
      if (!flow) continue;
      flow.to = to ??= { row: this.proc(pid).key, at };
      this.byItem.delete(item0 + k);
      if (band) this.bands.add(flow);
    }
  }
}
