// Share links, a versioned pure codec: the code deflated and base64url'd in the hash, non-default options in the query.
//
// Forms a link's hash may take (the query always holds the options, see options.ts):
//   #v1/<base64url(deflate-raw(UTF-8 code))>   mpplay, format 1 (written for every link without a recorded run)
//   #v2/<code as in v1, or empty>&run=<base64url(deflate-raw(UTF-8 JSON of a trace file))>
//                                              format 2: the program and a recorded run of it, shown before anyone
//                                              presses Run (an empty code part: the example's own text)
//   #v2/<code as in v2>&schedule=<s1.…>        format 2 with a controlled run's schedule (share/schedule.ts), maybe
//                                              with a run too: the page offers to replay that exact run (on a click)
//   #code/<lz-string>                          a TypeScript playground link (its hash, pasted onto our page)
//   #src=<percent-encoded code>                the TypeScript playground's plain form
//   (no hash)                                  the example's own text, or only options
// A format newer than SHARE_VERSION is refused with a message, never guessed at. Decoding never throws.
import { fromBase64Url, toBase64Url } from './base64url';
import { deflateRaw, inflateRaw } from './deflate';
import type { TraceFile } from '../protocol/trace';
import { decodeLzUri } from './lzString';
import { OPTION_PARAMS, readOptions, writeOptions, type LinkOptions } from './options';
import { parseRecording } from './recordedRun';

/** The newest link format this build reads (and writes, for a link with a recorded run). Keep old readers. */
export const SHARE_VERSION = 2;
/** The format of a link without a recorded run: still 1, so pages older than format 2 open it. */
const PLAIN_VERSION = 1;

/** The longest recorded run a link carries, in characters of its encoded part (about 90 KB compressed). */
export const MAX_RUN_CHARS = 120_000;
/** The largest recorded run, inflated (its JSON), in bytes: past this it is refused before parsing. */
export const MAX_RUN_BYTES = 4 * 1024 * 1024;

/** Thrown by encodeShareLink when a recorded run does not fit in a link; says how big it is. */
export class RunTooLargeError extends RangeError {
  override name = 'RunTooLargeError';
  constructor(
    readonly chars: number,
    readonly events: number,
  ) {
    super(
      `this run is ${chars.toLocaleString('en')} characters once encoded (${events.toLocaleString('en')} events), more than the ${MAX_RUN_CHARS.toLocaleString('en')} a link carries: share its trace file instead`,
    );
  }
}

/** The longest program a link may carry, in UTF-8 bytes (the page's own examples are under 4 KiB). */
export const MAX_CODE_BYTES = 256 * 1024;
/** The longest code part of a hash (base64url); anything longer is refused before any work. */
export const MAX_CODE_CHARS = 400_000;
/** The longest schedule a link carries (a controlled run of thousands of decisions takes a few hundred characters). */
export const MAX_LINK_SCHEDULE_CHARS = 100_000;
/** The longest hash the decoder looks at (code, a recorded run, a schedule); anything longer is refused at once. */
export const MAX_HASH_CHARS = MAX_CODE_CHARS + MAX_RUN_CHARS + MAX_LINK_SCHEDULE_CHARS + 32;

/** Chat apps cut links past about this many characters. */
export const CHAT_LINK_LIMIT = 2000;
/** Many servers and proxies refuse request lines past about this many characters. */
export const SERVER_LINK_LIMIT = 8000;

/** A program and its options, as a link carries them. */
export interface SharedSnippet {
  /** The program text; null means the example's own text (or, without an example, whatever the editor holds). */
  code: string | null;
  options: LinkOptions;
  /** A recorded run of the program (format 2), already checked and made safe when it came from a link. */
  run?: TraceFile | null;
  /**
   * A controlled run's schedule string (`s1.…`, format 2), as the link carries it: the page decodes it and checks
   * it against the program (decodeSchedule, programFingerprint) before it offers to replay it.
   */
  schedule?: string | null;
}

