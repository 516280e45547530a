// A controlled run's schedule as a short string: the process chosen at each decision that had a choice, run-length
// coded, deflated when that is shorter, base64url'd behind a version prefix. Carries the program's fingerprint and
// the run's seed, so a schedule is never replayed against another program without saying so. Never throws on
// input: decoding answers with a reason.
import { fromBase64Url, toBase64Url } from './base64url';
import { deflateRaw, inflateRaw } from './deflate';

/** The prefix of the schedule strings this build writes (and the only one it reads). */
export const SCHEDULE_PREFIX = 's1.';
/** The longest schedule string the decoder looks at (a million decisions fit in far less). */
export const MAX_SCHEDULE_CHARS = 2_000_000;
/** The most decisions a schedule may hold (a controlled run's log holds 200,000). */
export const MAX_CHOICES = 1_000_000;
const MAX_SLOT = 63;
const FLAG_DEFLATED = 1;

/** What a schedule string holds. */
export interface Schedule {
  /** `programFingerprint` of the source it was recorded with. */
  fingerprint: number;
  /** The run's seed (the `random` module's and `Math.random`'s streams). */
  seed: number;
  /** The slot chosen at each decision with two or more runnable processes, in order. */
  choices: number[];
}

/** A 32-bit FNV-1a of the program's text (line endings normalised). */
export function programFingerprint(source: string): number {
  const s = source.replace(/\r\n?/g, '\n');
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function pushVarint(out: number[], n: number): void {
  let v = n;
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** The bytes before compression: fingerprint, seed (zigzag), count, then (run length - 1) << 6 | slot per run. */
function pack(s: Schedule): Uint8Array {
  const out: number[] = [];
  const f = s.fingerprint >>> 0;
  out.push(f & 0xff, (f >>> 8) & 0xff, (f >>> 16) & 0xff, (f >>> 24) & 0xff);
  pushVarint(out, s.seed >= 0 ? s.seed * 2 : -s.seed * 2 - 1);
  pushVarint(out, s.choices.length);
  for (let i = 0; i < s.choices.length;) {
    const slot = s.choices[i]!;
    if (!Number.isInteger(slot) || slot < 0 || slot > MAX_SLOT) throw new RangeError(`bad slot ${slot}`);
    let run = 1;
    while (i + run < s.choices.length && s.choices[i + run] === slot && run < 1 << 20) run++;
    pushVarint(out, ((run - 1) << 6) | slot);
    i += run;
  }
  return Uint8Array.from(out);
}

/** Encodes a schedule (throws only on a schedule no controlled run makes: a slot outside 0…63). */
export async function encodeSchedule(s: Schedule): Promise<string> {
  if (!Number.isSafeInteger(s.seed) || Math.abs(s.seed) > 2 ** 50) throw new RangeError(`bad seed ${s.seed}`);
  const raw = pack(s);
  const deflated = raw.length > 64 ? await deflateRaw(raw) : null;
  const [flags, body] = deflated && deflated.length < raw.length ? [FLAG_DEFLATED, deflated] : [0, raw];
  const bytes = new Uint8Array(body.length + 1);
  bytes[0] = flags;
  bytes.set(body, 1);
  return SCHEDULE_PREFIX + toBase64Url(bytes);
}

export type ScheduleDecode = { ok: true; schedule: Schedule } | { ok: false; message: string };

const bad = (why: string): ScheduleDecode => ({
  ok: false,
  message: `This schedule cannot be read: ${why}. Copy the whole \`schedule: s1.…\` line that mpplay printed.`,
});

/** Decodes a schedule string; never throws. */
export async function decodeSchedule(text: string): Promise<ScheduleDecode> {
  const t = text.trim();
  if (t.length > MAX_SCHEDULE_CHARS) return bad(`it is longer than ${MAX_SCHEDULE_CHARS} characters`);
  const m = /^s(\d+)\.([A-Za-z0-9_-]*)$/.exec(t);
  if (!m) return bad('it does not start with `s1.` followed by letters, digits, `-` and `_`');
  if (m[1] !== '1') {
    return {
      ok: false,
      message: `This schedule is of format ${m[1]}, newer than this mpplay reads (1): update mpplay to replay it.`,
    };
  }
  const bytes = fromBase64Url(m[2]!);
  if (!bytes || bytes.length < 1) return bad('its text is cut or damaged');
  let body = bytes.subarray(1);
  if (bytes[0]! & ~FLAG_DEFLATED) return bad('it has flags this mpplay does not know');
  if (bytes[0]! & FLAG_DEFLATED) {
    const r = await inflateRaw(body, 8 * MAX_CHOICES);
    if (!r.ok) return bad(r.why === 'too-large' ? 'it holds too many decisions' : 'its compressed part is damaged');
    body = r.bytes;
  }
  let at = 0;
  const varint = (): number | null => {
    let v = 0;
    for (let shift = 0; shift < 56; shift += 7) {
      if (at >= body.length) return null;
      const b = body[at++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return v;
    }
    return null;
  };
  if (body.length < 4) return bad('it is cut short');
  const fingerprint = (body[0]! | (body[1]! << 8) | (body[2]! << 16) | (body[3]! << 24)) >>> 0;
  at = 4;
  const z = varint();
  const count = varint();
  if (z === null || count === null) return bad('it is cut short');
  if (count > MAX_CHOICES) return bad(`it holds more than ${MAX_CHOICES} decisions`);
  const seed = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  const choices: number[] = [];
  while (choices.length < count) {
    const v = varint();
    if (v === null) return bad('it is cut short');
    const run = Math.floor(v / 64) + 1;
    if (choices.length + run > count) return bad('its decisions do not add up');
    for (let i = 0; i < run; i++) choices.push(v % 64);
  }
  if (at !== body.length) return bad('it has bytes after its last decision');
  return { ok: true, schedule: { fingerprint, seed, choices } };
}
