// A FIFO of queue items kept as two parallel arrays (ids, values) and a head index: no object per item, so a
// queue that carries 100,000 items allocates little, and a run of items leaves as two arrays ready to post.

export class ItemFifo {
  private ids: number[] = [];
  private values: unknown[] = [];
  private head = 0;

  get length(): number {
    return this.ids.length - this.head;
  }

  push(id: number, value: unknown): void {
    this.ids.push(id);
    this.values.push(value);
  }

  /** The id of the first item (call only when length > 0). */
  firstId(): number {
    return this.ids[this.head]!;
  }

  /** Removes the first item and returns its value (call only when length > 0; `firstId()` names it). */
  shift(): unknown {
    const i = this.head++;
    const value = this.values[i];
    this.values[i] = undefined;
    this.compact();
    return value;
  }

  /** Removes the first `n` items (at most `length`) and returns them as two arrays. */
  take(n: number): { ids: number[]; values: unknown[] } {
    const end = this.head + Math.min(n, this.length);
    const ids = this.ids.slice(this.head, end);
    const values = this.values.slice(this.head, end);
    this.values.fill(undefined, this.head, end);
    this.head = end;
    this.compact();
    return { ids, values };
  }

  /** Appends runs of items taken from another FIFO, in order. */
  append(ids: readonly number[], values: readonly unknown[]): void {
    for (let i = 0; i < ids.length; i++) this.push(ids[i]!, values[i]);
  }

  /** Puts items back in front, in the order given (they were taken from the front). */
  unshift(ids: readonly number[], values: readonly unknown[]): void {
    this.ids = [...ids, ...this.ids.slice(this.head)];
    this.values = [...values, ...this.values.slice(this.head)];
    this.head = 0;
  }

  /**
   * Removes the items with these ids, wherever they are, and returns them in FIFO order. Ids that come in
   * FIFO order from the front (the usual case: a consumer reports what it took from its lease) cost no search.
   */
  remove(want: readonly number[]): { ids: number[]; values: unknown[] } {
    const ids: number[] = [];
    const values: unknown[] = [];
    let k = 0;
    for (; k < want.length && this.length > 0 && this.ids[this.head] === want[k]; k++) {
      ids.push(want[k]!);
      values.push(this.shift());
    }
    if (k === want.length) return { ids, values };
    const rest = new Set(want.slice(k));
    const keepIds: number[] = [];
    const keepValues: unknown[] = [];
    for (let i = this.head; i < this.ids.length; i++) {
      const id = this.ids[i]!;
      if (rest.has(id)) {
        ids.push(id);
        values.push(this.values[i]);
      } else {
        keepIds.push(id);
        keepValues.push(this.values[i]);
      }
    }
    this.ids = keepIds;
    this.values = keepValues;
    this.head = 0;
    return { ids, values };
  }

  /** Every id, in order. */
  allIds(): number[] {
    return this.ids.slice(this.head);
  }

  /** Every value, in order. */
  allValues(): unknown[] {
    return this.values.slice(this.head);
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.values = this.values.slice(this.head);
      this.head = 0;
    }
  }
}
