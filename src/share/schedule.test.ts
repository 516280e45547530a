// The schedule string: round trips, stays short for the runs explore finds, and refuses damaged or newer strings.
import { describe, expect, it } from 'vitest';
import { decodeSchedule, encodeSchedule, programFingerprint, SCHEDULE_PREFIX } from './schedule';

/** A deterministic pseudo-random schedule: `n` decisions among `k` processes. */
function randomChoices(n: number, k: number, seed = 1): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 16) % k;
  });
}

describe('schedule strings', () => {
  it.each([
    ['no decisions', [] as number[], 0],
    ['one', [3], 7],
    ['a long stretch of one process', [...Array(5000).fill(2), 1, 1, 0], -5],
    ['random among four', randomChoices(1600, 4), 123456789],
    ['every slot', Array.from({ length: 64 }, (_, i) => i), 2 ** 40],
  ])('round-trips %s', async (_name, choices, seed) => {
    const s = { fingerprint: 0xdeadbeef, seed, choices };
    const text = await encodeSchedule(s);
    expect(text.startsWith(SCHEDULE_PREFIX)).toBe(true);
    expect(text).toMatch(/^s1\.[A-Za-z0-9_-]+$/);
    expect(await decodeSchedule(text)).toEqual({ ok: true, schedule: s });
  });

  it('is short: a run that mostly lets one process go on is a handful of characters', async () => {
    const pct = [...Array(700).fill(1), ...Array(400).fill(2), 0, ...Array(500).fill(1)];
    expect((await encodeSchedule({ fingerprint: 1, seed: 0, choices: pct })).length).toBeLessThan(40);
    // 1,600 random choices among 4 carry 3,200 bits of information at least: about 540 characters of base64.
    const random = await encodeSchedule({ fingerprint: 1, seed: 0, choices: randomChoices(1600, 4) });
    expect(random.length).toBeLessThan(800);
  });

  it('refuses what it cannot read, saying why', async () => {
    const good = await encodeSchedule({ fingerprint: 9, seed: 1, choices: randomChoices(300, 3) });
    const cases: [string, RegExp][] = [
      ['', /does not start with `s1\.`/],
      ['hello', /does not start with `s1\.`/],
      ['s2.AAAA', /format 2, newer than this mpplay reads/],
      ['s1.AAA!', /does not start/],
      [good.slice(0, good.length - 9), /cut|damaged/],
      ['s1.' + 'A'.repeat(2_000_001), /longer than/],
      ['s1.Bw', /flags/],
    ];
    for (const [text, why] of cases) {
      const r = await decodeSchedule(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(why);
    }
  });

  it('fingerprints the program text, not its line endings', () => {
    expect(programFingerprint('a\r\nb')).toBe(programFingerprint('a\nb'));
    expect(programFingerprint('a\nb')).not.toBe(programFingerprint('a\nc'));
  });
});
