// Property-based fuzzing of share links: any program round-trips; any mutated, cut or random link decodes to a program or a clear problem.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeShareLink, encodeShareLink, MAX_CODE_BYTES, type DecodedLink } from './codec';
import { DEFAULT_OPTIONS, LANGS, OPTION_PARAMS, SPEEDS, THEMES, type LinkOptions } from './options';

const EXAMPLES = ['zombie', 'join-in-loop'];
const isExample = (id: string) => EXAMPLES.includes(id);
const noSource = () => undefined;
const CODE_PROBLEMS = ['malformed', 'truncated', 'too-large', 'newer-version'];

/** What every decoded link must satisfy, whatever went in. */
function checkInvariants(r: DecodedLink): void {
  if (r.snippet) {
    const { code, options } = r.snippet;
    if (code !== null) expect(new TextEncoder().encode(code).length).toBeLessThanOrEqual(MAX_CODE_BYTES);
    expect(SPEEDS).toContain(options.speed);
    expect(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= 0xffffffff).toBe(true);
    if (options.lang !== null) expect(LANGS).toContain(options.lang);
    expect(THEMES).toContain(options.theme);
    if (options.example !== null) expect(EXAMPLES).toContain(options.example);
  } else if (r.form !== 'none') {
    expect(CODE_PROBLEMS).toContain(r.problems[0]?.code);
  }
  for (const p of r.problems) {
    expect(p.message.length).toBeGreaterThan(10);
    if (p.code === 'bad-option') expect(OPTION_PARAMS).toContain(p.param);
  }
}

const options = fc.record<LinkOptions>({
  example: fc.constantFrom(null, ...EXAMPLES),
  speed: fc.constantFrom(...SPEEDS),
  seed: fc.integer({ min: 0, max: 0xffffffff }),
  lang: fc.constantFrom(null, ...LANGS),
  theme: fc.constantFrom(...THEMES),
});
/** Well-formed text (no lone surrogates: UTF-8 cannot carry them), programs up to a few KiB. */
const program = fc.string({ unit: 'grapheme', maxLength: 400 });

describe('share links under fuzzing', () => {
  it('any program and options round-trip exactly', async () => {
    await fc.assert(
      fc.asyncProperty(program, options, async (code, o) => {
        const link = await encodeShareLink({ code, options: o }, noSource);
        const r = await decodeShareLink(link, isExample);
        expect(r.problems).toEqual([]);
        expect(r.snippet?.options).toEqual(o);
        if (link.hash) expect(r.snippet?.code).toBe(code);
      }),
      { numRuns: 150 },
    );
  });

  it('a valid link mutated (characters changed, inserted, removed, cut) decodes to a program or a problem', async () => {
    const mutation = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('replace', 'insert', 'delete', 'cut'),
      ch: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(program, fc.array(mutation, { minLength: 1, maxLength: 4 }), async (code, muts) => {
        const { hash } = await encodeShareLink({ code: `${code}\nprint(1);`, options: DEFAULT_OPTIONS }, noSource);
        let h = hash;
        for (const m of muts) {
          const i = 4 + (m.at % Math.max(1, h.length - 4));
          if (m.kind === 'replace') h = h.slice(0, i) + m.ch + h.slice(i + 1);
          else if (m.kind === 'insert') h = h.slice(0, i) + m.ch + h.slice(i);
          else if (m.kind === 'delete') h = h.slice(0, i) + h.slice(i + 1);
          else h = h.slice(0, i);
        }
        const r = await decodeShareLink({ search: '', hash: h }, isExample);
        checkInvariants(r);
        expect(r.snippet !== null || r.problems.length > 0).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('random hashes of every form, and random query values, never throw and always explain', async () => {
    const prefix = fc.constantFrom(
      '',
      '#',
      '#v1/',
      '#v0/',
      '#v2/',
      '#v999999/',
      '#v1234567/',
      '#code/',
      '#src=',
      '#x/',
    );
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.base64String({ maxLength: 120 }),
      fc.string({ unit: fc.constantFrom(...'ABCxyz019-_+/=%'.split('')), maxLength: 200 }),
    );
    const value = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer().map(String),
      fc.double().map(String),
      fc.constantFrom(
        '-1',
        '1e3',
        '0x10',
        '4294967296',
        '99999999999',
        ' 5',
        '5 ',
        '',
        'NaN',
        'Infinity',
        'zh-CN',
        'DARK',
      ),
    );
    const query = fc.array(fc.tuple(fc.constantFrom(...OPTION_PARAMS, 'embed', 'run', 'x'), value), { maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(prefix, body, query, async (p, b, q) => {
        const search = `?${new URLSearchParams(q).toString()}`;
        const r = await decodeShareLink({ search, hash: p + b }, isExample);
        checkInvariants(r);
      }),
      { numRuns: 300 },
    );
  });

  it('huge links are refused before any work', async () => {
    const r = await decodeShareLink({ search: '', hash: `#v1/${'A'.repeat(2_000_000)}` }, isExample);
    expect(r.problems.map((p) => p.code)).toEqual(['too-large']);
  });
});
