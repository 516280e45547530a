// Recorded runs: a trace file round-trips through a format-2 link; anything else is refused with a message, never trusted.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceFile } from '../protocol/trace';
import { toBase64Url } from './base64url';
import { decodeShareLink, encodeShareLink, MAX_RUN_CHARS, RunTooLargeError } from './codec';
import { deflateRaw } from './deflate';
import { DEFAULT_OPTIONS } from './options';
import { BadRecording, MAX_RUN_EVENTS, parseRecording, readRecording } from './recordedRun';

const fixture = (name: string): TraceFile =>
  JSON.parse(readFileSync(new URL(`../../e2e/fixtures/${name}.trace.json`, import.meta.url), 'utf8')) as TraceFile;
const run = fixture('join-after-loop');
const isExample = (id: string) => id === 'join-after-loop';
const sourceOf = (id: string) => (id === 'join-after-loop' ? 'the example\n' : undefined);
const b64 = async (text: string) => toBase64Url(await deflateRaw(new TextEncoder().encode(text)));

describe('reading a recorded run', () => {
  it('a trace file of each committed fixture reads back equal', () => {
    for (const name of ['join-after-loop', 'join-in-loop', 'queue-sentinel', 'pool-apply-async-right', 'lost-items']) {
      const f = fixture(name);
      expect(readRecording(f), name).toEqual(f);
    }
  });

  it('refuses what is not a trace, with a message that says why', () => {
    const bad: [unknown, RegExp][] = [
      [null, /not an object/],
      [{ ...run, format: 'chrome' }, /not an mpplay trace/],
      [{ ...run, version: 2 }, /version 2/],
      [{ ...run, events: 'x' }, /events is not a list/],
      [{ ...run, events: [{ ...run.events[0], kind: 'eval' }] }, /kind mpplay does not know \(eval\)/],
      [{ ...run, events: [{ ...run.events[0], at: Number.NaN }] }, /at is not a number/],
      [{ ...run, events: [{ ...run.events[0], at: -1 }] }, /before the run started/],
      [{ ...run, events: [run.events[5], run.events[0]] }, /before the one above it/],
      [{ ...run, events: [{ ...run.events[0], pid: 1.5 }] }, /pid is not a whole number/],
      [
        { ...run, events: [{ kind: 'output', at: 0, pid: 1000, ppid: 0, stream: 'tty', text: 'x' }] },
        /stream is not one of/,
      ],
      [
        { ...run, events: [{ kind: 'output', at: 0, pid: 1000, ppid: 0, stream: 'stdout', text: 'x'.repeat(70_000) }] },
        /longer than/,
      ],
      [{ ...run, events: new Array(MAX_RUN_EVENTS + 1).fill(run.events[0]) }, /more than 50000/],
    ];
    for (const [value, message] of bad) expect(() => readRecording(value)).toThrow(message);
    expect(() => readRecording(null)).toThrow(BadRecording);
    expect(parseRecording('{')).toEqual({ problem: 'it is not JSON' });
  });

  it('drops unknown keys and makes program-chosen strings safe', () => {
    const evil = JSON.parse(
      JSON.stringify({
        ...run,
        __proto__: { polluted: true },
        extra: 1,
        events: [{ kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'x\x1b[2J', daemon: false, onclick: 'alert(1)' }],
      }),
    ) as unknown;
    const f = readRecording(evil);
    expect(f.events[0]).toEqual({ kind: 'spawn', at: 0, pid: 1000, ppid: 0, name: 'x␛[2J', daemon: false });
    expect('extra' in f || 'polluted' in f).toBe(false);
  });

  it('never throws anything but BadRecording, whatever the JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        try {
          readRecording(v);
        } catch (e) {
          expect(e).toBeInstanceOf(BadRecording);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('recorded runs in links (format 2)', () => {
  it('a program and its run round-trip; an unedited example carries only the run', async () => {
    const opts = { ...DEFAULT_OPTIONS, example: 'join-after-loop' };
    const edited = await encodeShareLink({ code: 'print(1);\n', options: opts, run }, sourceOf);
    expect(edited.hash).toMatch(/^#v2\/[A-Za-z0-9_-]+&run=[A-Za-z0-9_-]+$/);
    const back = await decodeShareLink(edited, isExample);
    expect(back.problems).toEqual([]);
    expect(back.snippet).toMatchObject({ code: 'print(1);\n', run });

    const own = await encodeShareLink({ code: 'the example\n', options: opts, run }, sourceOf);
    expect(own.hash).toMatch(/^#v2\/&run=/);
    expect((await decodeShareLink(own, isExample)).snippet).toMatchObject({ code: null, run });
  });

  it('a link without a run is still format 1, which pages older than format 2 read', async () => {
    const plain = await encodeShareLink({ code: 'print(1);\n', options: DEFAULT_OPTIONS }, sourceOf);
    expect(plain.hash.startsWith('#v1/')).toBe(true);
    // (codec.test.ts keeps a golden format-1 link written by an earlier version: it still opens.)
  });

  it('a run too large for a link is refused when the link is made, with what to do instead', async () => {
    const many = {
      ...run,
      events: Array.from({ length: 30_000 }, (_, i) => ({ ...run.events[0]!, at: i, pid: 1000 + (i % 5000) })),
    };
    const err = await encodeShareLink({ code: 'x', options: DEFAULT_OPTIONS, run: many as TraceFile }, sourceOf).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RunTooLargeError);
    expect((err as Error).message).toMatch(/more than the 120,000 a link carries: share its trace file instead/);
  });

  it('a damaged, oversized or forged run is dropped with a message; the program still opens', async () => {
    const code = (await encodeShareLink({ code: 'print(2);\n', options: DEFAULT_OPTIONS }, sourceOf)).hash.slice(4);
    const cases: [string, RegExp][] = [
      ['not*base64', /not base64url/],
      [await b64('{"format":"mpplay-trace","version":1'), /not JSON/],
      [await b64(JSON.stringify({ ...run, events: [{ kind: 'eval', at: 0, pid: 1, ppid: 0 }] })), /does not know/],
      ['A'.repeat(MAX_RUN_CHARS + 1), /more than 120000/],
    ];
    for (const [part, why] of cases) {
      const r = await decodeShareLink({ search: '', hash: `#v2/${code}&run=${part}` }, isExample);
      expect(r.snippet?.code).toBe('print(2);\n');
      expect(r.snippet?.run).toBeUndefined();
      expect(r.problems[0]).toMatchObject({ code: 'bad-run', why: expect.stringMatching(why) as unknown });
    }
    const bomb = toBase64Url(await deflateRaw(new Uint8Array(8 * 1024 * 1024).fill(32)));
    expect(
      (await decodeShareLink({ search: '', hash: `#v2/${code}&run=${bomb}` }, isExample)).problems[0],
    ).toMatchObject({
      code: 'bad-run',
      why: 'larger than 4 MiB',
    });
  });
});
