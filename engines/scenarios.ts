// What a reader does besides the gallery, in one engine: Stop an endless child, a share link round trip, a cross-site embed.
import { expect, it } from 'vitest';
import { examples } from '../src/examples/catalog';
import { appState, getCode, nextFrame, openApp, runToEnd, setCode, terminalText, waitForEnd } from './app';
import { startBlog } from './blog';
import { WaitAborted, waitFor, type Driver } from './driver';
import { ROOT, tailFor, type Session } from './harness';

/** A child that prints, then spins for ever (the print is flushed by the sleep before the loop). */
const ENDLESS_CHILD = `import { Process } from "multiprocessing";
import * as time from "time";

async function spin() {
  print("spinning");
  await time.sleep(0.1);
  while (true) {}
}

if (__name__ === "__main__") {
  const p = new Process({ target: spin });
  p.start();
  await p.join();
  print("never printed");
}
`;

/** A child that prints a line and exits; the parent prints its exit code. */
const HELLO = `import { Process } from "multiprocessing";

async function hello(name: string) {
  print(\`hello from \${name}\`);
}

if (__name__ === "__main__") {
  const p = new Process({ target: hello, args: ["the child"] });
  p.start();
  await p.join();
  print("child exit code", p.exitCode);
}
`;

/** A parent and a child talking through a Queue: what a blog's embed runs, no shared memory needed. */
const QUEUE_PROGRAM = `import { Process, Queue } from "multiprocessing";

async function child(q: Queue<string>) {
  await q.put("a line from the child");
}

if (__name__ === "__main__") {
  const q = new Queue<string>();
  const p = new Process({ target: child, args: [q] });
  p.start();
  print("got:", await q.get());
  await p.join();
  print("embed done", p.exitCode);
}
`;

/** Resolves within `ms` or throws `what`: for things that must not hang (a frozen tab). */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export function stopTest(s: Session): void {
  it('Stop ends an endless loop in a child; the page stays responsive and a new Run works', async () => {
    await s.step('stop', async () => {
      const page = await s.page();
      await setCode(page, ENDLESS_CHILD);
      await page.click('[data-testid="run"]');
      await waitFor(
        async () => {
          if ((await terminalText(page)).includes('spinning')) return true;
          const now = (await appState(page)).status;
          if (!/^(compiling|running)$/.test(now))
            throw new WaitAborted(
              `${s.name}: the run ended (${now}) before its child printed "spinning"${await tailFor(page)}`,
            );
          return false;
        },
        async () => `${s.name}: the child never printed "spinning"${await tailFor(page)}`,
        60_000,
      );
      expect((await appState(page)).status).toBe('running');
      await page.click('[data-testid="stop"]');
      const stopped = await waitForEnd(page, 'the stopped run', 15_000);
      expect(stopped.state.status, stopped.text).toBe('stopped');
      expect(stopped.text).not.toContain('never printed');
      expect(await within(15_000, `${s.name}: a frame after Stop`, nextFrame(page))).toBe(true);

      await setCode(page, HELLO);
      const again = await runToEnd(page, 'a run after Stop');
      expect(again.state, again.text).toMatchObject({ status: 'exited', exitCode: 0 });
      expect(again.text).toContain('hello from the child');
      expect(again.text).toContain('child exit code 0');
    });
  });
}

