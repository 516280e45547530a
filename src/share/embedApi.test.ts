// The embed's parameters round-trip with only non-defaults written; host messages are validated, never trusted.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_EMBED,
  embedSnippet,
  isEmbedEvent,
  parseHostMessage,
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
    const p: EmbedParams = { panes: ['code', 'terminal'], editable: true, autorun: 'visible', id: 'post-3' };
    const written = writeEmbedParams(p);
    expect(written.toString()).toBe('panes=code%2Cterminal&editable=1&autorun=visible&id=post-3');
    expect(readEmbedParams(written)).toEqual(p);
  });

  it('unknown panes and values fall back to defaults; panes keep their fixed order', () => {
    expect(readEmbedParams(new URLSearchParams('panes=terminal,nope,code')).panes).toEqual(['code', 'terminal']);
    expect(readEmbedParams(new URLSearchParams('panes=nope')).panes).toEqual(['code', 'chart', 'terminal']);
    expect(readEmbedParams(new URLSearchParams('autorun=always&editable=yes'))).toMatchObject({
      autorun: 'click',
      editable: false,
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
});
