// Whether this page or worker can share memory with its workers: it is cross-origin isolated and the browser gives
// it SharedArrayBuffer (WebKitGTK keeps the constructor off even on isolated pages).

/** True where SharedArrayBuffer exists and the context is cross-origin isolated (so Atomics.wait works across it). */
export function sharedMemoryUsable(): boolean {
  return (
    typeof SharedArrayBuffer === 'function' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true
  );
}
