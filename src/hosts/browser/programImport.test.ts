// A process worker frees each program's Blob a while after its import settled, and not before.
import { describe, expect, it } from 'vitest';
import { REVOKE_AFTER_MS, importThenRevoke } from './programImport';

describe('importThenRevoke', () => {
  it('revokes the URL REVOKE_AFTER_MS after the import resolved or failed, never while it loads', async () => {
    const revoked: string[] = [];
    const timers: { fn: () => void; ms: number }[] = [];
    const pending: Record<string, { ok: (v: unknown) => void; fail: (e: unknown) => void }> = {};
    const importer = importThenRevoke(
      (url) => new Promise((ok, fail) => (pending[url] = { ok, fail })),
      (url) => revoked.push(url),
      (fn, ms) => timers.push({ fn, ms }),
    );
    const a = importer('blob:a');
    const b = importer('blob:b');
    await Promise.resolve();
    expect(timers).toEqual([]);
    pending['blob:a']!.ok('module a');
    await expect(a).resolves.toBe('module a');
    expect(timers.map((t) => t.ms)).toEqual([REVOKE_AFTER_MS]);
    expect(revoked).toEqual([]); // not at the moment the import settles
    timers[0]!.fn();
    expect(revoked).toEqual(['blob:a']);
    pending['blob:b']!.fail(new SyntaxError('bad'));
    await expect(b).rejects.toThrow('bad');
    timers[1]!.fn();
    expect(revoked).toEqual(['blob:a', 'blob:b']);
  });
});
