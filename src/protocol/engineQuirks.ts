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
  return !/\b(Chrome|Chromium|HeadlessChrome|Edg|OPR|SamsungBrowser)\//.test(userAgent);
}

/** The user agent of this global (page, worker; Node has one too), if any. */
export function currentUserAgent(): string | undefined {
  return (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;
}
