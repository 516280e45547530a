// Finds a Chromium for the browser tests, without downloading anything, and the exact flags to launch it with.
import { existsSync } from 'node:fs';

/**
 * The flags every browser test launches Chromium with. Never the @sparticuz/chromium package's own
 * `args`: they include --single-process and --disable-web-security and force-enable SharedArrayBuffer,
 * which would hide real bugs (cross-origin isolation, worker processes).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium to drive, in this order: `$CHROMIUM_PATH`; Playwright's own browser if it is installed;
 * `/usr/bin/chromium`; then the one @sparticuz/chromium unpacks from the npm registry (a devDependency),
 * so a fresh `npm install && npm test` needs no apt step.
 */
export async function findChromium(): Promise<{ path: string; from: string }> {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv))
      throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist; unset it or point it at a Chromium binary.`);
    return { path: fromEnv, from: '$CHROMIUM_PATH' };
  }
  try {
    const { chromium } = await import('playwright-core');
    const own = chromium.executablePath();
    if (own && existsSync(own)) return { path: own, from: 'playwright' };
  } catch {
    // no browser registered for this playwright-core: fall through
  }
  if (existsSync('/usr/bin/chromium')) return { path: '/usr/bin/chromium', from: '/usr/bin/chromium' };
  const sparticuz = (await import('@sparticuz/chromium')).default;
  return { path: await sparticuz.executablePath(), from: '@sparticuz/chromium' };
}