export function shareTest(s: Session): void {
  it('a share link made in the Share dialog opens in a fresh page with the typed code, runs nothing, and runs on Run', async () => {
    let fresh: Driver | null = null;
    try {
      await s.step(
        'share',
        async () => {
          const page = await s.page();
          await page.select('[data-testid="example-picker"]', 'start-function');
          // The example's own text (the picker may hold it already, with an earlier test's draft).
          const before = examples.find((e) => e.id === 'start-function')!.source;
          await setCode(page, before);
          // Typed as a user types it, at the end of the program (the editor closes quotes and brackets itself).
          const token = `shared-${s.name}-${Date.now().toString(36)}`;
          await page.click('.monaco-editor .view-lines');
          await page.press('Control+End');
          await page.press('Enter');
          await page.type(`print("${token}");`);
          const edited = await waitFor(
            async () => {
              const code = await getCode(page);
              return code.includes(`print("${token}");`) ? code : false;
            },
            async () =>
              `${s.name}: the typed line never reached the editor's text (it ends: ${JSON.stringify((await getCode(page)).slice(-120))})`,
            10_000,
          );
          expect(edited.startsWith(before.trimEnd())).toBe(true);
          await page.select('[data-testid="speed"]', '5');
          await page.click('[data-testid="share"]');
          const link = await waitFor(
            () =>
              page.evaluate(() => {
                const v =
                  (document.querySelector('[data-testid="share-link"]') as HTMLInputElement | null)?.value ?? '';
                return /#v1\//.test(v) ? v : false;
              }),
            `${s.name}: the Share dialog shows no link`,
          );
          expect(link.startsWith(`${s.base}/`), link).toBe(true);
          expect(link).toContain('example=start-function');
          expect(link).toContain('speed=5');
          await page.click('[data-testid="share-close"]');

          fresh = await (await s.engine()).newPage();
          await openApp(fresh, link);
          expect(await getCode(fresh)).toBe(edited);
          expect(await appState(fresh)).toMatchObject({ status: 'idle', events: 0 }); // a link never runs by itself
          const end = await runToEnd(fresh, 'the shared program');
          expect(end.state, end.text).toMatchObject({ status: 'exited', exitCode: 0 });
          expect(end.text).toContain(token);
          expect(end.text).toContain('这是主进程');
        },
        () => fresh,
      );
    } finally {
      await (fresh as Driver | null)?.close();
    }
  });
}

interface EmbedEvent {
  id: string | null;
  type: string;
  text?: string;
  reason?: string;
  exitCode?: number | null;
}

export function embedTest(s: Session): void {
  it('the embed demo on a cross-site blog: ready, setCode and run by postMessage, its own Run button, output and exit events', async () => {
    let host: Driver | null = null;
    const blog = await startBlog(s.base, ROOT);
    try {
      await s.step(
        'embed',
        async () => {
          host = await (await s.engine()).newPage();
          await host.goto(blog.url);
          const h = host;
          const events = () =>
            h.evaluate(() => (globalThis as unknown as { mpplayEvents?: EmbedEvent[] }).mpplayEvents ?? []);
          const ready = await waitFor(
            async () => {
              const ids = (await events()).filter((e) => e.type === 'ready').map((e) => e.id);
              return ['start', 'zombie', 'join'].every((id) => ids.includes(id)) ? ids : false;
            },
            async () =>
              `${s.name}: the three embeds of the demo did not all say ready (events: ${JSON.stringify(await events().catch(() => []))})`,
            60_000,
          );
          expect(ready).toHaveLength(3);
          // As EMBED.md says a host does: postMessage to the iframe's window.
          await h.evaluate((code) => {
            const w = (document.getElementById('embed-zombie') as HTMLIFrameElement).contentWindow!;
            w.postMessage({ mpplay: 1, type: 'setCode', code }, '*');
            w.postMessage({ mpplay: 1, type: 'run' }, '*');
          }, QUEUE_PROGRAM);
          const exit = (id: string) =>
            waitFor(
              async () => (await events()).find((e) => e.id === id && e.type === 'exit'),
              async () =>
                `${s.name}: the embed ${id} sent no exit event (its events: ${JSON.stringify(
                  (await events().catch(() => [])).filter((e) => e.id === id && e.type !== 'resize'),
                )})`,
              60_000,
            );
          expect(await exit('zombie')).toMatchObject({ reason: 'exit', exitCode: 0 });
          const printed = (id: string) =>
            events().then((all) =>
              all
                .filter((e) => e.id === id && e.type === 'output')
                .map((e) => e.text)
                .join(''),
            );
          expect(await printed('zombie')).toContain('got: a line from the child');
          expect(await printed('zombie')).toContain('embed done 0');

          // The demo's own button posts `run` to the first embed.
          await h.click('#run-start');
          expect(await exit('start')).toMatchObject({ reason: 'exit', exitCode: 0 });
          expect(await printed('start')).toContain('这是主进程');
        },
        () => host,
      );
    } finally {
      await (host as Driver | null)?.close();
      await blog.close();
    }
  });
}
