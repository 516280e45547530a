// Embeds driven from the host page's side: public/embed-demo.html served from another origin, without cross-origin isolation.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { stopServer } from './blogServer';

interface DemoEvent {
  mpplay: 1;
  id: string;
  type: 'ready' | 'output' | 'exit' | 'resize';
  height?: number;
  text?: string;
  name?: string;
  reason?: string;
  exitCode?: number | null;
  crossOriginIsolated?: boolean;
}

/** What the demo post recorded from its embeds (its own `message` listener). */
const events = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { mpplayEvents: DemoEvent[] }).mpplayEvents);

let blog: Server;
let HOST = '';

/**
 * The blog: a server of its own (another origin and another site than the test server: localhost vs
 * 127.0.0.1) that serves the demo post with no COOP/COEP headers, as a blog would. Its iframes point at the
 * embed on the test server, so each embed is cross-site and not cross-origin isolated.
 */
test.beforeAll(async ({ baseURL }) => {
  const html = readFileSync('public/embed-demo.html', 'utf8')
    .replaceAll('src="embed.html', `src="${baseURL}/embed.html`)
    .replace('href="./"', `href="${baseURL}/"`);
  // A second post with one embed of an example that needs shared memory (Value), and the demo's resize lines.
  const valuePost = html.replace(
    /<main>[\s\S]*<\/main>/,
    `<main><iframe id="embed-value" title="mpplay: Value" src="${baseURL}/embed.html?example=lock-counter&amp;panes=code,terminal&amp;id=value"></iframe></main>`,
  );
  blog = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url?.startsWith('/value.html') ? valuePost : html);
  });
  await new Promise<void>((resolve) => blog.listen(0, '127.0.0.1', resolve));
  HOST = `http://localhost:${(blog.address() as AddressInfo).port}`;
});

test.afterAll(() => stopServer(blog));

async function openDemo(page: Page): Promise<void> {
  await page.goto(`${HOST}/post.html`);
}

test('the demo post: iframes resize, run on click, keep the host scroll and focus, and report output and exit', async ({
  page,
}) => {
  await openDemo(page);
  await expect
    .poll(async () =>
      (await events(page))
        .filter((e) => e.type === 'ready')
        .map((e) => e.id)
        .sort(),
    )
    .toEqual(['join', 'recorded', 'start', 'zombie']);
  const ready = (await events(page)).filter((e) => e.type === 'ready');
  for (const r of ready) expect(r.crossOriginIsolated, r.id).toBe(false); // works without shared memory

  // Each iframe takes the height its embed reported (the demo's few lines of script).
  for (const id of ['start', 'zombie']) {
    await expect
      .poll(async () => {
        const last = (await events(page)).filter((e) => e.id === id && e.type === 'resize').at(-1)?.height;
        const now = await page.locator(`#embed-${id}`).evaluate((f) => f.getBoundingClientRect().height);
        return last !== undefined && last > 150 && Math.abs(now - last) < 1;
      })
      .toBe(true);
  }

  // The reader is typing a comment further down: embeds must not take the focus or scroll the page.
  await page.locator('#comment').focus();
  await page.evaluate(() => window.scrollTo(0, 300));
  const scrollY = await page.evaluate(() => window.scrollY);

  // Driven through the API from the host: run the first embed.
  await page.evaluate(() =>
    (document.getElementById('embed-start') as HTMLIFrameElement).contentWindow!.postMessage(
      { mpplay: 1, type: 'run' },
      '*',
    ),
  );
  await expect.poll(async () => (await events(page)).some((e) => e.id === 'start' && e.type === 'exit')).toBe(true);
  const start = (await events(page)).filter((e) => e.id === 'start');
  expect(start.find((e) => e.type === 'exit')).toMatchObject({ reason: 'exit', exitCode: 0 });
  expect(start.filter((e) => e.type === 'output').map((e) => e.name)).toContain('Process-1');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('comment');
  expect(await page.evaluate(() => window.scrollY)).toBe(scrollY);

  // A reader's click runs the second one (the click itself moves focus into that iframe; the page does not scroll).
  const zombie = page.frameLocator('#embed-zombie');
  await zombie.getByTestId('run').click();
  const y2 = await page.evaluate(() => window.scrollY);
  await expect
    .poll(async () => (await events(page)).some((e) => e.id === 'zombie' && e.type === 'exit'), {
      timeout: 20_000,
    })
    .toBe(true);
  expect((await events(page)).find((e) => e.id === 'zombie' && e.type === 'exit')).toMatchObject({ exitCode: 0 });
  await expect(zombie.getByTestId('timeline-chart')).toBeVisible(); // the chart pane
  expect(await page.evaluate(() => window.scrollY)).toBe(y2);

  // The read-only embeds (start, zombie) fetch no editor; only the editable one does. No TS worker is needed to show code.
  const start1 = page.frames().find((f) => f.url().includes('id=start'));
  expect(start1).toBeDefined();
  expect(await start1!.locator('.monaco-editor').count()).toBe(0);
  await expect(start1!.getByTestId('code-view')).toBeVisible();
});

