// Share links, a versioned pure codec: the code deflated and base64url'd in the hash, non-default options in the query.
//
// Forms a link's hash may take (the query always holds the options, see options.ts):
//   #v1/<base64url(deflate-raw(UTF-8 code))>   mpplay, format 1 (the one written today)
//   #code/<lz-string>                          a TypeScript playground link (its hash, pasted onto our page)
//   #src=<percent-encoded code>                the TypeScript playground's plain form
//   (no hash)                                  the example's own text, or only options
// A format newer than SHARE_VERSION is refused with a message, never guessed at. Decoding never throws.
import { fromBase64Url, toBase64Url } from './base64url';
import { deflateRaw, inflateRaw } from './deflate';
import { decodeLzUri } from './lzString';
import { OPTION_PARAMS, readOptions, writeOptions, type LinkOptions } from './options';

/** The newest link format this build writes and reads. Bump it when the hash payload changes; keep old readers. */
export const SHARE_VERSION = 1;

/** The longest program a link may carry, in UTF-8 bytes (the page's own examples are under 4 KiB). */
export const MAX_CODE_BYTES = 256 * 1024;
/** The longest hash the decoder looks at; anything longer is refused before any work. */
export const MAX_HASH_CHARS = 400_000;

/** Chat apps cut links past about this many characters. */
export const CHAT_LINK_LIMIT = 2000;
/** Many servers and proxies refuse request lines past about this many characters. */
export const SERVER_LINK_LIMIT = 8000;

/** A program and its options, as a link carries them. */
export interface SharedSnippet {
  /** The program text; null means the example's own text (or, without an example, whatever the editor holds). */
  code: string | null;
  options: LinkOptions;
}

/** Why a link (or part of it) could not be used. `param`/`value` name a query option that was ignored. */
export type ShareProblem =
  | { code: 'malformed'; message: string }
  | { code: 'truncated'; message: string }
  | { code: 'too-large'; message: string }
  | { code: 'newer-version'; message: string; version: number }
  | { code: 'bad-option'; message: string; param: string; value: string };

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
  const bytes = fromBase64Url(payload);
  if (!bytes) return { problem: problem('malformed', 'not base64url') };
  const inflated = await inflateRaw(bytes, MAX_CODE_BYTES);
  if (!inflated.ok) return { problem: problem(inflated.why, 'deflate') };
  const code = utf8(inflated.bytes);
  if (code === null) return { problem: problem('malformed', 'not UTF-8 text') };
  return { code };
}

/** Reads the hash. `undefined`: there is no code in it. */
async function decodeHash(
  hash: string,
): Promise<{ form: LinkForm; code: string } | { form: LinkForm; problem: ShareProblem } | undefined> {
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
    if (hash) return { form: hash.form, snippet: { code: hash.code, options }, problems };
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
 * hash at all. `extra` query parameters (the embed's) come after the options. Rejects code over MAX_CODE_BYTES.
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
  if (snippet.code === null || (ex !== null && exampleSource(ex) === snippet.code)) return { search, hash: '' };
  const bytes = enc.encode(snippet.code);
  if (bytes.length > MAX_CODE_BYTES) throw new RangeError(`the program is over ${MAX_CODE_BYTES / 1024} KiB`);
  return { search, hash: `#v${SHARE_VERSION}/${toBase64Url(await deflateRaw(bytes))}` };
}

/** How a link of this many characters travels: everywhere, not in some chat apps, or not past some servers. */
export function linkLengthVerdict(length: number): 'ok' | 'chat' | 'server' {
  if (length > SERVER_LINK_LIMIT) return 'server';
  if (length > CHAT_LINK_LIMIT) return 'chat';
  return 'ok';
}
