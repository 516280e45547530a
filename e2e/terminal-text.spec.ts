// The tests' terminal reader (e2e/helpers' terminalText) gives back a printed line as it was printed, wherever xterm
// wrapped it: a wide (CJK) character pushed to the next row leaves no stray space behind, a printed space stays.
import { expect, test } from '@playwright/test';
import { openApp, terminalText } from './helpers';

interface Term {
  __term: { cols: number; write(data: string): void; clear(): void };
}

test('a Chinese line that wraps where a wide character does not fit comes back without a stray space', async ({
  page,
}) => {
  await openApp(page);
  const cols = await page.evaluate(() => (globalThis as unknown as Term).__term.cols);
  expect(cols).toBeGreaterThan(10);
  // Wide characters from column 0 and from column 1: with either parity of the width, one of the two lines has a
  // wide character that meets the row's last cell and goes to the next row.
  const even = '父进程'.repeat(cols);
  const odd = `a${'子进程'.repeat(cols)}`;
  // A space printed in the last cell of a row is the program's: it stays.
  const spaced = `${'x'.repeat(cols - 1)} ${'孙'.repeat(4)}`;
  await page.evaluate(
    (lines) => {
      const term = (globalThis as unknown as Term).__term;
      term.write(`\x1b[2J\x1b[H${lines.join('\r\n')}\r\n`);
    },
    [even, odd, spaced],
  );
  await expect.poll(() => terminalText(page)).toContain(spaced);
  const lines = (await terminalText(page)).split('\n');
  expect(lines).toContain(even);
  expect(lines).toContain(odd);
  expect(lines).toContain(spaced);
});
