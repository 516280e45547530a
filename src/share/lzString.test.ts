// The TypeScript playground's `#code/` decoder: real links from the wild, round trips, and damaged input.
import { describe, expect, it } from 'vitest';
import { decodeLzUri } from './lzString';
import { encodeLzUri } from './lzString.test-util';

/** Links copied from pages that link the TypeScript playground, with the code they show. */
const REAL = [
  {
    hash: 'IYIwzgLgTsDGEAJYBthjAgggOwJYFthkEBvAKASQHttIoBXeKqACgAd6RldYFsr8IKAFMAXAjq5sAcwCUpAL5kFQA',
    code: 'abstract class Animal {\n  constructor(public nombre: string) {}\n}',
  },
  {
    hash: 'GYVwdgxgLglg9mABAcQE4FN1XagFFAQ1QHMsAuRAMXGnjAEoKA3OGAE0QG8AoRRQklgB0AB1RwoEgJ4j0Q4hiyIAvIlCRYCRLkaIW7Lrz6IICAM5wANnMtxiuAEQAJdJduIAQlOzAcAQgd6AG4jAF8Q0O5uAAE0TGxUbghLAjMzRABVMxwuSO5rKEQAI290X1QVRDB0AHdM7Lxg7lwSnxzUxAIwKXp5RSgdIKA',
    code: 'function Greeter(target: Function): void {\n  target.prototype.greet = function (): void {\n    console.log("Hello Bytefer!");\n  };\n}\n\n@Greeter\nclass User {}\n\nlet bytefer = new User();\n(bytefer as any).greet();',
  },
];

describe('decodeLzUri', () => {
  it('decodes real TypeScript playground links', () => {
    for (const { hash, code } of REAL) expect(decodeLzUri(hash, 1e6)).toEqual({ ok: true, text: code });
  });

  it('round-trips text through the test encoder, wide characters and long repeats included', () => {
    const texts = ['', 'a', 'ab', 'aaaaaaaaaaaaaaaa', '进程 and 僵尸 😀\n'.repeat(30), 'x'.repeat(5000)];
    for (const t of texts) expect(decodeLzUri(encodeLzUri(t), 1e6)).toEqual({ ok: true, text: t });
  });

  it('the test encoder agrees with the real links', () => {
    for (const { hash, code } of REAL) expect(encodeLzUri(code)).toBe(hash);
  });

  it('reads spaces as + (a URL decoder may have turned one into the other)', () => {
    const hash = encodeLzUri('let a = [1, 2, 3].map((x) => x * 2);\n'.repeat(20));
    expect(hash).toContain('+');
    expect(decodeLzUri(hash.replace(/\+/g, ' '), 1e6).ok).toBe(true);
  });

  it('a cut-off link is truncated, never a shorter program', () => {
    const hash = REAL[1]!.hash;
    for (let n = 0; n < hash.length; n++) {
      const r = decodeLzUri(hash.slice(0, n), 1e6);
      expect(r.ok, `prefix ${n}`).toBe(false);
    }
  });

  it('characters outside the alphabet are malformed; output past the cap is too large', () => {
    expect(decodeLzUri('IYIw*zgL', 1e6)).toEqual({ ok: false, why: 'malformed' });
    expect(decodeLzUri(encodeLzUri('a'.repeat(10_000)), 1000)).toEqual({ ok: false, why: 'too-large' });
  });
});
