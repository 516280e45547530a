// Deflate-raw through the platform's CompressionStream / DecompressionStream (browsers and Node 20), with an output cap.

/** Compresses bytes with deflate-raw (RFC 1951): the share link's payload. */
export async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Why decompression failed: the data ended early, was not deflate data, or inflates past the cap. */
export type InflateFailure = 'truncated' | 'malformed' | 'too-large';

/**
 * Inflates deflate-raw data, stopping as soon as the output passes `maxBytes` (a small link cannot become a
 * decompression bomb). Never throws: failures come back as a reason.
 */
export async function inflateRaw(
  data: Uint8Array,
  maxBytes: number,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; why: InflateFailure }> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        reader.cancel().catch(() => undefined);
        return { ok: false, why: 'too-large' };
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return { ok: true, bytes };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // Node says "unexpected end of file"; Chromium "Compressed input was truncated".
    return { ok: false, why: /end of|truncat|incomplete/i.test(msg) ? 'truncated' : 'malformed' };
  }
}
