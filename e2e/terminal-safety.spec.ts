// Printed text and process names are shown as text, never obeyed: no forged prefixes, erased or hidden lines, or links.
import { expect, test, type Page } from '@playwright/test';
import { openApp, setCode, terminalText, waitForRunEnd } from './helpers';
import { postWith, startBlog } from './blogServer';

/** Every attack of issue 14 on the terminal, from a child with a hostile name, after an honest child's line. */
const ATTACKS = String.raw`import { Process } from "multiprocessing";
import * as time from "time";

async function honest() {
  print("secret line from the honest child");
}

async function evil() {
  print("\x1b[1A\x1b[2K\rerased it?");
  print("x\r[1000 MainProcess] forged line");
  print("\x1b]8;;https://evil.example\x07click me\x1b]8;;\x07");
  print("\x9b2J C1 clear");
  print("\x1b[8m");
}

if (__name__ === "__main__") {
  const a = new Process({ target: honest, name: "Honest" });
  a.start();
  await a.join();
  const b = new Process({ target: evil, name: "evil\x1b[2J\x1b[8m\nname" });
  b.start();
  await b.join();
  print("\x1b[32mgreen\x1b[0m and done");
}
`;
const SAFE_NAME = 'evil␛[2J␛[8m␊name';
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/; // eslint-disable-line no-control-regex

interface TermHooks {
  __term: {
    buffer: {
      active: {
        length: number;
        getLine(
          i: number,
        ):
          { length: number; getCell(x: number): { isInvisible(): number; getChars(): string } | undefined } | undefined;
      };
    };
  };
}

/** The characters of every terminal cell drawn invisible (SGR 8, conceal). */
function invisibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const b = (globalThis as unknown as TermHooks).__term.buffer.active;
    let hidden = '';
    for (let y = 0; y < b.length; y++) {
      const line = b.getLine(y);
      for (let x = 0; line && x < line.length; x++) {
        const c = line.getCell(x);
        if (c?.isInvisible()) hidden += c.getChars();
      }
    }
    return hidden;
  });
}

test('the terminal, the process table and the chart show the attacks as text', async ({ page }) => {
  await openApp(page);
  await setCode(page, ATTACKS);
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect.poll(() => terminalText(page)).toMatch(/── exit code 0 ·/);
  const lines = (await terminalText(page)).split('\n').filter(Boolean);

  // Nothing erased, nothing forged: every line has its own process's prefix, and the honest line is still there.
  expect(lines).toContain('[1001 Honest] secret line from the honest child');
  const evil = lines.filter((l) => l.startsWith(`[1002 ${SAFE_NAME}]`));
  expect(evil).toEqual([
    `[1002 ${SAFE_NAME}] ␛[1A␛[2K␍erased it?`,
    `[1002 ${SAFE_NAME}] x␍[1000 MainProcess] forged line`,
    `[1002 ${SAFE_NAME}] ␛]8;;https://evil.example␇click me␛]8;;␇`,
    `[1002 ${SAFE_NAME}] \ufffd2J C1 clear`,
    `[1002 ${SAFE_NAME}] ␛[8m`,
  ]);
  expect(lines.filter((l) => l.includes('forged line'))).toHaveLength(1);
  // Plain colour is kept, and ends with its line; nothing is concealed (the exit line above all).
  expect(lines).toContain('[1000 MainProcess] green and done');
  expect(await invisibleText(page)).toBe('');
  expect(lines.some((l) => CONTROL.test(l))).toBe(false);

  // The process table and the chart show the name as text.
  await expect(page.locator('[data-pid="1002"] td').nth(2)).toHaveText(SAFE_NAME);
  const names = await page.evaluate(() =>
    (globalThis as unknown as { __mpplay: { timeline(): { rows: { name: string }[] } } }).__mpplay
      .timeline()
      .rows.map((r) => r.name),
  );
  expect(names.join('\n')).toContain(SAFE_NAME);
  expect(names.some((n) => CONTROL.test(n))).toBe(false);
});

test("an embed's events carry the same safe text to its host page", async ({ page, baseURL }) => {
  const blog = await startBlog();
  try {
    await page.goto(
      blog.page(
        '/attacks.html',
        postWith([`id="e" src="${baseURL}/embed.html?hostrun=1&panes=terminal&id=e" style="width:600px;height:300px"`]),
      ),
    );
    const events = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { mpplayEvents: { type: string; text?: string; name?: string }[] }).mpplayEvents,
      );
    await expect.poll(async () => (await events()).some((e) => e.type === 'ready')).toBe(true);
    await page.evaluate((code) => {
      const w = (document.getElementById('e') as HTMLIFrameElement).contentWindow!;
      w.postMessage({ mpplay: 1, type: 'setCode', code }, '*');
      w.postMessage({ mpplay: 1, type: 'run' }, '*');
    }, ATTACKS);
    await expect.poll(async () => (await events()).some((e) => e.type === 'exit'), { timeout: 20_000 }).toBe(true);
    const outputs = (await events()).filter((e) => e.type === 'output');
    expect(outputs.map((e) => e.name)).toContain(SAFE_NAME);
    expect(outputs.map((e) => e.text).join('')).toContain('x␍[1000 MainProcess] forged line');
    expect(outputs.map((e) => e.text).join('')).toContain('green and done'); // colour escapes left out
    expect(outputs.some((e) => CONTROL.test(`${e.name}${(e.text ?? '').replace(/\n/g, '')}`))).toBe(false);
  } finally {
    await blog.close();
  }
});
