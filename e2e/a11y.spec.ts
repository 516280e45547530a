// Accessibility: axe-core finds no serious or critical violations on the page (both themes, dialogs open) or in an embed.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, waitForRunEnd } from './helpers';

/** The serious and critical violations axe finds now, one line each (rule, impact, first targets). */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')} — ${v.help}`,
    );
}

for (const theme of ['dark', 'light'] as const) {
  test(`the page after a run, ${theme} theme, has no serious or critical axe violations`, async ({ page }) => {
    await openApp(page);
    await page.getByTestId('theme').selectOption(theme);
    await page.getByTestId('example-picker').selectOption('zombie');
    await page.getByTestId('speed').selectOption('10');
    await page.getByTestId('run').click();
    await waitForRunEnd(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('share').click();
    await expect(page.getByTestId('share-link')).toHaveValue(/example=zombie/);
    expect(await seriousViolations(page, '[data-testid="share-dialog"]')).toEqual([]);
    await page.getByTestId('share-close').click();
    await page.getByTestId('help').click();
    expect(await seriousViolations(page, '[data-testid="help-dialog"]')).toEqual([]);
  });
}

test('an embed has no serious or critical axe violations', async ({ page }) => {
  await page.goto('/embed.html?example=zombie&speed=10&theme=light');
  await page.getByTestId('run').click();
  await expect
    .poll(() =>
      page.evaluate(
        () => (globalThis as unknown as { __mpplay: { state(): { status: string } } }).__mpplay.state().status,
      ),
    )
    .toBe('exited');
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/embed.html?example=join-one&editable=1&theme=dark');
  await expect(page.locator('.monaco-editor')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
