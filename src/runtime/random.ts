// Seeded per-process random streams: the same run seed and process name give the same numbers.
import { IndexError, ValueError } from './errors';

/** A small, fast PRNG (sfc32) seeded from a string; reproducible across hosts. */
export class SeededRandom {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: string) {
    this.seed(seed);
  }

  /** Restarts the stream from `seed` (Python's `random.seed(n)`). */
  seed(seed: string | number): void {
    let h = 1779033703 ^ String(seed).length;
    const s = String(seed);
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
      h = (h << 13) | (h >>> 19);
    }
    const next = () => {
      h = Math.imul(h ^ (h >>> 16), 2246822507);
      h = Math.imul(h ^ (h >>> 13), 3266489909);
      return (h ^= h >>> 16) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.random();
  }

  /** A float in [0, 1). @py random.random */
  random(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer N with a <= N <= b. @py random.randint */
  randint(a: number, b: number): number {
    if (!Number.isInteger(a) || !Number.isInteger(b)) throw new ValueError('non-integer arg 1 for randrange()');
    if (b < a) throw new ValueError(`empty range in randrange(${a}, ${b + 1})`);
    return a + Math.floor(this.random() * (b - a + 1));
  }

  /** A float between a and b. @py random.uniform */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.random();
  }

  /** One element of a non-empty sequence. @py random.choice */
  choice<T>(xs: ArrayLike<T>): T {
    if (xs.length === 0) throw new IndexError('Cannot choose from an empty sequence');
    return xs[Math.floor(this.random() * xs.length)] as T;
  }
}
