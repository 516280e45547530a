// Taken item flows summed per (producer row, consumer row) and put-time bucket, so a live chart draws a flood as a few bands.
import type { Flow } from './model';

/** Buckets one pair of rows keeps; past them, the bucket width doubles (neighbours merge). */
export const MAX_BUCKETS = 2048;
/** The first bucket width, program ms (it grows with the run, so the first second stays fine-grained). */
const FIRST_WIDTH = 1 / 64;

/** Items moved from one row to another with puts in one stretch of time: drawn as one ribbon. */
export interface Band {
  /** Producer and consumer row keys. */
  from: string;
  to: string;
  /** The producer's colour slot. */
  colour: number;
  /** Items in the band. */
  count: number;
  /** Earliest and latest put, earliest and latest take (program ms). */
  put0: number;
  put1: number;
  take0: number;
  take1: number;
}

/** One producer→consumer pair of rows: a histogram of its items by put time. */
class Pair {
  width = FIRST_WIDTH;
  /** Buckets in use: indexes below this may hold items. */
  used = 0;
  readonly count = new Uint32Array(MAX_BUCKETS);
  readonly put0 = new Float64Array(MAX_BUCKETS);
  readonly put1 = new Float64Array(MAX_BUCKETS);
  readonly take0 = new Float64Array(MAX_BUCKETS);
  readonly take1 = new Float64Array(MAX_BUCKETS);

  constructor(
    readonly from: string,
    readonly to: string,
    readonly colour: number,
  ) {}

  add(put: number, take: number, n = 1): void {
    let i = Math.floor(put / this.width);
    while (i >= MAX_BUCKETS) {
      this.coarsen();
      i = Math.floor(put / this.width);
    }
    if (i < 0) i = 0;
    const c = this.count;
    if (c[i] === 0) {
      this.put0[i] = put;
      this.put1[i] = put;
      this.take0[i] = take;
      this.take1[i] = take;
    } else {
      if (put < this.put0[i]!) this.put0[i] = put;
      if (put > this.put1[i]!) this.put1[i] = put;
      if (take < this.take0[i]!) this.take0[i] = take;
      if (take > this.take1[i]!) this.take1[i] = take;
    }
    c[i]! += n;
    if (i >= this.used) this.used = i + 1;
  }

  /** Doubles the bucket width: bucket i takes in 2i and 2i + 1. */
  private coarsen(): void {
    const { count, put0, put1, take0, take1 } = this;
    const half = Math.ceil(this.used / 2);
    for (let i = 0; i < half; i++) {
      const a = 2 * i;
      const b = a + 1;
      const na = count[a]!;
      const nb = b < this.used ? count[b]! : 0;
      if (na === 0 && nb === 0) {
        count[i] = 0;
        continue;
      }
      const first = na ? a : b;
      let p0 = put0[first]!;
      let p1 = put1[first]!;
      let t0 = take0[first]!;
      let t1 = take1[first]!;
      if (na && nb) {
        p0 = Math.min(p0, put0[b]!);
        p1 = Math.max(p1, put1[b]!);
        t0 = Math.min(t0, take0[b]!);
        t1 = Math.max(t1, take1[b]!);
      }
      count[i] = na + nb;
      put0[i] = p0;
      put1[i] = p1;
      take0[i] = t0;
      take1[i] = t1;
    }
    count.fill(0, half, this.used);
    this.used = half;
    this.width *= 2;
  }
}

/**
 * The taken item flows of a run as histograms, kept up to date as items are taken (`add`), so that a chart of
 * 100k arrows costs a few hundred bands per frame instead of 100k paths. Flows it does not aggregate (joins
 * released by taskDone, items never taken) are listed in `others`, to be drawn one by one.
 */
export class FlowBands {
  private readonly pairs = new Map<string, Map<string, Pair>>();
  private last: Pair | null = null;
  /** Items aggregated so far (taken). */
  total = 0;
  /** Items put so far, taken or not (kept by the layout builder, so that counting them reads no flow). */
  puts = 0;
  /** Flows drawn one by one even among bands: releases and items never taken. */
  readonly others: Flow[] = [];

  /** Counts a taken item flow (`flow.to` set). */
  add(flow: Flow): void {
    if (flow.to) this.addItems(flow.from.row, flow.to.row, flow.colour, flow.from.at, flow.to.at, 1);
  }

  /** Counts `n` items put by row `from` at `putAt` and taken by row `to` at `takeAt` (`colour`: the producer's). */
  addItems(from: string, to: string, colour: number, putAt: number, takeAt: number, n: number): void {
    let pair = this.last;
    if (!pair || pair.from !== from || pair.to !== to) {
      let byTo = this.pairs.get(from);
      if (!byTo) this.pairs.set(from, (byTo = new Map()));
      pair = byTo.get(to) ?? null;
      if (!pair) byTo.set(to, (pair = new Pair(from, to, colour)));
      this.last = pair;
    }
    pair.add(putAt, takeAt, n);
    this.total += n;
  }

  /**
   * The bands with puts in [t0, t1) or reaching into it, each spanning at least `minMs` of put time
   * (buckets merge until they do). Every aggregated item in that stretch is in exactly one band.
   */
  bands(minMs: number, t0 = -Infinity, t1 = Infinity): Band[] {
    const out: Band[] = [];
    for (const byTo of this.pairs.values()) {
      for (const pair of byTo.values()) {
        let g = 1;
        while (g * pair.width < minMs && g < MAX_BUCKETS) g *= 2;
        const { count, put0, put1, take0, take1 } = pair;
        for (let start = 0; start < pair.used; start += g) {
          let band: Band | null = null;
          for (let i = start; i < Math.min(pair.used, start + g); i++) {
            const n = count[i]!;
            if (n === 0) continue;
            if (!band) {
              band = {
                from: pair.from,
                to: pair.to,
                colour: pair.colour,
                count: n,
                put0: put0[i]!,
                put1: put1[i]!,
                take0: take0[i]!,
                take1: take1[i]!,
              };
              continue;
            }
            band.count += n;
            band.put0 = Math.min(band.put0, put0[i]!);
            band.put1 = Math.max(band.put1, put1[i]!);
            band.take0 = Math.min(band.take0, take0[i]!);
            band.take1 = Math.max(band.take1, take1[i]!);
          }
          if (band && band.take1 >= t0 && band.put0 < t1) out.push(band);
        }
      }
    }
    return out;
  }
}
