// Opens a share link on the page: decodes the URL, fills the editor and options (undoably), never runs anything; a
// link's schedule is checked against the program and offered for replay (on a click).
import { decodeShareLink, type DecodedLink, type LinkLocation, type ShareProblem } from '../share/codec';
import { checkLinkSchedule, SCHEDULE_MISMATCH } from '../share/linkSchedule';
import { EXAMPLES, findExample } from './examples';
import type { Strings } from './i18n/strings';
import { replaySchedule, showRecording } from './runController';
import { appStore } from './store/store';

/** The message for a problem, in the page's language. */
export function problemText(t: Strings, p: ShareProblem): string {
  switch (p.code) {
    case 'malformed':
      return t.linkMalformed;
    case 'truncated':
      return t.linkTruncated;
    case 'too-large':
      return t.linkTooLargeOpen;
    case 'newer-version':
      return t.linkNewer(p.version);
    case 'bad-option':
      return t.linkBadOption(p.param, p.value.slice(0, 40));
    case 'bad-run':
      return t.linkBadRun(p.why);
    case 'bad-schedule':
      return t.linkBadSchedule(p.why === SCHEDULE_MISMATCH ? t.scheduleMismatch : p.why);
  }
}

/** Replays a link's schedule on a click: the exact run, with its seed, if the editor still holds its program. */
function replayLinkSchedule(program: string, choices: number[], seed: number): void {
  if (!replaySchedule(program, choices, seed))
    appStore.getState().showNotice({ tone: 'warn', text: (t) => t.linkBadSchedule(t.scheduleMismatch) });
}

const isExample = (id: string) => EXAMPLES.some((e) => e.id === id);

/** Decodes a location's share content (examples resolved against the gallery). */
export function decodePageLink(loc: LinkLocation): Promise<DecodedLink> {
  return decodeShareLink(loc, isExample);
}

/**
 * Applies a decoded link to the page's store: options, then the code (or the example's own text), as an
 * undoable replacement. A link whose code cannot be read changes nothing and says why. Returns whether
 * anything was opened.
 */
export async function applyLink(link: DecodedLink): Promise<boolean> {
  const store = appStore.getState();
  // The program the link opens: its code, or its example's own text.
  const text = link.snippet ? (link.snippet.code ?? findExample(link.snippet.options.example)?.source ?? '') : '';
  const sched = link.snippet?.schedule ? await checkLinkSchedule(link.snippet.schedule, text) : null;
  const problems = sched && !sched.ok ? [sched.problem, ...link.problems] : link.problems;
  appStore.setState({ linkProblems: problems });
  const options = problems.filter((p) => p.code === 'bad-option' || p.code === 'bad-run' || p.code === 'bad-schedule');
  const details = options.length ? (t: Strings) => options.map((p) => problemText(t, p)) : undefined;
  if (!link.snippet) {
    const first = link.problems[0];
    if (first) store.showNotice({ tone: 'warn', text: (t) => problemText(t, first) });
    return false;
  }
  const { code, options: o } = link.snippet;
  // A schedule replays with the seed it was made with (the CLI's `mpplay explore` makes them with seed 0).
  appStore.setState({ speed: o.speed, seed: sched?.ok ? sched.seed : o.seed });
  if (o.lang) store.setLang(o.lang);
  if (o.theme !== 'auto') store.setTheme(o.theme);
  if (code === null && o.example === null) {
    if (details) store.showNotice({ tone: 'warn', text: (t) => details(t).join(' ') });
    return true;
  }
  const exampleId = o.example;
  const form = link.form;
  const run = link.snippet.run;
  const replay = sched?.ok ? sched : null;
  store.replaceEditor(
    { exampleId, code: text },
    {
      tone: details ? 'warn' : 'info',
      text: (t) =>
        form === 'ts-playground'
          ? t.noticeTsLinkOpened
          : replay
            ? t.noticeLinkSchedule
            : run
              ? t.noticeLinkRecorded
              : t.noticeLinkOpened,
      details,
      ...(replay
        ? {
            action: {
              label: (t: Strings) => t.replaySchedule,
              run: () => replayLinkSchedule(text, replay.choices, replay.seed),
            },
          }
        : {}),
    },
  );
  if (run) showRecording(run, 'link');
  return true;
}

let applied = 0;

/** How many links the page has read so far (the one it opened with, and each pasted into its address since). */
export function linksRead(): number {
  return applied;
}

/**
 * Opens the share link in the page's address, if any, then takes it out of the address bar, so a reload
 * restores the autosaved edits instead of the link's text again. Listens for links pasted into the same tab.
 */
export async function openLinkFromLocation(win: Window = window): Promise<void> {
  const open = async () => {
    const { search, hash } = win.location;
    const link = await decodePageLink({ search, hash });
    if (link.form === 'none') {
      applied++;
      return;
    }
    await applyLink(link);
    applied++;
    const params = new URLSearchParams(search);
    for (const p of ['example', 'speed', 'seed', 'lang', 'theme']) params.delete(p);
    const rest = params.size ? `?${params.toString()}` : '';
    win.history.replaceState(win.history.state, '', `${win.location.pathname}${rest}`);
  };
  win.addEventListener('hashchange', () => void open());
  await open();
}
