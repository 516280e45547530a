// The words of the run's limits: a cap reads in the unit that shows it, never as "0 MB".
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_HELD_BYTES, capSize, heldCapMessage } from './limits';

describe('capSize', () => {
  it('reads MB from 1 MB, KB below it, and bytes below 1 KB, to one decimal', () => {
    expect(capSize(DEFAULT_MAX_HELD_BYTES)).toBe('256 MB');
    expect(capSize(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(capSize(1024 * 1024 - 1)).toBe('1024 KB');
    expect(capSize(40_000)).toBe('39.1 KB');
    expect(capSize(1024)).toBe('1 KB');
    expect(capSize(1000)).toBe('1000 bytes');
  });
  it('is what the MemoryError at a put says', () => {
    expect(heldCapMessage(40_000)).toContain('would hold more than 39.1 KB (mpplay');
  });
});
