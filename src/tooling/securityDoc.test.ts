// docs/SECURITY.md names the headers a host must send without copying public/_headers: this keeps the two in step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHeadersFile } from './serverHeaders';

const root = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(root, 'docs', 'SECURITY.md'), 'utf8');
const rules = parseHeadersFile(readFileSync(join(root, 'public', '_headers'), 'utf8'));
const sent = rules.flatMap((r) => r.headers);
/** Every `code span` of the doc. */
const spans = [...doc.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
const CSP_DIRECTIVE =
  /^(default-src|script-src|worker-src|style-src|img-src|font-src|connect-src|frame-src|object-src|base-uri|form-action|frame-ancestors) /;

describe('docs/SECURITY.md and public/_headers agree', () => {
  it('every `Header: value` the doc quotes is sent by some rule of _headers, with that value', () => {
    const quoted = spans.filter((s) => /^[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)+: \S/.test(s)); // header names have a hyphen
    expect(quoted.length).toBeGreaterThanOrEqual(6);
    for (const q of quoted) {
      const [name, value] = [q.slice(0, q.indexOf(':')), q.slice(q.indexOf(':') + 1).trim()];
      expect(
        sent.some(([n, v]) => n === name && v === value),
        `"${q}" is not in public/_headers`,
      ).toBe(true);
    }
  });

  it('every CSP directive the doc quotes is in a Content-Security-Policy of _headers', () => {
    const policies = sent.filter(([n]) => n === 'Content-Security-Policy').map(([, v]) => v.split(/;\s*/));
    const quoted = spans.filter((s) => CSP_DIRECTIVE.test(s));
    expect(quoted.length).toBeGreaterThanOrEqual(4);
    for (const d of quoted)
      expect(
        policies.some((p) => p.includes(d)),
        `"${d}" is in no policy`,
      ).toBe(true);
  });

  it('every header that _headers sends is named in the doc', () => {
    for (const name of new Set(sent.map(([n]) => n))) expect(doc, name).toContain(`\`${name}`);
  });
});
