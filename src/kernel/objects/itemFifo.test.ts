// The queue's item FIFO (two parallel arrays and a head): order, runs taken and put back, removal by id.
import { describe, expect, it } from 'vitest';
import { ItemFifo } from './itemFifo';

function filled(n: number, from = 1): ItemFifo {
  const f = new ItemFifo();
  for (let i = from; i < from + n; i++) f.push(i, `v${i}`);
  return f;
}

const drain = (f: ItemFifo) => {
  const out: string[] = [];
  while (f.length) {
    const id = f.firstId();
    out.push(`${id}:${String(f.shift())}`);
  }
  return out;
};

describe('ItemFifo', () => {
  it('keeps FIFO order across many pushes and shifts (compaction included)', () => {
    const f = filled(5000);
    for (let i = 1; i <= 3000; i++) {
      expect(f.firstId()).toBe(i);
      expect(f.shift()).toBe(`v${i}`);
    }
    f.push(9999, 'last');
    expect(f.length).toBe(2001);
    expect(drain(f).slice(-2)).toEqual(['5000:v5000', '9999:last']);
  });

  it('take(n) removes a run from the front as two arrays; unshift puts it back in front', () => {
    const f = filled(6);
    f.shift();
    const run = f.take(3);
    expect(run).toEqual({ ids: [2, 3, 4], values: ['v2', 'v3', 'v4'] });
    expect(f.take(10)).toEqual({ ids: [5, 6], values: ['v5', 'v6'] });
    expect(f.length).toBe(0);
    f.push(7, 'v7');
    f.unshift(run.ids, run.values);
    expect(drain(f)).toEqual(['2:v2', '3:v3', '4:v4', '7:v7']);
  });

  it('remove() takes ids from the front in order, or from anywhere, and keeps the rest in order', () => {
    const f = filled(8);
    expect(f.remove([1, 2])).toEqual({ ids: [1, 2], values: ['v1', 'v2'] });
    expect(f.remove([6, 3, 42])).toEqual({ ids: [3, 6], values: ['v3', 'v6'] }); // FIFO order; unknown ids ignored
    expect(f.allIds()).toEqual([4, 5, 7, 8]);
    expect(f.allValues()).toEqual(['v4', 'v5', 'v7', 'v8']);
    expect(f.remove([4, 8])).toEqual({ ids: [4, 8], values: ['v4', 'v8'] }); // a front run, then a search
    expect(drain(f)).toEqual(['5:v5', '7:v7']);
  });
});