test('an embed set to run when seen starts once scrolled into view, without moving the page', async ({ page }) => {
  await openDemo(page);
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'ready').length).toBe(4);
  expect((await events(page)).some((e) => e.id === 'join' && e.type === 'output')).toBe(false);
  await page.locator('#embed-join').scrollIntoViewIfNeeded();
  const y = await page.evaluate(() => window.scrollY);
  await expect
    .poll(async () => (await events(page)).some((e) => e.id === 'join' && e.type === 'exit'), {
      timeout: 20_000,
    })
    .toBe(true);
  expect(
    (await events(page))
      .filter((e) => e.id === 'join' && e.type === 'output')
      .map((e) => e.text)
      .join(''),
  ).toMatch(/Finished/);
  expect(await page.evaluate(() => window.scrollY)).toBe(y);
});

/** Prints, lets the print reach the kernel (output is sent between tasks), then never ends. */
const ENDLESS = 'import * as time from "time";\nprint("from the host");\nawait time.sleep(0.1);\nwhile (true) {}\n';

test('setCode, run and stop from the host page', async ({ page }) => {
  await openDemo(page);
  await expect.poll(async () => (await events(page)).filter((e) => e.type === 'ready').length).toBe(4);
  const post = (msg: unknown) =>
    page.evaluate(
      (m) => (document.getElementById('embed-zombie') as HTMLIFrameElement).contentWindow!.postMessage(m, '*'),
      msg,
    );
  await post({ mpplay: 1, type: 'setCode', code: ENDLESS });
  const zombie = page.frameLocator('#embed-zombie');
  await expect(zombie.getByTestId('run')).toBeVisible();
  // This embed did not opt in to runs from its page (hostrun=1): the reader must have used it first.
  await zombie.getByTestId('terminal').click();
  await post({ mpplay: 1, type: 'run' });
  await expect
    .poll(async () => (await events(page)).some((e) => e.id === 'zombie' && e.text === 'from the host\n'))
    .toBe(true);
  await post({ mpplay: 1, type: 'stop' });
  await expect
    .poll(async () => (await events(page)).find((e) => e.id === 'zombie' && e.type === 'exit'))
    .toMatchObject({ reason: 'stopped', exitCode: null });
  await post({ mpplay: 1, type: 'eval', code: 'x' }); // not ours: ignored, nothing breaks
});

test('without shared memory, an example with Value says it needs the full page, and its run says why', async ({
  page,
}) => {
  await page.goto(`${HOST}/value.html`);
  await expect
    .poll(async () => (await events(page)).find((e) => e.type === 'ready'))
    .toMatchObject({
      id: 'value',
      crossOriginIsolated: false,
    });
  const embed = page.frameLocator('#embed-value');
  await expect(embed.getByTestId('needs-full-page')).toContainText('Value and Array need shared memory');
  await expect(embed.getByTestId('open-full')).toHaveAttribute('href', /\?example=lock-counter/);
  await embed.getByTestId('run').click();
  await expect
    .poll(
      async () =>
        (await events(page))
          .filter((e) => e.type === 'output')
          .map((e) => e.text)
          .join(''),
      {
        timeout: 20_000,
      },
    )
    .toContain('Open this example in the full mpplay playground');
});

test('a read-only embed shows its code at once and never loads Monaco or its TypeScript worker, even when it runs', async ({
  page,
}) => {
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('worker', (w) => requests.push(w.url()));
  await page.goto('/embed.html?example=start-function&panes=code,terminal');
  await expect(page.getByTestId('code-view')).toContainText('multiprocessing');
  await page.getByTestId('run').click();
  await expect
    .poll(() =>
      page.evaluate(
        () => (globalThis as unknown as { __mpplay: { state(): { status: string } } }).__mpplay.state().status,
      ),
    )
    .toBe('exited');
  expect(requests.filter((u) => /ts\.worker|MonacoPane|editor\.api|editor\.worker/.test(u))).toEqual([]);
  expect(requests.some((u) => /worker-sources/.test(u))).toBe(true); // the run itself did load its workers
  expect(await page.locator('.monaco-editor').count()).toBe(0);
});

test('index.html?embed=1 is the embed', async ({ page }) => {
  await page.goto('/?embed=1&example=zombie&panes=terminal');
  await expect(page.getByTestId('embed')).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/embed.html');
  await expect(page.getByTestId('code-view')).toHaveCount(0);
});
