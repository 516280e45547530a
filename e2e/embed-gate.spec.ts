// No run without a click: an embed opened in a tab never runs by itself, and inside a page only as its URL and reader allow.
import { expect, test, type Frame, type Page } from '@playwright/test';
import { encodeShareLink } from '../src/share/codec';
import { DEFAULT_OPTIONS } from '../src/share/options';
import { encodeLzUri } from '../src/share/lzString.test-util';
import { postWith, startBlog, type BlogServer } from './blogServer';

const PROGRAM = 'print("ran by itself");\n';
const LZ = `#code/${encodeLzUri(PROGRAM)}`;

interface GateInfo {
  framed: boolean;
  readerActed: boolean;
  unseen: number;
  decisions: { asker: string; refusal: string | null }[];
}
interface EmbedHooks {
  __mpplay: { state(): { status: string }; gate(): GateInfo; runs(): number };
}

const gate = (f: Page | Frame) => f.evaluate(() => (globalThis as unknown as EmbedHooks).__mpplay.gate());
const status = (f: Page | Frame) => f.evaluate(() => (globalThis as unknown as EmbedHooks).__mpplay.state().status);
const events = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { mpplayEvents: Record<string, unknown>[] }).mpplayEvents);

/**
 * How many runs the page (or embed) has started. Not its workers: the page boots a kernel and process workers
 * ahead of a run while idle, and they run nothing until a run hands them a program.
 */
const runs = (f: Page | Frame) => f.evaluate(() => (globalThis as unknown as EmbedHooks).__mpplay.runs());

test('opened in a tab, an embed asked to run by itself runs nothing (embed.html and /?embed=1); the full page never does', async ({
  page,
}) => {
  const v1 = (await encodeShareLink({ code: PROGRAM, options: { ...DEFAULT_OPTIONS } }, () => undefined)).hash;
  for (const url of [
    `/embed.html?autorun=visible&panes=chart${LZ}`,
    `/?embed=1&autorun=visible&panes=chart${LZ}`,
    `/embed.html?autorun=visible&hostrun=1${v1}`,
  ]) {
    await page.goto(url);
    expect(new URL(page.url()).pathname, url).toBe('/embed.html');
    await expect
      .poll(() => gate(page), url)
      .toMatchObject({
        framed: false,
        decisions: [{ asker: 'autorun', refusal: 'not-framed' }],
      });
    await expect(page.getByTestId('run-refused')).toContainText('runs by itself only inside a page');
    expect(await status(page)).toBe('idle');
    expect(await runs(page), url).toBe(0);
  }
  for (const url of [`/?autorun=visible&example=zombie`, `/?autorun=visible&embed=0${LZ}`]) {
    await page.goto(url);
    await page.waitForFunction(() =>
      (globalThis as unknown as { __mpplay: { linkOpened(): boolean } }).__mpplay.linkOpened(),
    );
    await expect(page.getByTestId('status')).toHaveAttribute('data-status', 'idle');
    expect(await runs(page), url).toBe(0);
  }

  // The reader's own click runs it, in a tab too.
  await page.goto(`/embed.html?autorun=visible&panes=chart,terminal${LZ}`);
  await page.getByTestId('run').click();
  await expect.poll(() => status(page)).toBe('exited');
  await expect(page.getByTestId('run-refused')).toHaveCount(0);
  expect(await runs(page)).toBe(1);
});

