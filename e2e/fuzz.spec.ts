// Fuzzed share links and embed messages: nothing runs, the page stays usable, a bad link says so, the editor's text is one Undo away.
import fc from 'fast-check';
import { expect, test, type Page } from '@playwright/test';
import { encodeShareLink } from '../src/share/codec';
import { parseHostMessage } from '../src/share/embedApi';
import { encodeLzUri } from '../src/share/lzString.test-util';
import { DEFAULT_OPTIONS } from '../src/share/options';
import { postWith, startBlog } from './blogServer';
import { appState, getCode, openApp, setCode, terminalText, waitForRunEnd } from './helpers';

interface LinkHooks {
  __mpplay: { linksRead(): number; linkProblems(): string[]; runs(): number };
}

const CODE_PROBLEMS = ['malformed', 'truncated', 'too-large', 'newer-version'];

/** Links of every kind, from a fixed seed: valid, mutated, cut, random, foreign, too big, with bad query values. */
async function fuzzedLinks(): Promise<string[]> {
  const programs = fc.sample(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), { seed: 7, numRuns: 6 });
  const valid = await Promise.all(
    programs.map(async (code) => (await encodeShareLink({ code, options: DEFAULT_OPTIONS }, () => undefined)).hash),
  );
  const mutate = (h: string, k: number) => {
    const i = 4 + ((k * 7919) % Math.max(1, h.length - 4));
    return [h.slice(0, i) + '*' + h.slice(i + 1), h.slice(0, i), h.slice(0, i) + 'Zz' + h.slice(i)][k % 3]!;
  };
  const junk = fc.sample(fc.string({ unit: 'binary', maxLength: 40 }), { seed: 11, numRuns: 5 });
  const queries = [
    '?speed=7',
    '?seed=-1',
    '?seed=99999999999',
    '?lang=fr&theme=neon',
    '?example=../../etc/passwd',
    '?speed=1e1&seed=0x10',
  ];
  return [
    ...valid.map((h, k) => (k % 3 === 0 ? `${queries[k % queries.length]}${h}` : h)),
    ...valid.map(mutate),
    ...junk.map((j) => `#v1/${encodeURIComponent(j)}`),
    ...junk.map((j) => `#code/${encodeURIComponent(j)}`),
    `#code/${encodeLzUri('print("from a TS playground link");')}`,
    '#v1/not*base64',
    '#v0/AAAA',
    '#v7/AAAA',
    '#v99999999/AAAA',
    `#v1/${'A'.repeat(400_001)}`,
    '#src=%E0%A4%A',
    '#src=print(%22ok%22)',
    '#unknown/form',
    ...queries.map((q) => `${q}#v1/`),
  ];
}

/** Puts a link into the open page's address (the query by history, the hash by assignment) and waits until it is read. */
async function paste(page: Page, link: string): Promise<void> {
  const before = await page.evaluate(() => (globalThis as unknown as LinkHooks).__mpplay.linksRead());
  const [search, hash] = link.startsWith('?') ? [link.split('#')[0]!, `#${link.split('#')[1] ?? ''}`] : ['', link];
  await page.evaluate(
    ([s, h]) => {
      history.replaceState(null, '', `/${s}`);
      location.hash = h!;
    },
    [search, hash],
  );
  await page.waitForFunction((n) => (globalThis as unknown as LinkHooks).__mpplay.linksRead() > n, before);
}

