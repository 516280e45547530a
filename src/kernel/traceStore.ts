// The kernel's record of a run: item events packed in columns, every other event as an object, merged into
// one ordered list of events only when someone reads the trace.
import { ItemLog, isItemEvent } from '../protocol/packedTrace';
import type { TraceEvent } from '../protocol/trace';

/**
 * The trace of one run. `items` takes the per-item events (put, take, taskDone) without an object each;
 * `push` takes every other event. `events()` is the whole trace in order, as objects, built on first read
 * and extended on later reads.
 */
export class TraceStore {
  readonly items = new ItemLog();
  private readonly others: TraceEvent[] = [];
  /** For each of `others`, how many item rows were recorded before it. */
  private readonly positions: number[] = [];
  private storedOutput = 0;
  /** Output events left out because `maxOutput` were already stored. */
  droppedOutput = 0;
  private readonly cache: TraceEvent[] = [];
  private cachedOthers = 0;
  private cachedItems = 0;

  /** `maxOutput`: output events stored at most; past it a print flood is counted, not kept. */
  constructor(private readonly maxOutput: number) {}

  /**
   * Records an event that is not an item event (those go to `items`, or are packed here from an object).
   * Returns false for an output line past the cap, which is not stored.
   */
  push(ev: TraceEvent): boolean {
    if (isItemEvent(ev)) {
      this.packItem(ev as Extract<TraceEvent, { kind: 'put' | 'take' | 'taskDone' }>);
      return true;
    }
    if (ev.kind === 'output') {
      if (this.storedOutput >= this.maxOutput) {
        this.droppedOutput++;
        return false;
      }
      this.storedOutput++;
    }
    this.others.push(ev);
    this.positions.push(this.items.length);
    return true;
  }

  private packItem(ev: Extract<TraceEvent, { kind: 'put' | 'take' | 'taskDone' }>): void {
    if (ev.kind === 'put') this.items.put(ev.at, ev.pid, ev.ppid, ev.obj, ev.item, ev.depth, ev.summary, true);
    else if (ev.kind === 'take') this.items.take(ev.at, ev.pid, ev.ppid, ev.obj, ev.item, ev.depth);
    else this.items.taskDone(ev.at, ev.pid, ev.ppid, ev.obj, ev.unfinished, ev.releases);
  }

  /** Events stored so far. */
  get length(): number {
    return this.others.length + this.items.length;
  }

  /** The whole trace in order. The same array on every call, extended with what was recorded since. */
  events(): TraceEvent[] {
    const out = this.cache;
    const n = this.items.length;
    let r = this.cachedItems;
    for (let k = this.cachedOthers; k < this.others.length; k++) {
      for (const end = this.positions[k]!; r < end; r++) out.push(this.items.event(r));
      out.push(this.others[k]!);
    }
    for (; r < n; r++) out.push(this.items.event(r));
    this.cachedOthers = this.others.length;
    this.cachedItems = n;
    return out;
  }
}