/** Why a link (or part of it) could not be used. `param`/`value` name a query option that was ignored. */
export type ShareProblem =
  | { code: 'malformed'; message: string }
  | { code: 'truncated'; message: string }
  | { code: 'too-large'; message: string }
  | { code: 'newer-version'; message: string; version: number }
  | { code: 'bad-option'; message: string; param: string; value: string }
  /** The link's recorded run could not be used (the program still opens). */
  | { code: 'bad-run'; message: string; why: string }
  /** The link's schedule cannot be replayed (damaged, or made for another program text); the program still opens. */
  | { code: 'bad-schedule'; message: string; why: string };

/** Which kind of link it was. */
export type LinkForm = 'none' | 'mpplay' | 'ts-playground' | 'options';

/**
 * What a URL holds. `snippet` is null when there is nothing to open (`form: 'none'`) or when the code could
 * not be read (then `problems` has a code problem first, and the page keeps what its editor holds).
 */
export interface DecodedLink {
  form: LinkForm;
  snippet: SharedSnippet | null;
  problems: ShareProblem[];
}

/** The parts of a Location the codec reads (STYLE habit 5: the location is a parameter). */
export interface LinkLocation {
  search: string;
  hash: string;
}

const enc = new TextEncoder();

function problem(code: 'malformed' | 'truncated' | 'too-large', detail: string): ShareProblem {
  const what = {
    malformed: 'This link is damaged: its code could not be read',
    truncated: 'This link is cut short: its end is missing (was it copied whole?)',
    'too-large': `This link's program is larger than ${MAX_CODE_BYTES / 1024} KiB, more than mpplay opens`,
  }[code];
  return { code, message: `${what} (${detail}).` };
}

/** Decodes UTF-8 strictly: bytes that are not UTF-8 mean a damaged link. */
function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

async function decodeV1(payload: string): Promise<{ code: string } | { problem: ShareProblem }> {
  if (payload === '') return { problem: problem('truncated', 'the code is empty') };
  if (payload.length > MAX_CODE_CHARS) return { problem: problem('too-large', `${payload.length} characters`) };
  const bytes = fromBase64Url(payload);
  if (!bytes) return { problem: problem('malformed', 'not base64url') };
  const inflated = await inflateRaw(bytes, MAX_CODE_BYTES);
  if (!inflated.ok) return { problem: problem(inflated.why, 'deflate') };
  const code = utf8(inflated.bytes);
  if (code === null) return { problem: problem('malformed', 'not UTF-8 text') };
  return { code };
}

/** What a hash holds: the code (null: the example's own text), maybe a recorded run, and a problem with the run. */
type HashContent = {
  form: LinkForm;
  code: string | null;
  run?: TraceFile;
  runProblem?: ShareProblem;
  schedule?: string;
  scheduleProblem?: ShareProblem;
};

/** A schedule problem, in words (the program still opens). */
export function scheduleProblem(why: string): ShareProblem {
  return { code: 'bad-schedule', why, message: `This link's schedule cannot be replayed: ${why}` };
}

/** The text of a schedule string, as links and the page write it (its content is checked by decodeSchedule). */
const SCHEDULE_TEXT = /^s\d{1,6}\.[A-Za-z0-9_-]*$/;

/** The schedule part of a format-2 hash: its text, or why it cannot be used (its content is decoded later). */
function readSchedulePart(part: string): { schedule: string } | { scheduleProblem: ShareProblem } {
  if (part.length > MAX_LINK_SCHEDULE_CHARS)
    return {
      scheduleProblem: scheduleProblem(`it is longer than the ${MAX_LINK_SCHEDULE_CHARS} characters a link carries.`),
    };
  if (!SCHEDULE_TEXT.test(part))
    return { scheduleProblem: scheduleProblem('it is not a schedule string (`s1.` then letters, digits, - and _).') };
  return { schedule: part };
}

