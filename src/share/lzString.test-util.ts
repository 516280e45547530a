// Tests only: an lz-string URI-form encoder written from the format's description (see lzString.ts), to make inputs.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

/** Encodes text the way the TypeScript playground's `#code/` links are encoded. */
export function encodeLzUri(text: string): string {
  let out = '';
  let acc = 0;
  let filled = 0;
  const bit = (b: number) => {
    acc = (acc << 1) | b;
    if (++filled === 6) {
      out += ALPHABET[acc];
      acc = 0;
      filled = 0;
    }
  };
  const put = (value: number, width: number) => {
    for (let i = 0; i < width; i++) bit((value >> i) & 1);
  };
  const dict = new Map<string, number>();
  const pending = new Set<string>(); // single characters in the dictionary whose literal is not written yet
  let next = 3;
  let width = 2;
  let grow = 2;
  const step = () => {
    if (--grow === 0) {
      grow = 2 ** width;
      width++;
    }
  };
  const emit = (w: string) => {
    if (pending.has(w)) {
      const c = w.charCodeAt(0);
      if (c < 256) {
        put(0, width);
        put(c, 8);
      } else {
        put(1, width);
        put(c, 16);
      }
      step();
      pending.delete(w);
    } else {
      put(dict.get(w)!, width);
    }
    step();
  };
  let w = '';
  for (const c of text.split('')) {
    if (!dict.has(c)) {
      dict.set(c, next++);
      pending.add(c);
    }
    if (dict.has(w + c)) {
      w += c;
      continue;
    }
    emit(w);
    dict.set(w + c, next++);
    w = c;
  }
  if (w !== '') emit(w);
  put(2, width);
  while (filled !== 0) bit(0);
  return out;
}
