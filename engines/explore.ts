// Explore in each engine the gate runs: the four exploring gallery lessons find what they are about on the page,
// within the runs their lessons state (the Node test, src/examples/lessons.explore.test.ts, states the same).
import { expect, it } from 'vitest';
import type { ExploreSummary } from '../src/hosts/browser/exploreProtocol';
import { EXPLORE_CLAIMS } from '../src/examples/lessons';
import { exploreState, startExplore, stopExplore } from './app';
import { waitFor } from './driver';
import { openExample } from './gallery';
import type { Session } from './harness';

interface Case {
  id: string;
  strategy: 'random' | 'pct' | 'dfs';
  until: 'deadlock' | 'assert';
  runs: number;
  /** What the found run's outcome says; or, for a search that finds nothing, how many outcomes it must tell apart. */
  found?: RegExp;
  outcomes?: number;
}

/** Each exploring lesson's first strategy, with the runs its lesson claims (src/examples/lessons/explore.ts). */
const CASES: Case[] = Object.entries(EXPLORE_CLAIMS).map(([id, claim]) => {
  const [strategy, runs] = Object.entries(claim.within)[0] as [Case['strategy'], number];
  return claim.outcomes !== undefined
    ? { id, strategy, until: claim.until, runs, outcomes: claim.outcomes }
    : { id, strategy, until: claim.until, runs, found: claim.until === 'assert' ? /^AssertionError/ : /^deadlock$/ };
});

/** A search's end on the page, or the reason it could not run. */
async function search(s: Session, c: Case): Promise<ExploreSummary> {
  const page = await s.page();
  await openExample(page, c.id);
  await startExplore(page, { strategy: c.strategy, until: c.until, runs: c.runs, strategySeed: 0 });
  let end;
  try {
    end = await waitFor(
      async () => {
        const st = await exploreState(page);
        return st.phase === 'done' || st.phase === 'failed' ? st : undefined;
      },
      `${page.engine}: exploring ${c.id} did not end`,
      240_000,
    );
  } catch (e) {
    await stopExplore(page).catch(() => {});
    s.spoil(); // a hung search: the next test gets a fresh page
    throw e;
  }
  expect(end.error, `${page.engine}: exploring ${c.id} failed`).toBeNull();
  return end.summary!;
}

export function exploreTests(s: Session): void {
  for (const c of CASES) {
    it(`Explore: ${c.id} (${c.strategy}, until ${c.until}) ${c.found ? `finds it within ${c.runs} runs` : `tells ${c.outcomes} outcomes apart`}`, async () => {
      await s.step(`explore-${c.id}`, async () => {
        const r = await search(s, c);
        const rows = JSON.stringify(r.histogram);
        if (c.found) {
          expect(r.found?.label, `${s.name}: ${rows}`).toMatch(c.found);
          expect(r.found!.run).toBeLessThan(c.runs);
        } else {
          expect(r.histogram.length, `${s.name}: ${rows}`).toBeGreaterThanOrEqual(c.outcomes!);
        }
      });
    }, 300_000);
  }
}
