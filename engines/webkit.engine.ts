// The cross-engine suite in WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, under Xvfb), as Safari readers get it.
import { describe } from 'vitest';
import { exploreTests } from './explore';
import { galleryTests } from './gallery';
import { useEngine } from './harness';
import { embedTest, shareTest, stopTest } from './scenarios';
import { noSharedMemoryTests, phoneTest } from './webkitOnly';

describe('webkit', () => {
  // JavaScriptCore's SharedArrayBuffer on, as Safari has it on cross-origin-isolated pages.
  const s = useEngine('webkit', { sharedArrayBuffer: true });
  galleryTests(s);
  exploreTests(s);
  stopTest(s);
  shareTest(s);
  embedTest(s);
  phoneTest(s);

  describe('as WebKitGTK ships, without SharedArrayBuffer', () => {
    noSharedMemoryTests(useEngine('webkit', { sharedArrayBuffer: false }, 'webkit-no-sab'));
  });
});
