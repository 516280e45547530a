// The controlled-run section of `npm run bench` (bench/explore.mjs): Node's rows and the page's Explore… rate in
// Chromium, each judged against issue 16.6's bars, so a miss reads MISS and a page without shared memory never
// passes for one with it.
import { describe, expect, it } from 'vitest';
import { exploreMarkdown, TARGETS, type ExploreResult } from '../../bench/explore.mjs';

const node: ExploreResult = {
  bareAtomicsRtUs: 10,
  emptyMs: 20,
  random: { ms: 69, runsPerS: 14.5, points: 1616, switches: 400 },
  pct: { ms: 24, runsPerS: 42, points: 1616, switches: 5 },
  dfs: { ms: 3662, runs: 335, schedules: 275, model: 275 },
};

const row = (md: string, starts: string) => md.split('\n').find((l) => l.startsWith(`| ${starts}`)) ?? '';

describe('exploreMarkdown', () => {
  it('judges Node’s rates and the exhaustive search against the issue’s bars', () => {
    const md = exploreMarkdown(node);
    expect(row(md, 'explore, lock-counter')).toMatch(/14\.5 runs\/s .*\| PASS \|$/);
    expect(row(md, 'exhaustive search')).toMatch(/3662 ms, 335 runs, 275 schedules \(model: 275\) .*\| MISS \|$/);
    expect(md).not.toContain('Chromium:');
  });

  it('adds the page’s rate in Chromium, passing only on an isolated page at the bar or above', () => {
    const rate = { runs: 40, ms: 2500, runsPerS: 16, isolated: true, verdict: 'No run met the condition' };
    expect(row(exploreMarkdown(node, rate), 'Chromium:')).toMatch(/16\.0 runs\/s \(2\.50 s .*\| PASS \|$/);
    const slow = { ...rate, ms: 8000, runsPerS: TARGETS.runsPerS - 5 };
    expect(row(exploreMarkdown(node, slow), 'Chromium:')).toMatch(/\| MISS \|$/);
    const plain = { ...rate, isolated: false };
    expect(row(exploreMarkdown(node, plain), 'Chromium:')).toMatch(/NOT isolated.*\| MISS \|$/);
  });

  it('shows the page’s row alone when Node’s part did not run', () => {
    const md = exploreMarkdown(null, { runs: 40, ms: 2000, runsPerS: 20, isolated: true, verdict: '' });
    expect(md).toContain('### Controlled runs');
    expect(row(md, 'Chromium:')).toMatch(/PASS/);
    expect(md).not.toContain('exhaustive');
  });
});
