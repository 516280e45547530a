// Property-based fuzzing of the embed's inputs: any message or query is read as a well-formed command or setting, or ignored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PANES, parseHostMessage, readEmbedParams } from './embedApi';

describe('embed inputs under fuzzing', () => {
  it('any value posted to an embed is ignored or read as exactly one well-formed command', () => {
    const near = fc.record(
      {
        mpplay: fc.oneof(fc.constant(1), fc.anything()),
        type: fc.oneof(fc.constantFrom('run', 'stop', 'setCode', 'eval', 'RUN', ''), fc.anything()),
        code: fc.oneof(fc.string({ maxLength: 50 }), fc.anything()),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.anything({ withNullPrototype: true, withMap: true, withSet: true }), near), (data) => {
        const msg = parseHostMessage(data);
        if (msg === null) return true;
        expect(msg.mpplay).toBe(1);
        if (msg.type === 'setCode') {
          expect(Object.keys(msg).sort()).toEqual(['code', 'mpplay', 'type']);
          expect(typeof msg.code === 'string' && msg.code.length <= 256 * 1024).toBe(true);
        } else {
          expect(['run', 'stop']).toContain(msg.type);
          expect(Object.keys(msg).sort()).toEqual(['mpplay', 'type']);
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });

  it('oversized and wrongly typed setCode messages are ignored', () => {
    expect(parseHostMessage({ mpplay: 1, type: 'setCode', code: 'x'.repeat(256 * 1024 + 1) })).toBeNull();
    for (const code of [null, 1, ['x'], { toString: () => 'x' }, new String('x')])
      expect(parseHostMessage({ mpplay: 1, type: 'setCode', code })).toBeNull();
  });

  it('any query gives settings from the allowed values', () => {
    const key = fc.constantFrom('panes', 'editable', 'autorun', 'hostrun', 'id', 'trace', 'embed', 'x');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.string({ unit: 'binary', maxLength: 150 })), { maxLength: 8 }), (pairs) => {
        const p = readEmbedParams(new URLSearchParams(pairs));
        expect(p.panes.length).toBeGreaterThan(0);
        expect(p.panes.every((x) => PANES.includes(x))).toBe(true);
        expect(['click', 'visible']).toContain(p.autorun);
        expect(typeof p.editable === 'boolean' && typeof p.hostRun === 'boolean').toBe(true);
        expect(p.id === null || p.id.length <= 100).toBe(true);
        expect(p.trace === null || (p.trace.length > 0 && p.trace.length <= 500)).toBe(true);
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});
