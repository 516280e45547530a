// The output terminal: xterm.js fitted to its box; the run controller writes each process's lines into it.
import { useEffect, useRef } from 'react';
import { Terminal as XTerm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import '@xterm/xterm/css/xterm.css';
import { useT } from './i18n/useT';
import { attachTerminal, traceLog } from './runOutput';
import { appStore } from './store/store';
import { useResolvedTheme } from './theme';
import { attachTerminalClicks } from './timeline/terminalLink';

/** The terminal's colours per page theme; xterm raises any process colour below 4.5:1 contrast. */
const THEMES = {
  dark: { background: '#1b1d23', foreground: '#d7dae0', cursor: '#d7dae0', selectionBackground: '#3e4451' },
  light: { background: '#fbfbfc', foreground: '#1f2329', cursor: '#1f2329', selectionBackground: '#cfe3ff' },
} as const;

/**
 * The terminal's fonts: a monospace font whose CJK glyphs are exactly two cells wide comes first (Chinese output
 * then has no gaps between characters: "父进程", not "父 进 程"), then the usual Latin monospace fonts, whose CJK
 * fallback is proportional. Noto Sans Mono CJK (Linux, Debian's fonts-noto-cjk), Source Han Mono and Sarasa Mono
 * (often installed by Chinese-speaking developers, on every system) are such fonts.
 */
export const TERMINAL_FONTS =
  '"Noto Sans Mono CJK SC", "Noto Sans Mono CJK TC", "Source Han Mono SC", "Sarasa Mono SC", "Sarasa Term SC", ' +
  'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace';

/** The colour stderr lines are written in (terminalFormat's STDERR), as xterm stores an RGB colour. */
const STDERR_RGB = (255 << 16) | (110 << 8) | 110;
/** How far into a line to look for stderr's colour (past the `[pid name]` prefix). */
const SCAN_COLS = 60;

/**
 * Scrolls so that the run's first stderr line (a traceback's first line) is in view, with one line above it, when
 * it has scrolled away: a learner sees the error, not only the lines after it.
 */
function revealFirstError(term: XTerm): void {
  const b = term.buffer.active;
  for (let y = 0; y < b.length; y++) {
    const line = b.getLine(y);
    if (!line) continue;
    for (let x = 0; x < Math.min(SCAN_COLS, line.length); x++) {
      const cell = line.getCell(x);
      if (cell?.isFgRGB() && cell.getFgColor() === STDERR_RGB) {
        if (y < b.viewportY || y >= b.viewportY + term.rows) term.scrollToLine(Math.max(0, y - 1));
        return;
      }
    }
  }
}

/** Program output, one `[pid name]`-prefixed line per print, coloured per process; stderr in red. */
export function Terminal() {
  const t = useT();
  const theme = useResolvedTheme();
  const box = useRef<HTMLDivElement | null>(null);
  const termRef = useRef<XTerm | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const term = new XTerm({
      convertEol: true,
      disableStdin: true,
      cursorBlink: false,
      cursorStyle: 'bar',
      cursorInactiveStyle: 'none',
      fontSize: 12,
      fontFamily: TERMINAL_FONTS,
      // Unicode 11 widths (the addon below): emoji and CJK take the two cells they are drawn in.
      allowProposedApi: true,
      scrollback: 10_000,
      minimumContrastRatio: 4.5,
      theme: THEMES[theme],
    });
    termRef.current = term;
    // The output is read-only: Tab and Shift+Tab move on through the page, never into the terminal as a key.
    term.attachCustomKeyEventHandler((e) => e.key !== 'Tab');
    term.loadAddon(new Unicode11Addon());
    term.unicode.activeVersion = '11';
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet
      }
    };
    refit();
    const ro = new ResizeObserver(refit);
    ro.observe(el);
    const detach = attachTerminal({
      write: (text, done) => term.write(text, done),
      clear: () => term.reset(),
      revealFirstError: () => term.write('', () => revealFirstError(term)),
    });
    // Clicking a process's line shows its moment on the timeline.
    const offClicks = attachTerminalClicks(
      term,
      el,
      () => traceLog.events,
      (at, pid) => appStore.getState().focusChart(at, pid),
    );
    // Test hook: Playwright reads the buffer (xterm parses writes asynchronously, so tests poll).
    (globalThis as unknown as { __term?: XTerm }).__term = term;
    return () => {
      detach();
      offClicks();
      ro.disconnect();
      term.dispose();
      termRef.current = null;
    };
    // The terminal is made once; the theme effect below recolours it.
  }, []);

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = THEMES[theme];
  }, [theme]);

  return (
    <div className="terminal" data-testid="terminal" role="region" aria-label={t.terminalLabel}>
      <div className="xterm-box" ref={box} />
    </div>
  );
}
