// The embed's parameters round-trip with only non-defaults written; host messages are validated, never trusted.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EMBED,
  embedSnippet,
  isEmbedEvent,
  mayRun,
  parseHostMessage,
  SNIPPET_MAX_HEIGHT,
  readEmbedParams,
  writeEmbedParams,
  type EmbedParams,
} from './embedApi';

describe('embed parameters', () => {
  it('defaults write nothing and read back as defaults', () => {
    expect(writeEmbedParams(DEFAULT_EMBED).toString()).toBe('');
    expect(readEmbedParams(new URLSearchParams(''))).toEqual(DEFAULT_EMBED);
    expect(writeEmbedParams(DEFAULT_EMBED, true).toString()).toBe('embed=1');
  });

  it('round-trips every combination', () => {
    const p: EmbedParams = {
      panes: ['code', 'terminal'],
      editable: true,
      autorun: 'visible',
      hostRun: true,
      id: 'post-3',
      trace: 'runs/post-3.trace.json',
    };
    const written = writeEmbedParams(p);
    expect(written.toString()).toBe(
      'panes=code%2Cterminal&editable=1&autorun=visible&hostrun=1&id=post-3&trace=runs%2Fpost-3.trace.json',
    );
    expect(readEmbedParams(written)).toEqual(p);
  });

  it('unknown panes and values fall back to defaults; panes keep their fixed order', () => {
    expect(readEmbedParams(new URLSearchParams('panes=terminal,nope,code')).panes).toEqual(['code', 'terminal']);
    expect(readEmbedParams(new URLSearchParams('panes=nope')).panes).toEqual(['code', 'chart', 'terminal']);
    expect(readEmbedParams(new URLSearchParams('autorun=always&editable=yes&hostrun=yes'))).toMatchObject({
      autorun: 'click',
      editable: false,
      hostRun: false,
    });
    expect(readEmbedParams(new URLSearchParams(`id=${'x'.repeat(200)}`)).id).toBeNull();
  });
});

describe('embed messages', () => {
  it('accepts the three host commands and nothing else', () => {
    expect(parseHostMessage({ mpplay: 1, type: 'run' })).toEqual({ mpplay: 1, type: 'run' });
    expect(parseHostMessage({ mpplay: 1, type: 'stop' })).toEqual({ mpplay: 1, type: 'stop' });
    expect(parseHostMessage({ mpplay: 1, type: 'setCode', code: 'print(1)' })).toMatchObject({ code: 'print(1)' });
    for (const bad of [
      null,
      'run',
      { type: 'run' },
      { mpplay: 2, type: 'run' },
      { mpplay: 1, type: 'eval' },
      { mpplay: 1, type: 'setCode', code: 42 },
      { mpplay: 1, type: 'setCode', code: 'x'.repeat(300 * 1024) },
    ])
      expect(parseHostMessage(bad)).toBeNull();
  });

  it('recognises its own events', () => {
    expect(isEmbedEvent({ mpplay: 1, type: 'ready', id: null })).toBe(true);
    expect(isEmbedEvent({ type: 'resize' })).toBe(false);
  });

  it('the snippet escapes the address and title and sizes the iframe from resize events', () => {
    const s = embedSnippet('https://x.org/embed.html?a=1&b="2"', 'A <title>');
    expect(s).toContain('src="https://x.org/embed.html?a=1&amp;b=&quot;2&quot;"');
    expect(s).toContain('title="A &lt;title>"');
    expect(s).toContain('d.type !== "resize"');
  });

  it("the snippet's script takes only a positive number, clamped, from mpplay's origin and the iframe's window", () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(embedSnippet('https://x.org/m/embed.html', 't'))![1]!;
    type Listener = (e: { origin: string; source: unknown; data: unknown }) => void;
    let listener: Listener = () => undefined;
    const frame = { contentWindow: {}, style: { height: '420px' } };
    const other = { contentWindow: {}, style: { height: '420px' } };
    new Function('addEventListener', 'document', script)((_: string, f: Listener) => (listener = f), {
      querySelectorAll: () => [frame, other],
    });
    const send = (data: unknown, origin = 'https://x.org', source: unknown = frame.contentWindow) =>
      listener({ origin, source, data });
    send({ mpplay: 1, type: 'resize', height: 300.2 });
    expect([frame.style.height, other.style.height]).toEqual(['301px', '420px']);
    for (const height of ['500', '1e9px', null, -5, Number.NaN, { valueOf: () => 9 }]) {
      send({ mpplay: 1, type: 'resize', height });
      expect(frame.style.height, String(height)).toBe('301px');
    }
    send({ mpplay: 1, type: 'resize', height: 500 }, 'https://evil.example');
    expect(frame.style.height).toBe('301px');
    send({ mpplay: 1, type: 'resize', height: 1e9 });
    expect(frame.style.height).toBe(`${SNIPPET_MAX_HEIGHT}px`);
  });
});

describe('who may run an embed without its reader pressing Run', () => {
  const ctx = (framed: boolean, autorun: 'click' | 'visible', hostRun: boolean, readerActed: boolean) => ({
    framed,
    params: { autorun, hostRun },
    readerActed,
  });

  it("the reader's own Run always runs", () => {
    expect(mayRun('reader', ctx(false, 'click', false, false))).toBeNull();
    expect(mayRun('reader', ctx(true, 'click', false, false))).toBeNull();
  });

  it('opened in a tab of its own (a link), nothing else runs it, whatever the URL asks', () => {
    for (const autorun of ['click', 'visible'] as const)
      for (const hostRun of [false, true])
        for (const acted of [false, true]) {
          expect(mayRun('autorun', ctx(false, autorun, hostRun, acted))).toBe('not-framed');
          expect(mayRun('host', ctx(false, autorun, hostRun, acted))).toBe('not-framed');
        }
  });

  it('inside a page: autorun=visible runs when seen; a host run needs hostrun=1 or the reader to have used it', () => {
    expect(mayRun('autorun', ctx(true, 'visible', false, false))).toBeNull();
    expect(mayRun('autorun', ctx(true, 'click', true, true))).toBe('not-opted-in');
    expect(mayRun('host', ctx(true, 'click', false, false))).toBe('needs-click');
    expect(mayRun('host', ctx(true, 'visible', false, false))).toBe('needs-click');
    expect(mayRun('host', ctx(true, 'click', true, false))).toBeNull();
    expect(mayRun('host', ctx(true, 'click', false, true))).toBeNull();
  });
});
