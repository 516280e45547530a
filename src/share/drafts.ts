// Never lose work: per-tab drafts of the editor text in a key-value store (localStorage), so two tabs never overwrite each other.
//
// Each tab writes only its own record per example: `mpplay:draft:<exampleId>|<tabId>` = {"code", "at"}, where
// `code: null` marks "back to the example's own text". A tab reads its own record first (a reload keeps the
// tab's id in sessionStorage); a new tab starts from the newest record any tab wrote. Older records than the
// newest few per example are pruned. The format before drafts (`mpplay:code:<exampleId>`) is still read.

/** The part of `Storage` drafts use; tests pass a Map-backed one. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

/** One tab's draft of one example. */
export interface DraftRecord {
  tabId: string;
  /** The text, or null when that tab went back to the example's own text. */
  code: string | null;
  /** When it was written (ms since the epoch). */
  at: number;
}

const PREFIX = 'mpplay:draft:';
const LEGACY_PREFIX = 'mpplay:code:';
/** Records kept per example, newest first; older ones are removed when a tab saves. */
export const DRAFTS_KEPT = 6;

function keyOf(exampleId: string | null, tabId: string): string {
  return `${PREFIX}${exampleId ?? ''}|${tabId}`;
}

function parse(tabId: string, raw: string | null): DraftRecord | null {
  if (raw === null) return null;
  try {
    const v = JSON.parse(raw) as { code?: unknown; at?: unknown };
    if ((typeof v.code !== 'string' && v.code !== null) || typeof v.at !== 'number') return null;
    return { tabId, code: v.code, at: v.at };
  } catch {
    return null;
  }
}

/**
 * The drafts of one tab. Use one per page; `store` null (storage blocked, or an embed) makes every call a
 * no-op. Never throws: a full or failing store only means the text is not saved.
 */
export class Drafts {
  constructor(
    private readonly store: KeyValueStore | null,
    readonly tabId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every tab's record for an example, newest first. */
  records(exampleId: string | null): DraftRecord[] {
    const s = this.store;
    if (!s) return [];
    const head = `${PREFIX}${exampleId ?? ''}|`;
    const out: DraftRecord[] = [];
    try {
      for (let i = 0; i < s.length; i++) {
        const k = s.key(i);
        if (k === null || !k.startsWith(head)) continue;
        const r = parse(k.slice(head.length), s.getItem(k));
        if (r) out.push(r);
      }
    } catch {
      return [];
    }
    return out.sort((a, b) => b.at - a.at);
  }

  /**
   * The text to open an example with: this tab's own draft, else the newest any tab wrote, else the text saved
   * by the format before drafts. `undefined`: nothing saved, or saved as "the example's own text".
   */
  load(exampleId: string | null): string | undefined {
    const all = this.records(exampleId);
    const mine = all.find((r) => r.tabId === this.tabId) ?? all[0];
    if (mine) return mine.code ?? undefined;
    try {
      return this.store?.getItem(LEGACY_PREFIX + (exampleId ?? '')) ?? undefined;
    } catch {
      return undefined;
    }
  }

  /** Saves this tab's text for an example (text equal to `original` is saved as "the example's own text"). */
  save(exampleId: string | null, code: string, original: string | null): void {
    const s = this.store;
    if (!s) return;
    const record = { code: code === original ? null : code, at: this.now() };
    try {
      s.setItem(keyOf(exampleId, this.tabId), JSON.stringify(record));
    } catch {
      // quota exceeded: make room from other examples' old drafts once, then give up quietly
      this.prune(exampleId, 1);
      try {
        s.setItem(keyOf(exampleId, this.tabId), JSON.stringify(record));
      } catch {
        return;
      }
    }
    this.prune(exampleId, DRAFTS_KEPT);
  }

  /** Drafts other tabs hold for an example that differ from `code`, newest first (to offer them back). */
  others(exampleId: string | null, code: string): DraftRecord[] {
    return this.records(exampleId).filter((r) => r.tabId !== this.tabId && r.code !== null && r.code !== code);
  }

  private prune(exampleId: string | null, keep: number): void {
    for (const r of this.records(exampleId).slice(keep)) {
      if (r.tabId === this.tabId) continue;
      try {
        this.store?.removeItem(keyOf(exampleId, r.tabId));
      } catch {
        // ignore
      }
    }
  }
}

/** A new random tab id (base36, 10 characters). */
export function newTabId(random: () => number = Math.random): string {
  let id = '';
  while (id.length < 10) id += Math.floor(random() * 36).toString(36);
  return id;
}
