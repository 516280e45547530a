// A process worker frees each program's Blob once its import settled, and not before.
import { describe, expect, it } from 'vitest';
import { importThenRevoke } from './programImport';

describe('importThenRevoke', () => {
  it('revokes the URL once the import resolved or failed, not while it loads, and passes its outcome on', async () => {
    const revoked: string[] = [];
    const pending: Record<string, { ok: (v: unknown) => void; fail: (e: unknown) => void }> = {};
    const importer = importThenRevoke(
      (url) => new Promise((ok, fail) => (pending[url] = { ok, fail })),
      (url) => revoked.push(url),
    );
    const a = importer('blob:a');
    const b = importer('blob:b');
    await Promise.resolve();
    expect(revoked).toEqual([]);
    pending['blob:a']!.ok('module a');
    await expect(a).resolves.toBe('module a');
    expect(revoked).toEqual(['blob:a']);
    pending['blob:b']!.fail(new SyntaxError('bad'));
    await expect(b).rejects.toThrow('bad');
    expect(revoked).toEqual(['blob:a', 'blob:b']);
  });
});
