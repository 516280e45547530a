// @ts-check
// The built page `npm run bench` serves: dist/ when it is newer than the sources, else a build of this
// checkout's own in the bench cache (minified as shipped, or unminified for the profiles).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { capture, lastLine, log } from './common.mjs';
import { cacheDir, root, vite } from './local.mjs';

/** Newest modification time of the files a page build depends on. */
function newestSourceMtime() {
  let newest = 0;
  /** @param {string} p */
  const visit = (p) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) visit(join(p, e));
    } else if (!/\.test\.tsx?$|\.test-util\.ts$/.test(p)) {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of ['src', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json', 'public']) {
    visit(join(root, p));
  }
  return newest;
}

/** @param {string} dir @param {number} newest */
function buildIsFresh(dir, newest) {
  const st = statSync(join(dir, 'index.html'), { throwIfNoEntry: false });
  return !!st && st.mtimeMs >= newest;
}

/**
 * `vite build` of the page into `dir` (emptied first); throws with vite's last line when it fails.
 * @param {string} dir
 * @param {string[]} extraArgs for vite build, before `--outDir`
 * @param {string} why for the progress line
 */
async function buildInto(dir, extraArgs, why) {
  const args = ['build', ...extraArgs, '--outDir', dir];
  log(`${why}: vite ${[...args.slice(0, -1), relative(root, dir)].join(' ')}`);
  const r = await capture(vite, [...args, '--emptyOutDir', '--logLevel', 'warn'], { timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`vite build failed: ${lastLine(r.stderr) || lastLine(r.stdout)}`);
}

/**
 * A built page to serve: dist/ when it is newer than the sources, else a build of our own (in
 * node_modules/.cache/mpplay-bench/checkout-…/dist, so a dist/ that others' tests are serving is never rebuilt under
 * them, and a checkout sharing node_modules never serves another's build).
 */
export async function ensureBuild(/** @type {string | null} */ given) {
  if (given) {
    if (!existsSync(join(given, 'index.html'))) throw new Error(`--dist ${given} has no index.html`);
    return { dir: given, built: false };
  }
  const newest = newestSourceMtime();
  const dist = join(root, 'dist');
  if (buildIsFresh(dist, newest)) return { dir: dist, built: false };
  const own = join(cacheDir, 'dist');
  if (buildIsFresh(own, newest)) return { dir: own, built: false };
  await buildInto(own, [], 'dist/ is missing or older than the sources');
  return { dir: own, built: true };
}

/** An unminified build of the page (functions keep their names in profiles), built when older than the sources. */
export async function ensureUnminifiedBuild() {
  const dir = join(cacheDir, 'dist-unminified');
  if (!buildIsFresh(dir, newestSourceMtime())) {
    await buildInto(dir, ['--minify', 'false'], 'unminified build for the profiles');
  }
  return dir;
}
