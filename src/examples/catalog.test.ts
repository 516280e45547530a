// The gallery's catalog is complete and consistent: one entry per program pair, in the seed's order, with both texts in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleById, examples } from './catalog';
import { PROGRAMS } from './testing/testkit';

/** The issues' lists: the seed's sections 0 to 6, then the lessons beyond the seed. */
const IDS = [
  'zombie',
  'orphan',
  'start-function',
  'start-class',
  'isolation',
  'no-join',
  'join-one',
  'join-in-loop',
  'join-after-loop',
  'non-daemon',
  'daemon',
  'daemon-no-children',
  'queue-sentinel',
  'joinable-queue',
  'joinable-queue-hang',
  'pool-vs-processes',
  'pool-apply',
  'pool-apply-async-wrong',
  'pool-apply-async-right',
  'missing-main-guard',
  'lock-counter',
  'pipe-ping-pong',
  'event-start-gun',
  'barrier-phases',
  'pool-exception',
  'imap-unordered',
  'cpu-bound-speedup',
  // Issue 16: lessons about exploring schedules.
  'lost-update',
  'lock-order-deadlock',
  'queue-check-then-act',
  'queue-sentinel-one-consumer',
];

const HAN = /\p{Script=Han}/u;

describe('examples catalog', () => {
  it("lists the issue's examples in the seed's order, sections ascending", () => {
    expect(examples.map((e) => e.id)).toEqual(IDS);
    const seedSections = examples.filter((e) => e.section !== '+').map((e) => e.section);
    expect(seedSections).toEqual([...seedSections].sort((a, b) => Number(a) - Number(b)));
  });

  it('has exactly one .ts and one .py program per entry, and the entry carries their text', () => {
    const files = readdirSync(PROGRAMS).filter((f) => /\.(ts|py)$/.test(f));
    expect(files.sort()).toEqual(IDS.flatMap((id) => [`${id}.py`, `${id}.ts`]).sort());
    for (const e of examples) {
      expect(e.source, e.id).toBe(readFileSync(join(PROGRAMS, `${e.id}.ts`), 'utf8'));
      expect(e.python, e.id).toBe(readFileSync(join(PROGRAMS, `${e.id}.py`), 'utf8'));
    }
  });

  it('guards the main program as API.md says, except the example about the missing guard', () => {
    for (const e of examples) {
      expect(/^if \(__name__ === "__main__"\) \{$/m.test(e.source), e.id).toBe(e.id !== 'missing-main-guard');
      expect(/^if __name__ == ["']__main__["']:$/m.test(e.python), e.id).toBe(e.id !== 'missing-main-guard');
    }
  });

  it('has a title and a one-paragraph lesson in Chinese and in English for every entry', () => {
    for (const e of examples) {
      for (const text of [e.title.zh, e.title.en, e.lesson.zh, e.lesson.en]) {
        expect(text.trim(), e.id).not.toBe('');
        expect(text, e.id).not.toMatch(/\n/);
      }
      expect(e.title.zh, e.id).toMatch(HAN);
      expect(e.lesson.zh, e.id).toMatch(HAN);
      expect(e.lesson.en.length, e.id).toBeGreaterThan(120);
      expect(e.lesson.zh.length, e.id).toBeGreaterThan(60);
    }
  });

  it('says what every run must show (the lesson tests check it against real runs)', () => {
    for (const e of examples) {
      expect(e.expect?.output.length, e.id).toBeGreaterThan(0);
    }
  });

  it('finds an example by id', () => {
    expect(exampleById('join-in-loop')?.section).toBe('3.3');
    expect(exampleById('nope')).toBeUndefined();
  });
});
