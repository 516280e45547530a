// What the tour reads off a page: the gallery, the run's state, the terminal, the lesson, and the 中文 and phone checks.
import type { Page } from 'playwright-core';
import type { ExampleExpect } from '../../src/examples/expects';
import { englishWords } from '../../src/ui/i18n/untranslated';
import { visibleStrings } from '../visibleStrings';
import type { GalleryEntry } from './plan';

/** The part of xterm's IBufferLine the tour reads. */
interface TermLine {
  isWrapped: boolean;
  length: number;
  translateToString(trim: boolean, start?: number, end?: number): string;
  getCell(x: number): { getChars(): string; getWidth(): number } | undefined;
}

/** The page's test hooks the tour uses (src/ui/main.tsx). */
interface Hooks {
  __mpplay?: {
    state(): { status: string; exitCode: number | null; events: number; reason: string | null };
    stop(): void;
    examples(): { id: string; expect: ExampleExpect | null }[];
  };
  __term?: {
    buffer: {
      active: {
        length: number;
        getLine(i: number): TermLine | undefined;
      };
    };
  };
}

/** The run states that are not an end. */
export const NOT_ENDED: ReadonlySet<string> = new Set(['idle', 'compiling', 'running']);

/** The gallery in menu order, as the page's catalog gives it. */
export function readGallery(page: Page): Promise<GalleryEntry[]> {
  return page.evaluate(() =>
    (globalThis as unknown as Hooks).__mpplay!.examples().map((e) => ({
      id: e.id,
      exitCode: e.expect?.exitCode ?? null,
      output: e.expect?.output ?? [],
      absent: e.expect?.absent ?? [],
      ...(e.expect?.rarely && {
        rarely: {
          id: e.id,
          exitCode: e.expect.rarely.exitCode,
          output: e.expect.rarely.output,
          absent: e.expect.rarely.absent ?? [],
        },
      }),
    })),
  );
}

/** Whether the page's hooks and terminal are up. */
export function hooksReady(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const g = globalThis as unknown as Hooks;
    return typeof g.__mpplay === 'object' && typeof g.__term === 'object';
  });
}

/** Stops a run that would not end (the kernel's Stop, as the toolbar's button does). */
export function stopRun(page: Page): Promise<void> {
  return page.evaluate(() => (globalThis as unknown as Hooks).__mpplay!.stop());
}

/** How the run stands: the kernel's state and the status line as shown. */
export interface RunState {
  status: string;
  exitCode: number | null;
  reason: string | null;
  events: number;
  /** The status line's text, as the reader sees it. */
  statusText: string;
}

export function readRun(page: Page): Promise<RunState> {
  return page.evaluate(() => {
    const s = (globalThis as unknown as Hooks).__mpplay!.state();
    const text = document.querySelector('[data-testid="status"] .text')?.textContent ?? '';
    return { status: s.status, exitCode: s.exitCode, reason: s.reason, events: s.events, statusText: text.trim() };
  });
}

/**
 * Everything in the terminal, one printed line per line (rows xterm wrapped are joined back), trailing blanks cut.
 * A wide (Chinese) character that did not fit at a row's end leaves that row's last cell empty: it is not a space.
 */
export function readTerminal(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const b = (globalThis as unknown as Hooks).__term!.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) {
      const line = b.getLine(i);
      if (!line) continue;
      const next = b.getLine(i + 1);
      const last = line.getCell(line.length - 1);
      const pushedOn = next?.isWrapped && last?.getChars() === '' && next.getCell(0)?.getWidth() === 2;
      const text = line.translateToString(false, 0, pushedOn ? line.length - 1 : line.length);
      if (line.isWrapped && out.length) out[out.length - 1] += text;
      else out.push(text);
    }
    const lines = out.map((l) => l.trimEnd());
    while (lines.length && !lines[lines.length - 1]) lines.pop();
    return lines;
  });
}

/** The lesson's title and text as shown. */
export function readLesson(page: Page): Promise<{ title: string; lesson: string }> {
  return page.evaluate(() => ({
    title: document.querySelector('[data-testid="lesson"] h2')?.textContent?.trim() ?? '',
    lesson: document.querySelector('[data-testid="lesson"] p')?.textContent?.trim() ?? '',
  }));
}

/** How far the page scrolls sideways, in CSS pixels (0: it fits the screen's width). */
export function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

/** The English words left in the page's own strings (code, output and lesson texts aside), each with where it is. */
export async function untranslatedWords(page: Page): Promise<string[]> {
  return (await visibleStrings(page)).flatMap((s) =>
    englishWords(s.text).map((w) => `${w} (in "${s.text.slice(0, 60)}")`),
  );
}

/** Which of `expected` are missing from `lines`, in order (each must come after the previous one), and which `absent` show. */
export function outputProblems(lines: readonly string[], expected: readonly string[], absent: readonly string[]) {
  const missing: string[] = [];
  let at = 0;
  for (const want of expected) {
    const found = lines.findIndex((l, i) => i >= at && l.includes(want));
    if (found < 0) missing.push(want);
    else at = found;
  }
  const present = absent.filter((a) => lines.some((l) => l.includes(a)));
  return { missing, present };
}
