// The gallery tour (`npm run tour`, e2e/tour) on a slice of the gallery: shots, index and summary are written and its checks pass.
import { expect, test } from '@playwright/test';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { EXPECTS } from '../src/examples/expects';
import { LANGS, SIZES, TOUR_OUT } from './tour/plan';
import { emptyOutDir, TOUR_MARK, writeReport } from './tour/report';
import { runTour, tourProblems } from './tour/tour';
import { runProblems } from './tour/visit';

/** Two quick examples: the gallery's first, and the one the page opens with. */
const ONLY = ['zombie', 'start-function'];

/** A PNG's width and height, from its header. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('the tour of 2 examples × 2 sizes × 2 languages leaves every shot, an index and a summary, all checks passing', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const outDir = await mkdtemp(join(tmpdir(), 'mpplay-tour-'));
  try {
    const result = await runTour(browser, { baseUrl: baseURL!, outDir, sizes: SIZES, langs: LANGS, only: ONLY });
    // The gallery the tour walks is the catalog: every example that has expectations, and no other.
    expect(result.gallery.map((e) => e.id).sort()).toEqual(Object.keys(EXPECTS).sort());
    expect(tourProblems(result)).toEqual([]);
    expect(result.shots).toHaveLength(ONLY.length * SIZES.length * LANGS.length);

    const { index, summary } = await writeReport(outDir, result);
    const html = await readFile(index, 'utf8');
    const order: number[] = [];
    for (const shot of result.shots) {
      const place = result.gallery.findIndex((e) => e.id === shot.id) + 1;
      expect(shot.file).toBe(`${shot.lang}-${shot.size}/${String(place).padStart(2, '0')}-${shot.id}.png`);
      const size = SIZES.find((s) => s.name === shot.size)!;
      const png = pngSize(await readFile(join(outDir, shot.file!)));
      expect(png.width).toBe(size.width);
      expect(png.height).toBeGreaterThanOrEqual(size.height); // the whole page: the phone's scrolls beyond one screen
      expect(shot.run?.status, shot.id).toMatch(/^(exited|stopped)$/);
      expect(shot.title, shot.file!).not.toBe('');
      expect(shot.lesson.length, shot.file!).toBeGreaterThan(40);
      order.push(html.indexOf(`src="${shot.file}"`));
    }
    expect(order.every((at) => at > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b)); // shown in tour order
    const sum = JSON.parse(await readFile(summary, 'utf8')) as { failed: number; passed: number; shots: unknown[] };
    expect(sum).toMatchObject({ failed: 0, passed: result.shots.length });

    // The checks can fail: a run still going, one that ended otherwise than its example expects, output out of order.
    const zombie = result.gallery.find((e) => e.id === 'zombie')!;
    const shot = result.shots.find((s) => s.id === 'zombie')!;
    const lines = shot.tail;
    const ended = shot.run!;
    expect(runProblems(zombie, ended, lines)).toEqual([]);
    expect(runProblems(zombie, { ...ended, status: 'running' }, lines).join()).toMatch(/did not end/);
    expect(runProblems(zombie, { ...ended, exitCode: 1 }, lines).join()).toMatch(/exit code 1, the example expects 0/);
    expect(runProblems(zombie, ended, [...lines].reverse()).join()).toMatch(/output lacks/);
    // lost-update's rare plain run (an update really lost) is right; a run that is neither outcome is not.
    const lost = result.gallery.find((e) => e.id === 'lost-update')!;
    const rare = { ...ended, exitCode: 1 };
    expect(runProblems(lost, rare, ['counter = 3, 期望 4', 'AssertionError: 丢失了更新'])).toEqual([]);
    expect(runProblems(lost, rare, ['counter = 3, 期望 4']).join()).toMatch(/exit code 1, the example expects 0/);
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
});

test("the tour's shots live outside Playwright's output folder, and the tour empties only a folder of its own", async ({
  browserName: _,
}, info) => {
  // Every Playwright run empties its outputDir: the tour's default folder must not be in it (nor hold it).
  const shots = resolve(TOUR_OUT);
  const outputDir = resolve(info.project.outputDir);
  const inside = (a: string, b: string) => !relative(b, a).startsWith('..') && !relative(b, a).startsWith('/');
  expect(inside(shots, outputDir)).toBe(false);
  expect(inside(outputDir, shots)).toBe(false);

  const dir = await mkdtemp(join(tmpdir(), 'mpplay-tour-out-'));
  try {
    // A folder of someone else's files is left alone, with an error that says what to give instead.
    await writeFile(join(dir, 'notes.md'), 'mine');
    await expect(emptyOutDir(dir)).rejects.toThrow(/holds other files .*give a new or empty folder/);
    expect(await readdir(dir)).toEqual(['notes.md']);
    // A new folder is made and marked; an earlier tour's (even one that stopped half-way) is emptied.
    const fresh = join(dir, 'tour');
    await emptyOutDir(fresh);
    expect(await readdir(fresh)).toEqual([TOUR_MARK]);
    await mkdir(join(fresh, 'en'));
    await writeFile(join(fresh, 'en', 'shot.png'), 'png');
    await emptyOutDir(fresh);
    expect(await readdir(fresh)).toEqual([TOUR_MARK]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
