// Whether this worker is being ended, asked synchronously from a busy loop where there is no shared memory (so no
// stop cell: see src/runtime/loopGuard.ts). Chromium lets a terminated worker run on for ~2 s; a synchronous
// request for a Blob URL of its own fails in a worker that is being ended (measured: a busy loop asking every 20 ms
// stopped 21–22 ms after terminate(), against 2.0 s without), while a data: URL does not notice.

/**
 * The probe, or null where it cannot work: no XMLHttpRequest, or a policy that refuses connections to blob: URLs
 * (CSP `connect-src` without `blob:`), which would make it say "ending" at once. Call before user code runs: it
 * takes its own references (the runtime then poisons XMLHttpRequest for user code).
 */
export function endingProbe(): (() => boolean) | null {
  if (typeof XMLHttpRequest !== 'function' || typeof Blob !== 'function') return null;
  const Xhr = XMLHttpRequest;
  const { open, send } = Xhr.prototype;
  const apply = Reflect.apply;
  let url: string;
  try {
    url = URL.createObjectURL(new Blob(['']));
  } catch {
    return null;
  }
  const ask = (): boolean => {
    try {
      const x = new Xhr();
      apply(open, x, ['GET', url, false]);
      apply(send, x, []);
      return true;
    } catch {
      return false;
    }
  };
  // Twice before it says "ending": a live worker's loop must never be ended by one failed request.
  const alive = () => ask() || ask();
  return alive() ? alive : null;
}