/** Reads a format-2 recorded run: never throws; a problem says why it cannot be shown. */
async function decodeRun(payload: string): Promise<{ run: TraceFile } | { problem: ShareProblem }> {
  const bad = (why: string): { problem: ShareProblem } => ({
    problem: {
      code: 'bad-run',
      why,
      message: `This link's recorded run cannot be shown (${why}); the program opens without it.`,
    },
  });
  if (payload.length > MAX_RUN_CHARS)
    return bad(`${payload.length} characters, more than ${MAX_RUN_CHARS} a link carries`);
  const bytes = fromBase64Url(payload);
  if (!bytes) return bad('not base64url');
  const inflated = await inflateRaw(bytes, MAX_RUN_BYTES);
  if (!inflated.ok)
    return bad(
      inflated.why === 'too-large' ? `larger than ${MAX_RUN_BYTES / 1024 / 1024} MiB` : `deflate: ${inflated.why}`,
    );
  const text = utf8(inflated.bytes);
  if (text === null) return bad('not UTF-8 text');
  const r = parseRecording(text);
  return 'file' in r ? { run: r.file } : bad(r.problem);
}

/** Reads the hash. `undefined`: there is no code in it. */
async function decodeHash(hash: string): Promise<HashContent | { form: LinkForm; problem: ShareProblem } | undefined> {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  if (h === '') return undefined;
  if (h.length > MAX_HASH_CHARS) return { form: 'mpplay', problem: problem('too-large', `${h.length} characters`) };
  const versioned = /^v(\d{1,6})\/(.*)$/s.exec(h);
  if (versioned) {
    const version = Number(versioned[1]);
    if (version > SHARE_VERSION) {
      return {
        form: 'mpplay',
        problem: {
          code: 'newer-version',
          version,
          message: `This link was made by a newer mpplay (link format ${version}); this page reads formats up to ${SHARE_VERSION}. Reload the page to get the newest version.`,
        },
      };
    }
    if (version === 1) {
      const r = await decodeV1(versioned[2]!);
      return 'code' in r ? { form: 'mpplay', code: r.code } : { form: 'mpplay', problem: r.problem };
    }
    if (version === 2) {
      const [codePart, ...rest] = versioned[2]!.split('&');
      const runPart = rest.find((p) => p.startsWith('run='))?.slice(4);
      const schedulePart = rest.find((p) => p.startsWith('schedule='))?.slice(9);
      const sched = schedulePart === undefined ? {} : readSchedulePart(schedulePart);
      let code: string | null = null;
      if (codePart !== '') {
        const r = await decodeV1(codePart!);
        if (!('code' in r)) return { form: 'mpplay', problem: r.problem };
        code = r.code;
      }
      if (runPart === undefined) {
        if (code === null && schedulePart === undefined)
          return { form: 'mpplay', problem: problem('truncated', 'the code is empty') };
        return { form: 'mpplay', code, ...sched };
      }
      const run = await decodeRun(runPart);
      return 'run' in run
        ? { form: 'mpplay', code, run: run.run, ...sched }
        : { form: 'mpplay', code, runProblem: run.problem, ...sched };
    }
    return { form: 'mpplay', problem: problem('malformed', `there is no link format ${version}`) };
  }
  if (h.startsWith('code/')) {
    const r = decodeLzUri(h.slice(5), MAX_CODE_BYTES);
    if (!r.ok) return { form: 'ts-playground', problem: problem(r.why, 'TypeScript playground link') };
    return { form: 'ts-playground', code: r.text };
  }
  if (h.startsWith('src=')) {
    try {
      const code = decodeURIComponent(h.slice(4).replace(/\+/g, ' '));
      if (enc.encode(code).length > MAX_CODE_BYTES)
        return { form: 'ts-playground', problem: problem('too-large', 'src') };
      return { form: 'ts-playground', code };
    } catch {
      return { form: 'ts-playground', problem: problem('malformed', 'bad percent-encoding') };
    }
  }
  return { form: 'mpplay', problem: problem('malformed', 'unknown link form') };
}

/**
 * Reads a URL's share content. Use it once when the page opens. Never throws and never rejects: a link that
 * cannot be used gives `snippet: null` with a problem whose `message` says why; options it could not use are
 * reported as 'bad-option' and left at their defaults.
 */
