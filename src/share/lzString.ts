// Decodes the TypeScript playground's `#code/<…>` links: lz-string's URI-safe form, an LZW variant, decoded here from its description.
//
// The format: each character carries 6 bits (alphabet below), read most significant first. Numbers of `width`
// bits are assembled least significant bit first. Codes 0 and 1 introduce a new 8- or 16-bit character, 2 ends
// the stream; other codes index a dictionary that grows by one phrase (previous phrase + first character of
// the current one) per step. The code width starts at 2 bits and grows whenever the dictionary needs it.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** Reads bits from the 6-bit characters; `null` once the input runs out. */
class BitReader {
  private index = 0;
  private value = 0;
  private mask = 0;

  constructor(private readonly text: string) {}

  /** A `width`-bit number (least significant bit first), or null when the input ended first. */
  read(width: number): number | null {
    let n = 0;
    for (let i = 0; i < width; i++) {
      if (this.mask === 0) {
        if (this.index >= this.text.length) return null;
        const v = VALUE.get(this.text[this.index++]!);
        if (v === undefined) throw new SyntaxError('not an lz-string character');
        this.value = v;
        this.mask = 32;
      }
      if (this.value & this.mask) n |= 1 << i;
      this.mask >>= 1;
    }
    return n;
  }
}

/** Result of decoding: the text, or why there is none. */
export type LzResult = { ok: true; text: string } | { ok: false; why: 'malformed' | 'truncated' | 'too-large' };

/**
 * Decodes lz-string's `compressToEncodedURIComponent` output (what follows `#code/` in a TypeScript
 * playground link). Spaces are read as `+` (a URL decoder may have turned them into spaces). Never throws;
 * stops with 'too-large' once the text passes `maxChars`.
 */
export function decodeLzUri(input: string, maxChars: number): LzResult {
  const reader = new BitReader(input.replace(/ /g, '+'));
  try {
    const dict: string[] = ['', '', '']; // codes 0, 1, 2 are the markers
    let width = 2;
    let grow = 4; // codes left before the width must grow (the first phrase counts as a step already)
    const readChar = (bits: number): string | null => {
      const c = reader.read(bits);
      return c === null ? null : String.fromCharCode(c);
    };
    const first = reader.read(2);
    if (first === null) return { ok: false, why: 'truncated' };
    if (first === 2) return { ok: true, text: '' };
    if (first !== 0 && first !== 1) return { ok: false, why: 'malformed' };
    const c0 = readChar(first === 0 ? 8 : 16);
    if (c0 === null) return { ok: false, why: 'truncated' };
    dict.push(c0);
    width = 3;
    let prev = c0;
    const out: string[] = [c0];
    let length = c0.length;
    for (;;) {
      let code = reader.read(width);
      if (code === null) return { ok: false, why: 'truncated' };
      if (code === 2) return { ok: true, text: out.join('') };
      if (code === 0 || code === 1) {
        const ch = readChar(code === 0 ? 8 : 16);
        if (ch === null) return { ok: false, why: 'truncated' };
        dict.push(ch);
        code = dict.length - 1;
        if (--grow === 0) {
          grow = 2 ** width;
          width++;
        }
      }
      let entry: string;
      if (code < dict.length) entry = dict[code]!;
      else if (code === dict.length) entry = prev + prev[0]!;
      else return { ok: false, why: 'malformed' };
      out.push(entry);
      length += entry.length;
      if (length > maxChars) return { ok: false, why: 'too-large' };
      dict.push(prev + entry[0]!);
      prev = entry;
      if (--grow === 0) {
        grow = 2 ** width;
        width++;
      }
    }
  } catch {
    return { ok: false, why: 'malformed' };
  }
}
