// The tour's report: index.html to page through every shot with its title, lesson, end status and problems; summary.json.
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tourProblems, type TourResult } from './tour';
import type { Shot } from './visit';

/** How much of a lesson's text the index shows under each shot. */
const EXCERPT_CHARS = 240;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const anchor = (s: Shot) => `${s.lang}-${s.size}-${s.index}`;
const excerpt = (t: string) => (t.length > EXCERPT_CHARS ? `${t.slice(0, EXCERPT_CHARS).trimEnd()}…` : t);

function endLine(s: Shot): string {
  if (!s.run) return 'no run';
  const code = s.run.exitCode === null ? '' : ` · exit code ${s.run.exitCode}`;
  const why = s.run.reason && s.run.reason !== s.run.status ? ` (${s.run.reason})` : '';
  return `${s.run.status}${why}${code} · ${s.run.events} events`;
}

function figure(s: Shot, prev: Shot | undefined, next: Shot | undefined): string {
  const nav = [
    prev ? `<a href="#${anchor(prev)}" rel="prev">← prev</a>` : '',
    `<a href="#top">index</a>`,
    next ? `<a href="#${anchor(next)}" rel="next">next →</a>` : '',
  ].join(' ');
  const problems = s.problems.length
    ? `<ul class="problems">${s.problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul>`
    : '<p class="ok">all checks pass</p>';
  const img = s.file
    ? `<a href="${esc(s.file)}"><img src="${esc(s.file)}" loading="lazy" alt="${esc(`${s.id}, ${s.lang}, ${s.size}`)}"></a>`
    : '<p class="bad">no screenshot</p>';
  return `<section class="shot ${s.problems.length ? 'failed' : ''}" id="${anchor(s)}">
<h3>${String(s.index).padStart(2, '0')} · ${esc(s.title || s.id)} <small>${esc(`${s.id} · ${s.lang} · ${s.size} · ${s.seconds.toFixed(1)} s`)}</small></h3>
<nav>${nav}</nav>
<p class="lesson">${esc(excerpt(s.lesson))}</p>
<p class="end"><b>${esc(endLine(s))}</b> — ${esc(s.run?.statusText ?? '')}${s.finished ? ` — <code>${esc(s.finished)}</code>` : ''}</p>
${s.tail.length ? `<pre class="tail">${esc(s.tail.join('\n'))}</pre>` : ''}
${problems}
${img}
</section>`;
}

/** The index page: a table of contents by group, the failures first, then every shot in order. */
export function indexHtml(result: TourResult): string {
  const failures = tourProblems(result);
  const groups = [...new Set(result.shots.map((s) => `${s.lang}-${s.size}`))];
  const toc = groups
    .map((g) => {
      const inGroup = result.shots.filter((s) => `${s.lang}-${s.size}` === g);
      const items = inGroup
        .map((s) => `<a class="${s.problems.length ? 'bad' : ''}" href="#${anchor(s)}">${s.index}</a>`)
        .join(' ');
      return `<li><a href="#${anchor(inGroup[0]!)}">${esc(g)}</a>: ${items}</li>`;
    })
    .join('\n');
  const body = result.shots.map((s, i) => figure(s, result.shots[i - 1], result.shots[i + 1])).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>mpplay gallery tour</title>
<meta name="viewport" content="width=device-width">
<style>
body{font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:0 auto;max-width:1480px;padding:1em;color:#222}
.shot{border-top:2px solid #ccc;padding:1em 0}.shot.failed{border-top-color:#c33}
.shot img{max-width:100%;border:1px solid #bbb;box-shadow:0 1px 4px #0002}
h3 small{font-weight:normal;color:#777}.lesson{color:#444;max-width:70em}.tail{background:#f4f4f4;padding:.5em;overflow:auto}
.problems{color:#b00}.ok{color:#070}.bad{color:#b00;font-weight:bold}nav a{margin-right:1em}
</style></head>
<body id="top">
<h1>mpplay gallery tour</h1>
<p>${result.shots.length} shots of ${result.gallery.length} examples in ${result.seconds.toFixed(0)} s ·
${failures.length ? `<span class="bad">${failures.length} problems</span>` : '<span class="ok">every check passes</span>'}
· keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous shot</p>
<ul>${toc}</ul>
${failures.length ? `<h2>Problems</h2><ul class="problems">${failures.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : ''}
${body}
<script>
addEventListener('keydown', (e) => {
  if (e.key !== 'j' && e.key !== 'k') return;
  const rel = e.key === 'j' ? 'next' : 'prev';
  const shots = [...document.querySelectorAll('.shot')];
  const here = shots.find((s) => s.getBoundingClientRect().bottom > 80) ?? shots[0];
  const a = here && here.querySelector('a[rel="' + rel + '"]');
  if (a) location.hash = a.getAttribute('href');
});
</script>
</body></html>
`;
}

/** The file that marks a folder as the tour's own (written first, so even a tour that stopped half-way left it). */
export const TOUR_MARK = '.mpplay-tour';

/**
 * Empties the tour's output folder (made when missing). Only a folder that is empty or the tour's own (its mark)
 * is emptied: an `--out` that names a folder of other files throws and deletes nothing.
 */
export async function emptyOutDir(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch((e: NodeJS.ErrnoException): string[] => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  if (names.length && !names.includes(TOUR_MARK))
    throw new Error(
      `--out ${outDir}: the folder holds other files and is not an earlier tour's (no ${TOUR_MARK}); ` +
        'give a new or empty folder: the tour empties it first',
    );
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, TOUR_MARK), 'Written by `npm run tour`, which empties this folder each time.\n');
}

/** Writes index.html and summary.json into the tour's output folder; returns their paths. */
export async function writeReport(outDir: string, result: TourResult): Promise<{ index: string; summary: string }> {
  const index = join(outDir, 'index.html');
  const summary = join(outDir, 'summary.json');
  await writeFile(index, indexHtml(result));
  const failures = tourProblems(result);
  await writeFile(
    summary,
    `${JSON.stringify(
      {
        seconds: result.seconds,
        gallery: result.gallery.map((e) => e.id),
        shots: result.shots,
        passed: result.shots.filter((s) => !s.problems.length).length,
        failed: result.shots.filter((s) => s.problems.length).length,
        problems: failures,
      },
      null,
      2,
    )}\n`,
  );
  return { index, summary };
}
