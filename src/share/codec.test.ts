// The share-link codec: every example round-trips, old and TypeScript-playground forms open, damaged links never throw.
import { describe, expect, it } from 'vitest';
import { examples } from '../examples/catalog';
import { fromBase64Url, toBase64Url } from './base64url';
import {
  decodeShareLink,
  encodeShareLink,
  linkLengthVerdict,
  MAX_CODE_BYTES,
  MAX_HASH_CHARS,
  SHARE_VERSION,
  type DecodedLink,
  type SharedSnippet,
} from './codec';
import { deflateRaw } from './deflate';
import { encodeLzUri } from './lzString.test-util';
import { DEFAULT_OPTIONS, type LinkOptions } from './options';

const isExample = (id: string) => examples.some((e) => e.id === id);
const sourceOf = (id: string) => examples.find((e) => e.id === id)?.source;

async function roundTrip(snippet: SharedSnippet): Promise<DecodedLink> {
  const { search, hash } = await encodeShareLink(snippet, sourceOf);
  return decodeShareLink({ search, hash }, isExample);
}

function opts(o: Partial<LinkOptions>): LinkOptions {
  return { ...DEFAULT_OPTIONS, ...o };
}

/** A link written by format 1, checked in: it must keep opening in every later version (STYLE habit 9). */
const V1_GOLDEN = {
  search: '?example=start-function&speed=5&seed=7&lang=zh&theme=dark',
  hash: '#v1/NY5LCsIwFEXnWcUloxTEBbR0D85FwqP088S8hORJKaV7ceIy3I3uQ1Qc3gOHczmkmBUrDjl2fSnYMOQYYMP1opx-kGW0jTFUFukwXKVTjoKJ3TzFGkUzy1hhNUDKLOrs83F73R92h3mKVWM2Y3iA814o9N6jbVtY7wOxeG9_ZhelKBJaSD__37gVSnnstcbEO1AeS42jDSldaLEnbFXzie6LUlb3HTQTK9L-HFnct_0G',
  code: 'import { Process } from "multiprocessing";\n\nasync function hi(who: string) {\n  print("你好", who);\n}\n\nif (__name__ === "__main__") {\n  const p = new Process({ target: hi, args: ["mpplay"] });\n  p.start();\n  await p.join();\n}\n',
};

