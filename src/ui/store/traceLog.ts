// Hot run data kept outside React (STYLE habit 8): every trace event, the folded process table, and listeners.
import type { PackedBatch } from '../../hosts/browser/bridgeTypes';
import { mergeEvents, packedSource, type TraceBatch } from '../../protocol/packedItems';
import type { TraceEvent } from '../../protocol/trace';
import { ProcTable, type ProcRow } from './procTable';

/** Output events kept per run; beyond this a print flood is counted, not stored (state events are all kept). */
const MAX_STORED_OUTPUT = 100_000;

/**
 * The trace of the current run. The store carries only `traceVersion`; components that draw from
 * the trace read it here when the version changes.
 *
 * Item rows (put, take, taskDone) are kept packed as they arrived and become event objects only when
 * `events` is read: while a queue floods, the page then spends its main thread on them only as often as
 * the chart takes them in (at most a tenth of it, see TimelineController), not on every batch, and so
 * competes less for the cores the run's processes need.
 */
export class TraceLog {
  private readonly decoded: TraceEvent[] = [];
  /** Every batch of the run in order, as it arrived (item events still packed); the chart reads these. */
  private kept: TraceBatch[] = [];
  /** Batches already decoded into `decoded`. */
  private decodedBatches = 0;
  private pendingCount = 0;
  /** The process table, now and at any moment of the run (a replay's). */
  readonly table = new ProcTable();
  /** The processes as they are now, by pid. */
  get procs(): ReadonlyMap<number, ProcRow> {
    return this.table.live.procs;
  }
  /** Every event the run produced, including output dropped in a flood (by the kernel worker or here). */
  total = 0;
  /** The program moment of the newest event (ms). */
  lastAt = 0;
  /** Output events seen but not kept. */
  droppedOutput = 0;
  private storedOutput = 0;
  /** Changes whenever a row of the process table may have (never goes back, across runs). */
  rowsVersion = 0;

  /** The events kept, in order: every state and item event, and output events up to a cap. Decodes what is pending. */
  get events(): TraceEvent[] {
    if (this.decodedBatches < this.kept.length) this.decode();
    return this.decoded;
  }

  /**
   * The run's batches in order (a new list after `reset`): what `events` holds, with the item events still
   * packed. The chart folds these in (`TimelineBuilder.addBatch`) without an event object per item.
   */
  get batches(): readonly TraceBatch[] {
    return this.kept;
  }

  /** How many events `events` holds, without decoding anything. */
  get length(): number {
    return this.decoded.length + this.pendingCount;
  }

  /** Forgets the previous run. */
  reset(): void {
    this.rowsVersion++;
    this.decoded.length = 0;
    this.kept = [];
    this.decodedBatches = 0;
    this.pendingCount = 0;
    this.table.clear();
    this.total = 0;
    this.lastAt = 0;
    this.droppedOutput = 0;
    this.storedOutput = 0;
  }

  /**
   * Adds a batch: `others` (events that are not item events) and, if it has any, its packed item rows.
   * `skipped` output events were dropped before it reached the page.
   */
  append(others: readonly TraceEvent[], skipped = 0, packed?: PackedBatch): void {
    this.total += others.length + skipped + (packed?.items.n ?? 0);
    const last = Math.max(others.at(-1)?.at ?? 0, packed?.items.m ? (packed.items.at[packed.items.m - 1] ?? 0) : 0);
    if (last > this.lastAt) this.lastAt = last;
    this.droppedOutput += skipped;
    const kept: TraceEvent[] = [];
    const positions: number[] | null = packed ? [] : null;
    for (let k = 0; k < others.length; k++) {
      const ev = others[k] as TraceEvent;
      if (ev.kind === 'output' && ++this.storedOutput > MAX_STORED_OUTPUT) {
        this.droppedOutput++;
        continue;
      }
      kept.push(ev);
      positions?.push(packed!.positions[k] ?? 0);
      if (this.table.add(ev)) this.rowsVersion++; // output, tasks, objects: no row of the table changes
    }
    this.kept.push({ others: kept, items: packed?.items ?? null, positions });
    this.pendingCount += kept.length + (packed?.items.n ?? 0);
  }

  private decode(): void {
    for (; this.decodedBatches < this.kept.length; this.decodedBatches++) {
      const b = this.kept[this.decodedBatches]!;
      if (b.items) mergeEvents(b.others, b.positions ?? [], packedSource(b.items), this.decoded);
      else for (const ev of b.others) this.decoded.push(ev);
    }
    this.pendingCount = 0;
  }

  /** Rows in spawn order: now, or at moment `at` (program ms) of the run. */
  rows(at: number | null = null): ProcRow[] {
    return this.table.rowsAt(at);
  }
}
