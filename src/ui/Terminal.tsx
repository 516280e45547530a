// The output terminal: xterm.js fitted to its box; the run controller writes each process's lines into it.
import { useEffect, useRef } from 'react';
import { Terminal as XTerm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { attachTerminal } from './runController';

/** Program output, one `[pid name]`-prefixed line per print, coloured per process; stderr in red. */
export function Terminal() {
  const box = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const term = new XTerm({
      convertEol: true,
      disableStdin: true,
      cursorBlink: false,
      cursorStyle: 'bar',
      cursorInactiveStyle: 'none',
      fontSize: 13,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      scrollback: 10_000,
      theme: { background: '#1b1d23', foreground: '#d7dae0' },
    });
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
    });
    // Test hook: Playwright reads the buffer (xterm parses writes asynchronously, so tests poll).
    (globalThis as unknown as { __term?: XTerm }).__term = term;
    return () => {
      detach();
      ro.disconnect();
      term.dispose();
    };
  }, []);

  return (
    <div className="terminal" data-testid="terminal">
      <div className="xterm-box" ref={box} />
    </div>
  );
}