describe('share links: round trips', () => {
  it('every gallery example round-trips, edited or not, with and without its example id', async () => {
    expect(examples.length).toBeGreaterThan(0);
    for (const ex of examples) {
      const edited = `${ex.source}\nprint("edited ✓ 编辑");\n`;
      for (const snippet of [
        { code: ex.source, options: opts({ example: ex.id }) },
        { code: edited, options: opts({ example: ex.id, speed: 10, seed: 42, lang: 'zh', theme: 'light' }) },
        { code: ex.source, options: opts({}) },
      ]) {
        const back = await roundTrip(snippet);
        expect(back.problems).toEqual([]);
        expect(back.snippet?.options).toEqual(snippet.options);
        // An unedited example needs no code in the link: null means "the example's own text".
        expect(back.snippet?.code ?? sourceOf(back.snippet!.options.example!)).toBe(snippet.code);
      }
    }
  });

  it('an unedited example is a short link with no hash', async () => {
    const ex = examples[0]!;
    const link = await encodeShareLink({ code: ex.source, options: opts({ example: ex.id }) }, sourceOf);
    expect(link).toEqual({ search: `?example=${ex.id}`, hash: '' });
  });

  it('options equal to their defaults are not written', async () => {
    const link = await encodeShareLink({ code: 'print(1);\n', options: opts({}) }, sourceOf);
    expect(link.search).toBe('');
    expect(link.hash).toMatch(/^#v1\/[A-Za-z0-9_-]+$/); // format 1: a link without a recorded run
    const some = await encodeShareLink({ code: 'print(1);\n', options: opts({ speed: 1, seed: 3 }) }, sourceOf);
    expect(some.search).toBe('?seed=3');
  });

  it('a URL without share content opens nothing', async () => {
    expect(await decodeShareLink({ search: '', hash: '' }, isExample)).toEqual({
      form: 'none',
      snippet: null,
      problems: [],
    });
    expect((await decodeShareLink({ search: '?embed=1&panes=code', hash: '#' }, isExample)).form).toBe('none');
  });

  it('a link of options only opens them, with the code left to the example or the editor', async () => {
    const r = await decodeShareLink({ search: '?example=zombie&speed=2', hash: '' }, isExample);
    expect(r).toEqual({
      form: 'options',
      snippet: { code: null, options: opts({ example: 'zombie', speed: 2 }) },
      problems: [],
    });
  });

  it('compresses: the largest example fits a chat app', async () => {
    const largest = [...examples].sort((a, b) => b.source.length - a.source.length)[0]!;
    const link = await encodeShareLink({ code: `${largest.source}//\n`, options: opts({}) }, sourceOf);
    expect(link.hash.length).toBeLessThan(largest.source.length);
    expect(linkLengthVerdict(`https://example.org/mpplay/${link.search}${link.hash}`.length)).toBe('ok');
  });
});

describe('share links: older and foreign forms', () => {
  it('a format-1 link written earlier still opens', async () => {
    const r = await decodeShareLink(V1_GOLDEN, isExample);
    expect(r).toEqual({
      form: 'mpplay',
      snippet: {
        code: V1_GOLDEN.code,
        options: opts({ example: 'start-function', speed: 5, seed: 7, lang: 'zh', theme: 'dark' }),
      },
      problems: [],
    });
  });

  it('TypeScript playground #code/ links open, query options included', async () => {
    const r = await decodeShareLink(
      {
        search: '?speed=2',
        hash: '#code/IYIwzgLgTsDGEAJYBthjAgggOwJYFthkEBvAKASQHttIoBXeKqACgAd6RldYFsr8IKAFMAXAjq5sAcwCUpAL5kFQA',
      },
      isExample,
    );
    expect(r.form).toBe('ts-playground');
    expect(r.snippet?.code).toBe('abstract class Animal {\n  constructor(public nombre: string) {}\n}');
    expect(r.snippet?.options.speed).toBe(2);
    const ex = examples[1]!;
    const back = await decodeShareLink({ search: '', hash: `#code/${encodeLzUri(ex.source)}` }, isExample);
    expect(back.snippet?.code).toBe(ex.source);
  });

  it("the TypeScript playground's plain #src= form opens", async () => {
    const code = 'const x = 1 + 2;\nprint(`x is ${x}`);\n';
    const r = await decodeShareLink({ search: '', hash: `#src=${encodeURIComponent(code)}` }, isExample);
    expect(r.snippet?.code).toBe(code);
  });
});

describe('share links: damaged links give a clear message, never an exception', () => {
  const code = examples.find((e) => e.id === 'join-after-loop')?.source ?? 'print(1);\n';

  function expectCodeProblem(r: DecodedLink, codes: string[]): void {
    expect(r.snippet).toBeNull();
    expect(codes).toContain(r.problems[0]?.code);
    expect(r.problems[0]?.message.length).toBeGreaterThan(20);
  }

  it('every cut-off prefix of a link is truncated or malformed, never a shorter program', async () => {
    const { hash } = await encodeShareLink({ code, options: opts({}) }, sourceOf);
    for (let n = '#v1/'.length; n < hash.length; n++) {
      expectCodeProblem(await decodeShareLink({ search: '', hash: hash.slice(0, n) }, isExample), [
        'truncated',
        'malformed',
      ]);
    }
    const lz = encodeLzUri(code);
    for (let n = 0; n < lz.length; n += 7) {
      expectCodeProblem(await decodeShareLink({ search: '', hash: `#code/${lz.slice(0, n)}` }, isExample), [
        'truncated',
        'malformed',
      ]);
    }
  });

  it('a link from a newer mpplay says so', async () => {
    const r = await decodeShareLink({ search: '', hash: `#v${SHARE_VERSION + 1}/AAAA` }, isExample);
    expectCodeProblem(r, ['newer-version']);
    expect(r.problems[0]).toMatchObject({ version: SHARE_VERSION + 1 });
    expect(r.problems[0]?.message).toMatch(/newer mpplay/);
  });

  it('unknown forms, bad characters, non-deflate and non-UTF-8 payloads are malformed', async () => {
    const notUtf8 = `#v1/${toBase64Url(await deflateRaw(new Uint8Array([0xff, 0xfe, 0x80])))}`;
    for (const hash of ['#hello', '#v0/AAAA', '#v1/!!!!', '#v1/A', '#v1/____', notUtf8, '#src=%E0%A4%A', '#v1']) {
      expectCodeProblem(await decodeShareLink({ search: '', hash }, isExample), ['malformed', 'truncated']);
    }
  });

  it('oversized links and decompression bombs are refused', async () => {
    expectCodeProblem(await decodeShareLink({ search: '', hash: `#v1/${'A'.repeat(MAX_HASH_CHARS + 1)}` }, isExample), [
      'too-large',
    ]);
    const bomb = `#v1/${toBase64Url(await deflateRaw(new Uint8Array(MAX_CODE_BYTES * 8)))}`;
    expect(bomb.length).toBeLessThan(4000);
    expectCodeProblem(await decodeShareLink({ search: '', hash: bomb }, isExample), ['too-large']);
    const lzBomb = `#code/${encodeLzUri('a'.repeat(MAX_CODE_BYTES + 10))}`;
    expectCodeProblem(await decodeShareLink({ search: '', hash: lzBomb }, isExample), ['too-large']);
    await expect(
      encodeShareLink({ code: 'x'.repeat(MAX_CODE_BYTES + 1), options: opts({}) }, sourceOf),
    ).rejects.toThrow(RangeError);
  });

  it('options it cannot use are reported and left at their defaults; the code still opens', async () => {
    const { hash } = await encodeShareLink({ code, options: opts({}) }, sourceOf);
    const r = await decodeShareLink(
      { search: '?example=no-such&speed=7&seed=-1&lang=fr&theme=pink&extra=1', hash },
      isExample,
    );
    expect(r.snippet).toEqual({ code, options: opts({}) });
    expect(r.problems.map((p) => (p.code === 'bad-option' ? p.param : p.code))).toEqual([
      'example',
      'speed',
      'seed',
      'lang',
      'theme',
    ]);
  });

  it('fuzzed hashes and queries always resolve to a snippet or a message', async () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const chars = 'ABCxyz019-_+/=%#?&v1/code/src=é进\u0000 ';
    const { hash: valid } = await encodeShareLink({ code, options: opts({}) }, sourceOf);
    for (let i = 0; i < 400; i++) {
      let hash: string;
      if (i % 3 === 0) {
        // flip a few characters of a valid link
        const a = valid.split('');
        for (let k = 0; k < 1 + (i % 4); k++)
          a[4 + Math.floor(rand() * (a.length - 4))] = chars[Math.floor(rand() * chars.length)]!;
        hash = a.join('');
      } else if (i % 3 === 1) {
        const bytes = new Uint8Array(Math.floor(rand() * 200)).map(() => Math.floor(rand() * 256));
        hash = `#v1/${toBase64Url(bytes)}`;
      } else {
        hash = `#${Array.from({ length: Math.floor(rand() * 60) }, () => chars[Math.floor(rand() * chars.length)]).join('')}`;
      }
      const search = `?${Array.from({ length: 3 }, () => chars[Math.floor(rand() * chars.length)]).join('')}=x`;
      const r = await decodeShareLink({ search, hash }, isExample);
      expect(r.snippet !== null || r.problems.length > 0 || r.form === 'none', hash).toBe(true);
      if (r.snippet === null) for (const p of r.problems) expect(p.message).toBeTruthy();
    }
  });
});

describe('base64url and link length', () => {
  it('base64url round-trips every length and rejects what no encoder writes', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 37 + n) & 255);
      const text = toBase64Url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(fromBase64Url('A')).toBeNull();
    expect(fromBase64Url('AA$A')).toBeNull();
  });

  it('judges lengths against 2,000 (chat apps) and 8,000 (servers) characters', () => {
    expect(linkLengthVerdict(2000)).toBe('ok');
    expect(linkLengthVerdict(2001)).toBe('chat');
    expect(linkLengthVerdict(8000)).toBe('chat');
    expect(linkLengthVerdict(8001)).toBe('server');
  });
});