test.describe('inside a page', () => {
  let blog: BlogServer;
  test.beforeAll(async () => {
    blog = await startBlog();
  });
  test.afterAll(() => blog.close());

  const frameOf = (page: Page, id: string) => {
    const f = page.frames().find((fr) => fr.url().includes(`id=${id}`));
    if (!f) throw new Error(`no frame ${id}`);
    return f;
  };

  test('autorun=visible runs once seen; a tiny or an off-screen frame does not', async ({ page, baseURL }) => {
    const src = (id: string) => `src="${baseURL}/embed.html?autorun=visible&panes=chart,terminal&id=${id}${LZ}"`;
    const url = blog.page(
      '/autorun.html',
      postWith([
        `${src('seen')} style="display:block;width:600px;height:300px;border:0"`,
        `${src('tiny')} style="display:block;width:1px;height:1px;border:0"`,
        `${src('below')} style="display:block;width:600px;height:300px;border:0;margin-top:3000px"`,
      ]),
    );
    await page.goto(url);
    await expect.poll(async () => (await events(page)).filter((e) => e['type'] === 'ready').length).toBe(3);
    await expect.poll(() => status(frameOf(page, 'seen')), { timeout: 20_000 }).toBe('exited');
    expect((await gate(frameOf(page, 'seen'))).decisions).toEqual([{ asker: 'autorun', refusal: null }]);
    for (const id of ['tiny', 'below']) {
      const f = frameOf(page, id);
      await expect.poll(async () => (await gate(f)).unseen, id).toBeGreaterThan(0); // looked at, and not seen
      expect(await gate(f), id).toMatchObject({ framed: true, decisions: [] });
      expect(await status(f), id).toBe('idle');
    }
    // Scrolled into view, the last one runs.
    await page.locator('iframe').nth(2).scrollIntoViewIfNeeded();
    await expect.poll(() => status(frameOf(page, 'below')), { timeout: 20_000 }).toBe('exited');
    expect(await status(frameOf(page, 'tiny'))).toBe('idle');
  });

  test('a host page may setCode and stop; run only with hostrun=1 or once the reader has used the embed', async ({
    page,
    baseURL,
  }) => {
    const src = (id: string, extra = '') =>
      `src="${baseURL}/embed.html?example=zombie&panes=code,terminal&id=${id}${extra}"`;
    await page.goto(
      blog.page(
        '/host.html',
        postWith([
          `id="plain" ${src('plain')} style="width:600px;height:300px"`,
          `id="opted" ${src('opted', '&hostrun=1')} style="width:600px;height:300px"`,
        ]),
      ),
    );
    await expect.poll(async () => (await events(page)).filter((e) => e['type'] === 'ready').length).toBe(2);
    const post = (frame: string, msg: unknown) =>
      page.evaluate(
        ([f, m]) => (document.getElementById(f as string) as HTMLIFrameElement).contentWindow!.postMessage(m, '*'),
        [frame, msg] as const,
      );
    const plain = frameOf(page, 'plain');

    // setCode is always taken (it runs nothing); a run is refused, says so to the host and to the reader.
    await post('plain', { mpplay: 1, type: 'setCode', code: PROGRAM });
    await expect(page.frameLocator('#plain').getByTestId('code-view')).toContainText('ran by itself');
    await page.locator('#host-button').click(); // a click in the host page is not the reader using the embed
    await post('plain', { mpplay: 1, type: 'run' });
    await expect
      .poll(async () => (await events(page)).find((e) => e['type'] === 'refused'))
      .toMatchObject({ id: 'plain', command: 'run', reason: 'needs-click' });
    await expect(page.frameLocator('#plain').getByTestId('run-refused')).toContainText('asked to run the program');
    expect(await gate(plain)).toMatchObject({
      readerActed: false,
      decisions: [{ asker: 'host', refusal: 'needs-click' }],
    });
    expect(await status(plain)).toBe('idle');

    // Once the reader has clicked in the embed, the host page may run it.
    await page.frameLocator('#plain').getByTestId('code-view').click();
    await post('plain', { mpplay: 1, type: 'run' });
    await expect.poll(() => status(plain)).toBe('exited');
    expect((await events(page)).some((e) => e['id'] === 'plain' && e['text'] === 'ran by itself\n')).toBe(true);

    // hostrun=1: the URL opted in, so the host page's run needs no click.
    await post('opted', { mpplay: 1, type: 'run' });
    await expect.poll(() => status(frameOf(page, 'opted')), { timeout: 20_000 }).toBe('exited');
    expect((await gate(frameOf(page, 'opted'))).decisions).toEqual([{ asker: 'host', refusal: null }]);
  });
});
