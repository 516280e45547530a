// Browser-engine quirks the runtime and the hosts work around, decided from the user agent string (what they work
// around cannot be probed cheaply at start-up: it shows only while the page is busy).

/**
 * Whether MessagePort messages wait for the page's main thread in this engine. WebKit (Safari, and every browser
 * on an iPhone) delivers them through it: with the page busy for 800 ms, a worker's message to a MessageChannel of
 * its own arrived after 797 ms in WebKitGTK 2.50, a zero timer in the same worker after 0.2 ms (Chromium: 0.08 and
 * 0.02 ms). Chromium's user agent also says AppleWebKit, so it is told apart by its own tokens.
 */
export function portsWaitForPage(userAgent: string | undefined): boolean {
  if (!userAgent || !/AppleWebKit\//.test(userAgent)) return false;
  return !isBlink(userAgent);
}

/** Chromium and the browsers built on it (their user agents also say AppleWebKit and Safari). */
function isBlink(userAgent: string): boolean {
  return /\b(Chrome|Chromium|HeadlessChrome|Edg|OPR|SamsungBrowser)\//.test(userAgent);
}

/**
 * Whether a terminated worker's busy loop runs on for a while in this engine: Chromium gives it ~2 s (measured: a
 * busy worker's thread used CPU until 2.0 s after terminate()); Firefox 153 and WebKitGTK 2.50 end it at once (its
 * thread's last CPU 0 ms after terminate(), per-thread /proc samples every 10 ms).
 */
export function endsWorkersLate(userAgent: string | undefined): boolean {
  return !!userAgent && isBlink(userAgent);
}

/** The user agent of this global (page, worker; Node has one too), if any. */
export function currentUserAgent(): string | undefined {
  return (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
}
