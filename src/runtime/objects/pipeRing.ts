// One direction of a pipe in a SharedArrayBuffer: one writer process, one reader process, 256 slots.
// A slot holds one message whose value is a number, a short string, a boolean, null or undefined, with its
// writer's seq and, when it changed, the writer's program-clock mapping; anything else goes through the
// kernel (the reader orders both by seq). Header: [0] slots written, [1] slots read, [2] reader waiting.
import { PIPE_RING_BYTES } from '../../protocol/messages';

const WRITTEN = 0;
const READ = 1;
const WAITING = 2;
const HEADER = 64;
const SLOT = 128;
const SLOTS = (PIPE_RING_BYTES - HEADER) / SLOT;
/** UTF-16 units of a string that fit a slot after its 48 bytes of fields. */
export const RING_MAX_CHARS = (SLOT - 48) / 2;

const NUMBER = 0;
const STRING = 1;
const TRUE = 2;
const FALSE = 3;
const NULL = 4;
const UNDEFINED = 5;

export interface ClockMapping {
  wall: number;
  prog: number;
  rate: number;
}

export interface RingMessage {
  s: number;
  v: unknown;
  clock: ClockMapping | null;
}

type WaitAsync = (
  a: Int32Array,
  index: number,
  value: number,
) => { async: false; value: string } | { async: true; value: Promise<string> };

export class PipeRing {
  private readonly h: Int32Array;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly u16: Uint16Array;

  constructor(sab: SharedArrayBuffer) {
    this.h = new Int32Array(sab, 0, HEADER / 4);
    this.i32 = new Int32Array(sab);
    this.f64 = new Float64Array(sab);
    this.u16 = new Uint16Array(sab);
  }

  /** Writer: puts one message in; false when its value does not fit a slot or the ring is full. */
  write(s: number, v: unknown, clock: ClockMapping | null): boolean {
    let type: number;
    if (typeof v === 'number') type = NUMBER;
    else if (typeof v === 'string' && v.length <= RING_MAX_CHARS) type = STRING;
    else if (v === true) type = TRUE;
    else if (v === false) type = FALSE;
    else if (v === null) type = NULL;
    else if (v === undefined) type = UNDEFINED;
    else return false;
    const w = this.h[WRITTEN]!; // only this writer changes it
    if (w - Atomics.load(this.h, READ) >= SLOTS) return false;
    const base = HEADER + (w % SLOTS) * SLOT;
    const i = base >> 2;
    this.i32[i] = type;
    this.i32[i + 1] = s;
    this.i32[i + 3] = clock ? 1 : 0;
    if (type === NUMBER) this.f64[(base + 16) >> 3] = v as number;
    if (clock) {
      const f = (base + 24) >> 3;
      this.f64[f] = clock.wall;
      this.f64[f + 1] = clock.prog;
      this.f64[f + 2] = clock.rate;
    }
    if (type === STRING) {
      const str = v as string;
      this.i32[i + 2] = str.length;
      const c = (base + 48) >> 1;
      for (let k = 0; k < str.length; k++) this.u16[c + k] = str.charCodeAt(k);
    }
    Atomics.store(this.h, WRITTEN, w + 1); // publishes the slot
    if (Atomics.load(this.h, WAITING) !== 0) Atomics.notify(this.h, WRITTEN);
    return true;
  }

  /** Reader: whether a message is waiting. */
  ready(): boolean {
    return Atomics.load(this.h, WRITTEN) !== this.h[READ];
  }

  /** Reader: the next message, or null. */
  read(): RingMessage | null {
    const r = this.h[READ]!; // only this reader changes it
    if (Atomics.load(this.h, WRITTEN) === r) return null;
    const base = HEADER + (r % SLOTS) * SLOT;
    const i = base >> 2;
    const type = this.i32[i]!;
    const s = this.i32[i + 1]!;
    let v: unknown;
    if (type === NUMBER) v = this.f64[(base + 16) >> 3];
    else if (type === STRING) {
      const n = this.i32[i + 2]!;
      const c = (base + 48) >> 1;
      v = String.fromCharCode(...this.u16.subarray(c, c + n));
    } else v = type === TRUE ? true : type === FALSE ? false : type === NULL ? null : undefined;
    let clock: ClockMapping | null = null;
    if (this.i32[i + 3] === 1) {
      const f = (base + 24) >> 3;
      clock = { wall: this.f64[f]!, prog: this.f64[f + 1]!, rate: this.f64[f + 2]! };
    }
    Atomics.store(this.h, READ, r + 1); // frees the slot
    return { s, v, clock };
  }

  /** Reader: busy-waits up to `us` microseconds for a message (cheaper than a wake-up when one is close). */
  spin(us: number): boolean {
    if (this.ready()) return true;
    const until = performance.now() + us / 1000;
    while (performance.now() < until) if (this.ready()) return true;
    return this.ready();
  }

  /** Reader: resolves once the writer has written (at once if it already has). */
  wait(): Promise<unknown> {
    Atomics.store(this.h, WAITING, 1);
    const r = this.h[READ]!;
    const waitAsync = (Atomics as unknown as { waitAsync?: WaitAsync }).waitAsync;
    if (!waitAsync) return new Promise((res) => setTimeout(res, 1)); // no waitAsync: poll every ms
    const res = waitAsync(this.h, WRITTEN, r);
    const done = () => Atomics.store(this.h, WAITING, 0);
    return res.async ? res.value.then(done) : Promise.resolve(done());
  }
}
