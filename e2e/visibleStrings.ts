// Every string a reader sees on the page, for the 中文 checks (e2e/page.spec.ts and the gallery tour, e2e/tour).
import type { Page } from 'playwright-core';

/** What a reader sees, with whether it is in the chart (e2e/page.spec.ts treats a few chart words apart). */
export interface Shown {
  text: string;
  inChart: boolean;
}

/**
 * Every string a reader sees: text nodes, the options of visible menus, and the tooltips and names of visible
 * elements (title, aria-label, placeholder, alt). Left out, as not the page's words: code (the read-only view,
 * Monaco), program output (the terminal), process names (the table's data cells), key caps, the lessons' titles and
 * texts (content, not the page's words: they quote code and program output, and src/examples checks them), and
 * whatever is marked as another language (`lang`).
 */
export function visibleStrings(page: Page): Promise<Shown[]> {
  return page.evaluate(() => {
    const skip =
      '.code-view, .monaco-editor, .terminal, .procs tbody td:not([colspan]), kbd, [translate="no"], ' +
      '.lesson h2, .lesson p, .embed-title, [data-testid="example-picker"] option';
    const pageLang = document.documentElement.lang.slice(0, 2);
    const out = new Map<string, boolean>();
    const add = (el: Element, text: string | null | undefined) => {
      const t = text?.trim();
      if (t) out.set(t, (out.get(t) ?? false) || !!el.closest('.timeline'));
    };
    const ownLang = (el: Element) => {
      const tagged = el.closest('[lang]');
      return !tagged || tagged === document.documentElement || tagged.getAttribute('lang')!.startsWith(pageLang);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(skip) || !ownLang(el)) continue;
      if (el.closest('option') ? !el.closest('select')!.checkVisibility() : !el.checkVisibility()) continue;
      add(el, n.textContent);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      if (el.closest(skip) || !ownLang(el) || !el.checkVisibility()) continue;
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) add(el, el.getAttribute(a));
    }
    return [...out].map(([text, inChart]) => ({ text, inChart }));
  });
}
