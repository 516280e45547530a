// The cross-engine suite in Chromium (playwright-core, with the browser tests' own Chromium and flags).
import { describe } from 'vitest';
import { exploreTests } from './explore';
import { galleryTests } from './gallery';
import { useEngine } from './harness';
import { embedTest, shareTest, stopTest } from './scenarios';

describe('chromium', () => {
  const s = useEngine('chromium');
  galleryTests(s);
  exploreTests(s);
  stopTest(s);
  shareTest(s);
  embedTest(s);
});
