// What a search of a program's schedules may be asked for (Explore, issue 16): its strategies, the conditions that
// end it, and PCT's largest bug depth. Shared by the kernel's explorer, the CLI and the page, which may not import
// each other.
import { MAX_PCT_CHANGES } from './layout';

export type ExploreStrategy = 'random' | 'pct' | 'dfs';
/** When a run counts as found: a deadlock, a non-zero exit, a failed assertion, or output unlike the first run's. */
export type ExploreUntil = 'deadlock' | 'exit!=0' | 'assert' | 'output';
export const EXPLORE_STRATEGIES: readonly ExploreStrategy[] = ['random', 'pct', 'dfs'];
export const EXPLORE_UNTILS: readonly ExploreUntil[] = ['deadlock', 'exit!=0', 'assert', 'output'];

/** PCT's largest bug depth: one more than the change points a control block holds. */
export const MAX_EXPLORE_DEPTH = MAX_PCT_CHANGES + 1;
