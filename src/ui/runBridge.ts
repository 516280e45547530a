// Who holds the page's one kernel bridge: the run on the page (stepped through by the learner, or not) or a search.
import type { AskMessage } from '../hosts/browser/asking';
import { KernelBridge } from '../hosts/browser/bridge';
import { appStore } from './store/store';

/** The page's kernel bridge: one kernel worker at a time, for a run or a search. */
export const bridge = new KernelBridge();

// While the page is idle, the bridge boots as many process workers as the editor's program starts at once.
bridge.prepare(appStore.getState().code);
appStore.subscribe((s, prev) => {
  if (s.code !== prev.code) bridge.prepare(s.code);
});

/** Boots no worker ahead until the reader touches the page or runs (an embed: most readers never run it). */
export function bootWorkersOnInteraction(): void {
  bridge.bootOnInteraction();
}

/** Ends the search (Explore) that has the bridge, if any: a run or Stop takes the bridge over. */
let abortSearch: (() => void) | null = null;

/**
 * The bridge, for a search (src/ui/explore/search.ts, which stops the run on the page first); `abort` is called if a
 * run or Stop takes it over.
 */
export function claimBridge(abort: () => void): KernelBridge {
  abortSearch?.();
  abortSearch = abort;
  return bridge;
}

/** The search that claimed the bridge is over. */
export function releaseBridge(abort: () => void): void {
  if (abortSearch === abort) abortSearch = null;
}

/** Whether a search holds the bridge. */
export function searching(): boolean {
  return abortSearch !== null;
}

/** Ends the search that holds the bridge, if any (a run or Stop takes it over). */
export function abortSearchIfAny(): void {
  abortSearch?.();
}

/** A run the learner steps through (src/ui/stepping.ts); `onDetached`: another run took the page over. */
export interface Steer {
  onAsk(msg: AskMessage): void;
  onRefused(message: string): void;
  onDetached(): void;
}
let steering: Steer | null = null;

/** The run on the page is now stepped through by `steer` (or nobody); the previous steer is told it lost it. */
export function steerBy(steer: Steer | null): void {
  const prev = steering;
  steering = steer;
  if (prev && prev !== steer) prev.onDetached();
}
