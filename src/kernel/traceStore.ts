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
  /** Every other event, in order; an output line dropped to keep within the caps leaves a hole (null). */
  private others: (TraceEvent | null)[] = [];
  /** For each of `others`, how many item rows were recorded before it. */
  private positions: number[] = [];
  /** Where in `others` the stored output lines are, oldest first (from `outputHead` on). */
  private outputAt: number[] = [];
  private outputHead = 0;
  private storedChars = 0;
  private holes = 0;
  /** The note that stands where the first dropped lines were (it counts them all). */
  private note: Extract<TraceEvent, { kind: 'output' }> | null = null;
  /** Output lines dropped from the stored trace (the oldest ones), and their characters. */
  droppedOutput = 0;
  private droppedChars = 0;
  private cache: TraceEvent[] = [];
  private cachedOthers = 0;
  private cachedItems = 0;

  /**
   * `maxLines` and `maxChars`: the output kept at most; past either, the oldest lines are dropped (a note stands
   * where they were), so that the end of a print flood and the traceback after it are kept. Other events are
   * all kept.
   */
  constructor(
    private readonly maxLines: number,
    private readonly maxChars: number = Infinity,
  ) {}

  /** Records an event that is not an item event (those go to `items`, or are packed here from an object). */
  push(ev: TraceEvent): void {
    if (isItemEvent(ev)) {
      this.packItem(ev as Extract<TraceEvent, { kind: 'put' | 'take' | 'taskDone' }>);
      return;
    }
    let stored = ev;
    if (ev.kind === 'output') {
      const most = Math.floor(this.maxChars / 4);
      if (ev.text.length > most) {
        // One line longer than a quarter of the cap keeps its end (like the flood it is part of).
        const cut = ev.text.length - most;
        stored = {
          ...ev,
          text: `[mpplay: the first ${cut} characters of this line were dropped]…${ev.text.slice(cut)}`,
        };
      }
      this.outputAt.push(this.others.length);
      this.storedChars += stored.kind === 'output' ? stored.text.length : 0;
    }
    this.others.push(stored);
    this.positions.push(this.items.length);
    if (ev.kind === 'output') this.dropOldOutput();
  }

  /** Drops the oldest output lines while more than the caps are stored (never the newest line). */
  private dropOldOutput(): void {
    while (
      this.outputAt.length - this.outputHead > 1 &&
      (this.outputAt.length - this.outputHead > this.maxLines || this.storedChars > this.maxChars)
    ) {
      const at = this.outputAt[this.outputHead++]!;
      const ev = this.others[at] as Extract<TraceEvent, { kind: 'output' }>;
      this.storedChars -= ev.text.length;
      this.droppedOutput++;
      this.droppedChars += ev.text.length;
      if (at < this.cachedOthers) this.forgetCache();
      if (!this.note) {
        this.note = { kind: 'output', at: ev.at, pid: 0, ppid: 0, stream: 'stderr', text: '' };
        this.others[at] = this.note;
      } else {
        this.others[at] = null;
        this.holes++;
      }
    }
    if (this.note) {
      const mb = Math.round((this.droppedChars / (1024 * 1024)) * 10) / 10;
      this.note.text =
        `mpplay: ${this.droppedOutput} earlier line${this.droppedOutput === 1 ? '' : 's'} of output (${mb} M characters) ` +
        "were dropped here to keep the run's memory bounded; the rest of the trace is complete.\n";
    }
    if (this.outputHead > 1024 && this.outputHead * 2 > this.outputAt.length) {
      this.outputAt = this.outputAt.slice(this.outputHead);
      this.outputHead = 0;
    }
    if (this.holes > 1024 && this.holes * 2 > this.others.length) this.compact();
  }

  /** Removes the holes left by dropped lines (the cache, which has none, stays valid). */
  private compact(): void {
    const map = new Map<number, number>();
    const others: (TraceEvent | null)[] = [];
    const positions: number[] = [];
    let cached = 0;
    for (let k = 0; k < this.others.length; k++) {
      if (this.others[k] === null) continue;
      if (k < this.cachedOthers) cached++;
      map.set(k, others.length);
      others.push(this.others[k]!);
      positions.push(this.positions[k]!);
    }
    this.cachedOthers = cached;
    this.outputAt = this.outputAt.slice(this.outputHead).map((k) => map.get(k)!);
    this.outputHead = 0;
    this.others = others;
    this.positions = positions;
    this.holes = 0;
  }

  /** Output was dropped from what the cache already holds: the next read builds it again. */
  private forgetCache(): void {
    this.cache.length = 0;
    this.cachedOthers = 0;
    this.cachedItems = 0;
  }

  private packItem(ev: Extract<TraceEvent, { kind: 'put' | 'take' | 'taskDone' }>): void {
    if (ev.kind === 'put') this.items.put(ev.at, ev.pid, ev.ppid, ev.obj, ev.item, ev.depth, ev.summary, true);
    else if (ev.kind === 'take') this.items.take(ev.at, ev.pid, ev.ppid, ev.obj, ev.item, ev.depth);
    else this.items.taskDone(ev.at, ev.pid, ev.ppid, ev.obj, ev.unfinished, ev.releases);
  }

  /** Events stored so far. */
  get length(): number {
    return this.others.length - this.holes + this.items.length;
  }

  /** The whole trace in order. The same array on every call, extended with what was recorded since. */
  events(): TraceEvent[] {
    const out = this.cache;
    const n = this.items.length;
    let r = this.cachedItems;
    for (let k = this.cachedOthers; k < this.others.length; k++) {
      for (const end = this.positions[k]!; r < end; r++) out.push(this.items.event(r));
      const ev = this.others[k];
      if (ev) out.push(ev);
    }
    for (; r < n; r++) out.push(this.items.event(r));
    this.cachedOthers = this.others.length;
    this.cachedItems = n;
    return out;
  }
}
