// The cross-engine suite in Firefox (puppeteer-core over WebDriver BiDi, Debian's firefox-esr).
import { describe } from 'vitest';
import { exploreTests } from './explore';
import { galleryTests } from './gallery';
import { useEngine } from './harness';
import { embedTest, shareTest, stopTest } from './scenarios';

describe('firefox', () => {
  const s = useEngine('firefox');
  galleryTests(s);
  exploreTests(s);
  stopTest(s);
  shareTest(s);
  embedTest(s);
});
