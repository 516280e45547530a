// Fetches a recorded run from a trace file on the embed's own site, as untrusted input: same origin only, size-capped, checked.
import { MAX_RUN_BYTES } from '../../share/codec';
import { parseRecording } from '../../share/recordedRun';
import type { TraceFile } from '../../protocol/trace';

/**
 * Reads the trace file at `path` (relative to the embed's address `base`). Only a file of the embed's own origin is
 * fetched (a blog that hosts mpplay puts it next to the post), without credentials and without following redirects;
 * a body over MAX_RUN_BYTES is cut off and refused. Never throws: a problem says why, in words.
 */
export async function fetchRecording(path: string, base: string): Promise<{ file: TraceFile } | { problem: string }> {
  let url: URL;
  try {
    url = new URL(path, base);
  } catch {
    return { problem: `"${path.slice(0, 80)}" is not an address` };
  }
  const own = new URL(base).origin;
  if (url.origin !== own || !/^https?:$/.test(url.protocol))
    return { problem: `only a trace file on this embed's own site (${own}) can be shown, not one on ${url.origin}` };
  let res: Response;
  try {
    res = await fetch(url, { mode: 'same-origin', credentials: 'omit', redirect: 'error', cache: 'no-cache' });
  } catch {
    return { problem: `${url.pathname} could not be fetched` };
  }
  if (!res.ok || !res.body) return { problem: `${url.pathname} answered ${res.status}` };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > MAX_RUN_BYTES) {
      void reader.cancel();
      return { problem: `${url.pathname} is larger than ${MAX_RUN_BYTES / 1024 / 1024} MiB` };
    }
    chunks.push(value);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
  } catch {
    return { problem: `${url.pathname} is not UTF-8 text` };
  }
  const r = parseRecording(text);
  return 'file' in r ? r : { problem: `${url.pathname}: ${r.problem}` };
}
