// Drafts: a reload restores the tab's own text, two tabs never overwrite each other, old saves still open.
import { describe, expect, it } from 'vitest';
import { Drafts, DRAFTS_KEPT, newTabId, type KeyValueStore } from './drafts';

class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  full = false;
  get length() {
    return this.map.size;
  }
  key(i: number) {
    return [...this.map.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    if (this.full) throw new Error('QuotaExceededError');
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

function clock(start = 1000) {
  let t = start;
  return () => t++;
}

describe('drafts', () => {
  it('a reload of the same tab restores its text', () => {
    const store = new MemoryStore();
    const now = clock();
    new Drafts(store, 'tabA', now).save('zombie', 'edited', 'original');
    expect(new Drafts(store, 'tabA', now).load('zombie')).toBe('edited');
    expect(new Drafts(store, 'tabA', now).load('orphan')).toBeUndefined();
  });

  it('two tabs keep their own drafts; each reload gets its own, a new tab the newest', () => {
    const store = new MemoryStore();
    const now = clock();
    const a = new Drafts(store, 'tabA', now);
    const b = new Drafts(store, 'tabB', now);
    a.save('zombie', 'from A', 'original');
    b.save('zombie', 'from B', 'original');
    a.save('zombie', 'from A again', 'original');
    expect(new Drafts(store, 'tabA', now).load('zombie')).toBe('from A again');
    expect(new Drafts(store, 'tabB', now).load('zombie')).toBe('from B');
    expect(new Drafts(store, 'tabC', now).load('zombie')).toBe('from A again');
    expect(b.others('zombie', 'from B').map((r) => r.code)).toEqual(['from A again']);
  });

  it("going back to the original is remembered, so another tab's older draft does not come back", () => {
    const store = new MemoryStore();
    const now = clock();
    new Drafts(store, 'tabB', now).save('zombie', 'from B', 'original');
    const a = new Drafts(store, 'tabA', now);
    a.save('zombie', 'from A', 'original');
    a.save('zombie', 'original', 'original');
    expect(new Drafts(store, 'tabA', now).load('zombie')).toBeUndefined();
    expect(new Drafts(store, 'tabC', now).load('zombie')).toBeUndefined();
  });

  it('the scratch buffer (no example) has drafts too', () => {
    const store = new MemoryStore();
    new Drafts(store, 't', clock()).save(null, 'scratch text', null);
    expect(new Drafts(store, 't', clock()).load(null)).toBe('scratch text');
  });

  it('reads the format before drafts', () => {
    const store = new MemoryStore();
    store.setItem('mpplay:code:zombie', 'saved by an older mpplay');
    expect(new Drafts(store, 't', clock()).load('zombie')).toBe('saved by an older mpplay');
  });

  it('keeps the newest few records per example', () => {
    const store = new MemoryStore();
    const now = clock();
    for (let i = 0; i < DRAFTS_KEPT + 4; i++) new Drafts(store, `tab${i}`, now).save('zombie', `v${i}`, 'original');
    const left = new Drafts(store, 'x', now).records('zombie');
    expect(left).toHaveLength(DRAFTS_KEPT);
    expect(left[0]?.code).toBe(`v${DRAFTS_KEPT + 3}`);
  });

  it('blocked, full or corrupt storage never throws', () => {
    const none = new Drafts(null, 't');
    none.save('zombie', 'x', 'y');
    expect(none.load('zombie')).toBeUndefined();
    const store = new MemoryStore();
    store.setItem('mpplay:draft:zombie|t', '{not json');
    const d = new Drafts(store, 't', clock());
    expect(d.load('zombie')).toBeUndefined();
    store.full = true;
    expect(() => d.save('zombie', 'x', 'y')).not.toThrow();
  });

  it('tab ids are 10 base-36 characters', () => {
    expect(newTabId()).toMatch(/^[0-9a-z]{10}$/);
  });
});
