// `npm run tour`: builds the page, serves dist/ as `vite preview` does, tours the gallery in Chromium, writes the report.
import { spawnSync } from 'node:child_process';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { CHROMIUM_ARGS, findChromium } from '../chromium';
import { LANGS, pick, SIZES, TOUR_OUT } from './plan';
import { emptyOutDir, writeReport } from './report';
import { runTour, tourProblems } from './tour';

const USAGE = `usage: npm run tour -- [options]
  --only ID,ID        only these examples (default: the whole gallery)
  --sizes desktop,phone   --langs en,zh   (default: both of each)
  --out DIR           where shots, index.html and summary.json go (default: ${TOUR_OUT}; emptied first, and only
                      when it is empty or holds an earlier tour)
  --no-build          serve dist/ as it is (default: \`vite build\` first)
  --timeout SECONDS   how long a run may take before it counts as stuck (default: 90)
  --parallel N        pages at once, 1 or 2 (default: 2)`;

/** Serves dist/ with the project's own preview server (vite.config.ts: the same headers as `npm run preview`). */
async function serve(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('the preview server has no TCP address');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => server.close() };
}

export async function main(argv: string[], root: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      sizes: { type: 'string' },
      langs: { type: 'string' },
      out: { type: 'string' },
      'no-build': { type: 'boolean' },
      timeout: { type: 'string' },
      parallel: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const sizes = pick(SIZES, values.sizes, (s) => s.name, 'size');
  const langs = pick(LANGS, values.langs, (l) => l, 'language');
  const timeout = Number(values.timeout ?? 90);
  const parallel = Number(values.parallel ?? 2);
  if (!(timeout > 0)) throw new Error(`--timeout ${values.timeout}: give a number of seconds above 0`);
  if (parallel !== 1 && parallel !== 2)
    throw new Error(`--parallel ${values.parallel}: give 1 or 2 (the machine is shared)`);
  const outDir = resolve(root, values.out ?? TOUR_OUT);
  await emptyOutDir(outDir); // before the build: a wrong --out fails at once

  const started = Date.now();
  if (!values['no-build']) {
    console.log('tour: building the page (vite build)…');
    const built = spawnSync(join(root, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('vite build failed: see above');
  }
  const server = await serve(root);
  const found = await findChromium();
  const browser = await chromium.launch({ executablePath: found.path, args: CHROMIUM_ARGS });
  try {
    console.log(`tour: ${server.url} in Chromium (${found.from}), shots into ${relative(root, outDir) || '.'}`);
    const result = await runTour(browser, {
      baseUrl: server.url,
      outDir,
      sizes,
      langs,
      parallel,
      runTimeoutMs: timeout * 1000,
      ...(values.only ? { only: values.only.split(',').map((s) => s.trim()) } : {}),
      onShot: (s, done, total) =>
        console.log(
          `${String(done).padStart(3)}/${total} ${s.problems.length ? 'FAIL' : 'ok  '} ${s.lang}-${s.size} ` +
            `${String(s.index).padStart(2, '0')}-${s.id}: ${s.run?.statusText ?? 'no run'} (${s.seconds.toFixed(1)} s)` +
            s.problems.map((p) => `\n        ${p}`).join(''),
        ),
    });
    const { index } = await writeReport(outDir, result);
    const problems = tourProblems(result);
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    console.log(
      `\ntour: ${result.shots.length} shots in ${secs} s (tour ${result.seconds.toFixed(0)} s); open ${index}`,
    );
    if (problems.length) {
      console.log(`tour: ${problems.length} problems:`);
      for (const p of problems) console.log(`  - ${p}`);
      return 1;
    }
    console.log('tour: every check passes');
    return 0;
  } finally {
    await browser.close();
    await server.close();
  }
}
