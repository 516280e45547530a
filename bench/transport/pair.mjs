// @ts-check
/* global setTimeout, clearTimeout, MessageChannel */
// The bare transport, for reference: a round trip between two workers over a MessagePort (and over a
// SharedArrayBuffer with Atomics.wait/notify where there is one). Nothing of mpplay is involved.
// `measurePair` must stay self-contained: bench/run.mjs sends its source text into the page (Function#toString).

/**
 * @typedef {{ postMessageRtUs: number; atomicsRtUs: number | null }} PairResult
 * @typedef {{ postMessage(msg: unknown, transfer?: any[]): void; terminate(): unknown }} AnyWorker
 */

/**
 * Starts two workers running bench/transport/pairWorker.mjs, connects them with a MessageChannel, and resolves
 * with ping's timings (µs per round trip, after `warmup` untimed round trips).
 * @param {{ makeWorker: () => AnyWorker; n: number; warmup: number; withSab: boolean; timeoutMs?: number }} opts
 * @returns {Promise<PairResult>}
 */
export function measurePair(opts) {
  const { makeWorker, n, warmup, withSab, timeoutMs = 60_000 } = opts;
  return new Promise((resolve, reject) => {
    const a = makeWorker();
    const b = makeWorker();
    const end = () => {
      clearTimeout(timer);
      a.terminate();
      b.terminate();
    };
    const timer = setTimeout(() => {
      end();
      reject(new Error(`no answer from the worker pair within ${timeoutMs} ms`));
    }, timeoutMs);
    /** @param {any} w @param {(data: any) => void} onData */
    const listen = (w, onData) => {
      /** @param {any} e */
      const fail = (e) => {
        end();
        reject(e instanceof Error ? e : new Error(`worker error: ${e?.message ?? e}`));
      };
      if (typeof w.addEventListener === 'function') {
        w.addEventListener('message', (/** @type {MessageEvent} */ e) => onData(e.data));
        w.addEventListener('error', fail);
      } else {
        w.on('message', onData); // Node's Worker is an EventEmitter
        w.on('error', fail);
      }
    };
    listen(a, (data) => {
      end();
      resolve(data);
    });
    listen(b, () => {});
    const ch = new MessageChannel();
    const sab = withSab && typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(8) : null;
    a.postMessage({ role: 'ping', port: ch.port1, n, warmup: Math.max(1, warmup), sab }, [ch.port1]);
    b.postMessage({ role: 'pong', port: ch.port2, n, warmup: Math.max(1, warmup), sab }, [ch.port2]);
  });
}
