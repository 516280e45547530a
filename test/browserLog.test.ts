// The engines' tests tell a browser crash from a hang by what the browser prints: each crash counted once, however
// its line is cut into chunks, and the log's end kept for the failure to quote.
import { describe, expect, it } from 'vitest';
import { BrowserLog, WEBKIT_CRASHED } from '../engines/drivers/browserLog';

const LINE = `** (MiniBrowser:19954): WARNING **: 11:01:19.991: ${WEBKIT_CRASHED}\n`;

describe('BrowserLog', () => {
  it('counts a crash line once, whole or cut anywhere between two chunks', () => {
    for (let cut = 0; cut <= LINE.length; cut++) {
      const log = new BrowserLog(WEBKIT_CRASHED);
      const told = log.add(`noise\n${LINE.slice(0, cut)}`) + log.add(`${LINE.slice(cut)}more noise\n`);
      expect([told, log.crashes], `cut at ${cut}`).toEqual([1, 1]);
    }
  });

  it('counts each of several crashes, in one chunk or a character at a time', () => {
    const text = `${LINE}ok\n${LINE}${LINE}`;
    const whole = new BrowserLog(WEBKIT_CRASHED);
    expect(whole.add(text)).toBe(3);
    const bytes = new BrowserLog(WEBKIT_CRASHED);
    for (const c of text) bytes.add(c);
    expect(bytes.crashes).toBe(3);
  });

  it('tells no crash where there was none, and keeps only the end of a long log', () => {
    const log = new BrowserLog(WEBKIT_CRASHED, 20);
    log.add('WebProcess crashed? no: WebProcess CRASH');
    log.add('ING soon? WebProcessCRASHED\n0123456789abcdefghij');
    expect(log.crashes).toBe(0);
    expect(log.last).toBe('0123456789abcdefghij');
  });
});
