// Replacing the editor's text is undoable, including a draft of another example that a link overwrote.
import { beforeAll, describe, expect, it } from 'vitest';

/** A Map-backed Storage, installed before the store module reads localStorage and sessionStorage. */
class MemoryStorage {
  private readonly m = new Map<string, string>();
  get length() {
    return this.m.size;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  clear() {
    this.m.clear();
  }
}

let mod: typeof import('./store');
let persistence: typeof import('./persistence');

beforeAll(async () => {
  const g = globalThis as unknown as Record<string, unknown>;
  g['localStorage'] = new MemoryStorage();
  g['sessionStorage'] = new MemoryStorage();
  persistence = await import('./persistence');
  mod = await import('./store');
});

describe('undo', () => {
  it('a link over another example keeps that example’s draft in the snapshot and puts it back on undo', () => {
    const store = mod.createAppStore();
    const s = () => store.getState();
    s().openExample('zombie');
    s().setCode('my zombie edits');
    persistence.saveCode('zombie', 'my zombie edits', null);
    persistence.saveCode('orphan', 'my orphan draft', null);
    s().replaceEditor({ exampleId: 'orphan', code: 'code from a link' }, { tone: 'info', text: () => 'opened' });
    persistence.saveCode('orphan', 'code from a link', null); // what autosave does
    expect(s()).toMatchObject({ exampleId: 'orphan', code: 'code from a link' });
    expect(s().notice?.undo).toEqual({
      exampleId: 'zombie',
      code: 'my zombie edits',
      overwritten: { exampleId: 'orphan', code: 'my orphan draft' },
    });
    s().undo();
    expect(s()).toMatchObject({ exampleId: 'zombie', code: 'my zombie edits' });
    expect(persistence.loadCode('orphan')).toBe('my orphan draft');
    expect(s().notice?.redo).toBe(true);
    s().undo(); // redo
    expect(s()).toMatchObject({ exampleId: 'orphan', code: 'code from a link' });
  });

  it('opening an example over edits, and the original text, are undoable; unedited switches say nothing', () => {
    const store = mod.createAppStore();
    const s = () => store.getState();
    s().openExample('daemon');
    expect(s().notice).toBeNull();
    s().setCode('edited daemon');
    s().resetCode();
    expect(s().code).not.toBe('edited daemon');
    s().undo();
    expect(s().code).toBe('edited daemon');
    s().openExample('non-daemon');
    expect(s().notice?.undo).toMatchObject({ exampleId: 'daemon', code: 'edited daemon' });
  });
});