export async function decodeShareLink(loc: LinkLocation, isExample: (id: string) => boolean): Promise<DecodedLink> {
  try {
    const params = new URLSearchParams(loc.search);
    const { options, bad } = readOptions(params, isExample);
    const problems: ShareProblem[] = bad.map((b) => ({
      code: 'bad-option',
      param: b.param,
      value: b.value,
      message: `The link's ${b.param}=${b.value.slice(0, 40)} is not one mpplay knows; the default is used.`,
    }));
    const hash = await decodeHash(loc.hash);
    if (hash && 'problem' in hash) return { form: hash.form, snippet: null, problems: [hash.problem, ...problems] };
    if (hash) {
      const snippet: SharedSnippet = {
        code: hash.code,
        options,
        ...(hash.run ? { run: hash.run } : {}),
        ...(hash.schedule ? { schedule: hash.schedule } : {}),
      };
      const first = [hash.runProblem, hash.scheduleProblem].filter((p) => p !== undefined);
      return { form: hash.form, snippet, problems: [...first, ...problems] };
    }
    const hasOptions = OPTION_PARAMS.some((p) => params.has(p));
    if (!hasOptions) return { form: 'none', snippet: null, problems: [] };
    return { form: 'options', snippet: { code: null, options }, problems };
  } catch (e) {
    return {
      form: 'mpplay',
      snippet: null,
      problems: [problem('malformed', e instanceof Error ? e.message : 'unreadable')],
    };
  }
}

/** The hash and query of a snippet, without the page's address. */
export interface EncodedLink {
  /** `?…` or '' (only non-default options). */
  search: string;
  /** `#v1/…` or '' (no hash when the code is the example's own text). */
  hash: string;
}

/**
 * Encodes a snippet. `exampleSource` gives an example's own text, so a link to an unedited example needs no
 * hash at all. `extra` query parameters (the embed's) come after the options. Rejects code over MAX_CODE_BYTES,
 * and a recorded run over MAX_RUN_CHARS (RunTooLargeError, whose message says what to do instead).
 */
export async function encodeShareLink(
  snippet: SharedSnippet,
  exampleSource: (id: string) => string | undefined,
  extra?: URLSearchParams,
): Promise<EncodedLink> {
  const params = new URLSearchParams();
  writeOptions(params, snippet.options);
  for (const [k, v] of extra ?? []) params.set(k, v);
  const search = params.size ? `?${params.toString()}` : '';
  const ex = snippet.options.example;
  const own = snippet.code === null || (ex !== null && exampleSource(ex) === snippet.code);
  let code = '';
  if (!own) {
    const bytes = enc.encode(snippet.code!);
    if (bytes.length > MAX_CODE_BYTES) throw new RangeError(`the program is over ${MAX_CODE_BYTES / 1024} KiB`);
    code = toBase64Url(await deflateRaw(bytes));
  }
  const sched = snippet.schedule ?? null;
  if (sched !== null && !SCHEDULE_TEXT.test(sched)) throw new RangeError('not a schedule string');
  if (sched !== null && sched.length > MAX_LINK_SCHEDULE_CHARS)
    throw new RangeError(`the schedule is longer than the ${MAX_LINK_SCHEDULE_CHARS} characters a link carries`);
  const schedule = sched === null ? '' : `&schedule=${sched}`;
  if ((snippet.run || schedule) && own && ex === null)
    throw new RangeError('a recorded run or a schedule needs its program: give the code or an example');
  if (!snippet.run) {
    if (schedule) return { search, hash: `#v${SHARE_VERSION}/${code}${schedule}` };
    return { search, hash: own ? '' : `#v${PLAIN_VERSION}/${code}` };
  }
  const run = toBase64Url(await deflateRaw(enc.encode(JSON.stringify(snippet.run))));
  if (run.length > MAX_RUN_CHARS) throw new RunTooLargeError(run.length, snippet.run.events.length);
  return { search, hash: `#v${SHARE_VERSION}/${code}&run=${run}${schedule}` };
}

/** How a link of this many characters travels: everywhere, not in some chat apps, or not past some servers. */
export function linkLengthVerdict(length: number): 'ok' | 'chat' | 'server' {
  if (length > SERVER_LINK_LIMIT) return 'server';
  if (length > CHAT_LINK_LIMIT) return 'chat';
  return 'ok';
}