test('fuzzed share links: nothing runs, a bad link says so and keeps the editor, a good one is one Undo away', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page);
  const links = await fuzzedLinks();
  let opened = 0;
  for (const [k, link] of links.entries()) {
    const before = `// before link ${k}\nprint(${k});\n`;
    await setCode(page, before);
    await paste(page, link);
    const problems = await page.evaluate(() => (globalThis as unknown as LinkHooks).__mpplay.linkProblems());
    const label = `${k}: ${link.slice(0, 60)} → ${problems.join(',')}`;
    // A bad query value is named, unless the code itself could not be read (then nothing of the link is used).
    if (problems.includes('bad-option') && !CODE_PROBLEMS.includes(problems[0] ?? ''))
      await expect(page.getByTestId('notice'), label).toContainText(/unknown; the default is used/);
    if (CODE_PROBLEMS.includes(problems[0] ?? '')) {
      expect(await getCode(page), label).toBe(before);
      await expect(page.getByTestId('notice'), label).toContainText(/link/i);
      await expect(page.getByTestId('undo'), label).toHaveCount(0);
    } else if ((await getCode(page)) !== before) {
      opened++;
      await expect(page.getByTestId('notice'), label).toContainText('Nothing runs until you press Run');
      await page.getByTestId('undo').click();
      expect(await getCode(page), label).toBe(before);
    }
    expect((await appState(page)).status, label).toBe('idle');
  }
  expect(opened).toBeGreaterThan(5); // the suite did open real programs, not only refuse
  expect(await page.evaluate(() => (globalThis as unknown as LinkHooks).__mpplay.runs())).toBe(0);
  expect(errors).toEqual([]);

  // Still usable: a run works.
  await setCode(page, 'print("still usable");\n');
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect.poll(() => terminalText(page)).toContain('still usable');
});

test('fuzzed embed messages: ignored or taken as commands, nothing runs, the embed keeps working', async ({
  page,
  baseURL,
}) => {
  const blog = await startBlog();
  try {
    const frame = (id: string, extra: string) =>
      `id="${id}" src="${baseURL}/embed.html?example=zombie&panes=code,terminal&id=${id}${extra}" style="width:600px;height:300px"`;
    await page.goto(blog.page('/fuzz.html', postWith([frame('plain', ''), frame('opted', '&hostrun=1')])));
    const events = () =>
      page.evaluate(() => (globalThis as unknown as { mpplayEvents: { type: string; id: string }[] }).mpplayEvents);
    await expect.poll(async () => (await events()).filter((e) => e.type === 'ready').length).toBe(2);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // Values of every shape, and near-misses of real commands; none that would be a real `run` (the opted-in embed
    // would rightly run that). Generated here, posted from the host page.
    const near = fc.record(
      {
        mpplay: fc.oneof(fc.constant(1), fc.constant('1'), fc.anything()),
        type: fc.oneof(fc.constantFrom('run', 'stop', 'setCode', 'eval', 'Run', ''), fc.anything()),
        code: fc.oneof(fc.string({ maxLength: 30 }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    const messages = fc
      .sample(fc.oneof(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withDate: true }), near), {
        seed: 3,
        numRuns: 400,
      })
      .filter((m) => parseHostMessage(m)?.type !== 'run');
    await page.evaluate((msgs) => {
      for (const id of ['plain', 'opted']) {
        const w = (document.getElementById(id) as HTMLIFrameElement).contentWindow!;
        for (const m of msgs) w.postMessage(m, '*');
        w.postMessage({ mpplay: 1, type: 'setCode', code: 'print("after the fuzz");\n' }, '*');
        w.postMessage({ mpplay: 1, type: 'setCode', code: 'x'.repeat(300 * 1024) }, '*'); // too big: ignored
      }
    }, messages);
    for (const id of ['plain', 'opted']) {
      const f = page.frameLocator(`#${id}`);
      await expect(f.getByTestId('code-view'), id).toContainText('after the fuzz');
      const fr = page.frames().find((x) => x.url().includes(`id=${id}`))!;
      expect(
        await fr.evaluate(
          () => (globalThis as unknown as { __mpplay: { state(): { status: string } } }).__mpplay.state().status,
        ),
      ).toBe('idle');
      // The reader's Run still works.
      await f.getByTestId('run').click();
      await expect
        .poll(
          () =>
            fr.evaluate(
              () => (globalThis as unknown as { __mpplay: { state(): { status: string } } }).__mpplay.state().status,
            ),
          { timeout: 20_000 },
        )
        .toBe('exited');
    }
    expect(errors).toEqual([]);
  } finally {
    await blog.close();
  }
});
