// Which user agents get the WebKit workaround (no MessagePort for the runtime's own later tasks), and which the
// Chromium one (a probe that tells a busy loop its worker is being ended).
import { describe, expect, it } from 'vitest';
import { endsWorkersLate, portsWaitForPage } from './engineQuirks';

const UA = {
  safariMac:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  iphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  chromeOnIphone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1',
  webkitGtk:
    'Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  chromium: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  headless:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  node: 'Node.js/20',
};

describe('portsWaitForPage', () => {
  it('is true for WebKit: Safari, any browser on an iPhone (Chrome there is WebKit too), WebKitGTK', () => {
    for (const ua of [UA.safariMac, UA.iphone, UA.chromeOnIphone, UA.webkitGtk])
      expect(portsWaitForPage(ua), ua).toBe(true);
  });

  it('is false for Chromium (whose user agent also says AppleWebKit), Edge, Firefox, Node and no user agent', () => {
    for (const ua of [UA.chromium, UA.headless, UA.edge, UA.firefox, UA.node, '', undefined])
      expect(portsWaitForPage(ua), String(ua)).toBe(false);
  });
});

describe('endsWorkersLate', () => {
  it('is true for Chromium and the browsers built on it', () => {
    for (const ua of [UA.chromium, UA.headless, UA.edge]) expect(endsWorkersLate(ua), ua).toBe(true);
  });

  it('is false for WebKit (Chrome on an iPhone too), Firefox, Node and no user agent', () => {
    for (const ua of [UA.safariMac, UA.iphone, UA.chromeOnIphone, UA.webkitGtk, UA.firefox, UA.node, '', undefined])
      expect(endsWorkersLate(ua), String(ua)).toBe(false);
  });
});
