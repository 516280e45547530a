// Autosave: the editor text per example and the last example, in localStorage (quietly absent when storage is blocked).
const CODE_KEY = 'mpplay:code:';
const LAST_KEY = 'mpplay:example';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // e.g. a sandboxed iframe
  }
}

/** The saved text for an example (`null` key: the scratch buffer), or null if none. */
export function loadCode(exampleId: string | null): string | null {
  return storage()?.getItem(CODE_KEY + (exampleId ?? '')) ?? null;
}

/** Saves the text; text equal to the example's original removes the entry. */
export function saveCode(exampleId: string | null, code: string, original: string | null): void {
  const s = storage();
  if (!s) return;
  try {
    if (code === original) s.removeItem(CODE_KEY + (exampleId ?? ''));
    else s.setItem(CODE_KEY + (exampleId ?? ''), code);
  } catch {
    // quota exceeded: keep running without autosave
  }
}

export function loadLastExample(): string | null {
  return storage()?.getItem(LAST_KEY) ?? null;
}

export function saveLastExample(exampleId: string | null): void {
  try {
    storage()?.setItem(LAST_KEY, exampleId ?? '');
  } catch {
    // ignore
  }
}
