// What each engine needs from the system, where to find it, and the one message that says how to install what is missing.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The Debian packages the cross-engine suite needs (`.ci/run` installs the missing ones). */
export const DEBIAN_PACKAGES = ['firefox-esr', 'webkit2gtk-driver', 'xvfb', 'fonts-noto-cjk'] as const;

const PACKAGE_OF: Record<string, string> = {
  firefox: 'firefox-esr',
  WebKitWebDriver: 'webkit2gtk-driver',
  MiniBrowser: 'webkit2gtk-driver',
  Xvfb: 'xvfb',
};

const OVERRIDE_OF: Record<string, string> = {
  firefox: 'FIREFOX_PATH',
  WebKitWebDriver: 'WEBKIT_WEBDRIVER',
  MiniBrowser: 'WEBKIT_MINIBROWSER',
  Xvfb: 'XVFB_PATH',
};

/**
 * The error text for a missing program: what is missing, and exactly how to install it. The gate fails with it
 * (the engine's tests fail); an engine is never skipped.
 */
export function installHint(what: keyof typeof PACKAGE_OF, lookedAt: string): string {
  const pkg = PACKAGE_OF[what]!;
  return (
    `${what} is not installed (looked for ${lookedAt}). The cross-engine tests of \`npm test\` need the Debian ` +
    `packages ${DEBIAN_PACKAGES.join(', ')}. Install them as root with:\n` +
    `  apt-get update && apt-get install -y ${DEBIAN_PACKAGES.join(' ')}\n` +
    `(\`bash .ci/run\` does this by itself), or set ${OVERRIDE_OF[what]} to where ${what} is ` +
    `(package ${pkg} on Debian).`
  );
}

/** The first path of `candidates` that exists, or null. */
export function firstExisting(candidates: readonly string[]): string | null {
  return candidates.find((p) => existsSync(p)) ?? null;
}

/**
 * The MiniBrowser that Debian's WebKitGTK installs (with `webkit2gtk-driver`): under the machine's multiarch folder,
 * e.g. /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser. `$WEBKIT_MINIBROWSER` overrides it.
 */
export function miniBrowserCandidates(): string[] {
  const fromEnv = process.env['WEBKIT_MINIBROWSER'];
  if (fromEnv) return [fromEnv];
  let arches: string[] = [];
  try {
    arches = readdirSync('/usr/lib').filter((d) => /-linux-gnu/.test(d));
  } catch {
    // no /usr/lib: not Debian
  }
  return arches.flatMap((a) =>
    ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0'].map((v) => join('/usr/lib', a, v, 'MiniBrowser')),
  );
}
