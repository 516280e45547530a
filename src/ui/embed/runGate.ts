// The embed's gate on runs that the reader did not start: applies the rule of embedApi's `mayRun`, says why it refused.
import { mayRun, type EmbedParams, type RunAsker, type RunRefusal } from '../../share/embedApi';

/** What the gate decided last, for the embed's note and the tests. */
export type GateNote = { asker: RunAsker; refusal: RunRefusal } | null;

export interface RunGate {
  /** Whether the embed is inside another page's frame. */
  readonly framed: boolean;
  /** Whether the reader has clicked or pressed a key inside the embed. */
  readonly readerActed: boolean;
  /** Asks to run on behalf of `asker`: calls `run` when the rule allows it; returns null then, else why not. */
  ask(asker: RunAsker, run: () => void): RunRefusal | null;
  /** The last refusal, cleared once the reader runs. */
  readonly note: GateNote;
  /** How often the embed was looked at for `autorun=visible` and was not seen (hidden, tiny, off screen). */
  readonly unseen: number;
  /** Counts one look that did not see the embed. */
  lookedUnseen(): void;
  /** Every decision so far, in order (tests read it: "nothing ran" is a decision, not a timeout). */
  readonly decisions: readonly { asker: RunAsker; refusal: RunRefusal | null }[];
  subscribe(listener: () => void): () => void;
  dispose(): void;
}

/**
 * Whether `win` is inside another page's frame. `window.top` cannot be redefined by any script (it is an
 * unforgeable property), and this runs before anything else in the embed; a page opened in a tab of its own,
 * by a link or by `window.open`, is its own top.
 */
export function isFramed(win: Window): boolean {
  try {
    return win.top !== win.self;
  } catch {
    return true; // reading `top` threw: a cross-origin top, so framed
  }
}

/**
 * Makes the gate for an embed with these parameters. The reader's own input is told apart from a host page's by
 * `isTrusted` events in the embed's own document: a click in the host page never reaches a cross-origin frame,
 * and no script can make a trusted event.
 */
export function createRunGate(params: Pick<EmbedParams, 'autorun' | 'hostRun'>, win: Window = window): RunGate {
  const framed = isFramed(win);
  let readerActed = false;
  let note: GateNote = null;
  let unseen = 0;
  const decisions: { asker: RunAsker; refusal: RunRefusal | null }[] = [];
  const listeners = new Set<() => void>();
  const changed = () => {
    for (const l of listeners) l();
  };
  const onInput = (e: Event) => {
    if (!e.isTrusted || readerActed) return;
    readerActed = true;
    changed();
  };
  const opts = { capture: true, passive: true } as const;
  win.addEventListener('pointerdown', onInput, opts);
  win.addEventListener('keydown', onInput, opts);

  return {
    framed,
    get readerActed() {
      return readerActed;
    },
    get note() {
      return note;
    },
    get unseen() {
      return unseen;
    },
    lookedUnseen() {
      unseen++;
    },
    decisions,
    ask(asker, run) {
      const refusal = mayRun(asker, { framed, params, readerActed });
      decisions.push({ asker, refusal });
      note = refusal === null ? null : { asker, refusal };
      if (refusal === null) run();
      changed();
      return refusal;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      win.removeEventListener('pointerdown', onInput, opts);
      win.removeEventListener('keydown', onInput, opts);
      listeners.clear();
    },
  };
}
