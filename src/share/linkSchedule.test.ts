// Schedules in share links: written into format 2 beside the program (and a recorded run), read back as they were,
// refused with a reason when damaged, hostile or made for another program text, never at the program's expense.
import { describe, expect, it } from 'vitest';
import { decodeShareLink, encodeShareLink, type SharedSnippet } from './codec';
import { checkLinkSchedule, SCHEDULE_MISMATCH } from './linkSchedule';
import { DEFAULT_OPTIONS } from './options';
import { encodeSchedule, programFingerprint } from './schedule';

const PROGRAM = 'import { Process } from "multiprocessing";\nprint("hi");\n';
const EXAMPLE = 'print("the example");\n';
const sourceOf = (id: string) => (id === 'ex' ? EXAMPLE : undefined);
const isExample = (id: string) => id === 'ex';

async function roundTrip(snippet: SharedSnippet) {
  const link = await encodeShareLink(snippet, sourceOf);
  return { link, decoded: await decodeShareLink(link, isExample) };
}

describe('a schedule in a share link', () => {
  it('goes into format 2 beside the code and comes back as it was', async () => {
    const schedule = await encodeSchedule({ fingerprint: programFingerprint(PROGRAM), seed: 0, choices: [1, 0, 1] });
    const { link, decoded } = await roundTrip({ code: PROGRAM, options: DEFAULT_OPTIONS, schedule });
    expect(link.hash).toMatch(/^#v2\/[\w-]+&schedule=s1\.[\w-]+$/);
    expect(decoded.problems).toEqual([]);
    expect(decoded.snippet).toMatchObject({ code: PROGRAM, schedule });
  });

  it("with an example's own text, the code part is empty and the example's text is meant", async () => {
    const schedule = await encodeSchedule({ fingerprint: programFingerprint(EXAMPLE), seed: 3, choices: [0, 1] });
    const { link, decoded } = await roundTrip({
      code: EXAMPLE,
      options: { ...DEFAULT_OPTIONS, example: 'ex' },
      schedule,
    });
    expect(link.hash).toBe(`#v2/&schedule=${schedule}`);
    expect(decoded.problems).toEqual([]);
    expect(decoded.snippet).toMatchObject({ code: null, schedule });
  });

  it('goes with a recorded run too', async () => {
    const schedule = await encodeSchedule({ fingerprint: 1, seed: 0, choices: [] });
    const run = {
      format: 'mpplay-trace' as const,
      version: 1 as const,
      meta: { file: 'main.ts', speed: 1, seed: 0, startedAt: 'controlled' },
      processes: [{ pid: 1000, name: 'MainProcess', daemon: false, exitCode: 0 }],
      events: [],
      result: { exitCode: 0, reason: 'exited' as const, at: 0, wallMs: 1 },
    };
    const { link, decoded } = await roundTrip({ code: PROGRAM, options: DEFAULT_OPTIONS, run, schedule });
    expect(link.hash).toMatch(/&run=[\w-]+&schedule=s1\./);
    expect(decoded.snippet?.schedule).toBe(schedule);
    expect(decoded.snippet?.run?.processes).toHaveLength(1);
  });

  it('is refused by the encoder without a program, or when it is not a schedule string', async () => {
    await expect(
      encodeShareLink({ code: null, options: DEFAULT_OPTIONS, schedule: 's1.AAAA' }, sourceOf),
    ).rejects.toThrow(/needs its program/);
    await expect(encodeShareLink({ code: PROGRAM, options: DEFAULT_OPTIONS, schedule: 'x' }, sourceOf)).rejects.toThrow(
      /not a schedule string/,
    );
  });

  it('that is not a schedule string, or too long, is a problem; the program still opens', async () => {
    const code = (await encodeShareLink({ code: PROGRAM, options: DEFAULT_OPTIONS }, sourceOf)).hash.slice(4);
    for (const part of ['<script>alert(1)</script>', 's1.%00', `s1.${'A'.repeat(100_001)}`]) {
      const d = await decodeShareLink({ search: '', hash: `#v2/${code}&schedule=${part}` }, isExample);
      expect(d.snippet?.code).toBe(PROGRAM);
      expect(d.snippet?.schedule).toBeUndefined();
      expect(d.problems.map((p) => p.code)).toEqual(['bad-schedule']);
    }
  });
});

describe('checkLinkSchedule', () => {
  it('gives the choices and seed of a schedule made for this program', async () => {
    const s = await encodeSchedule({ fingerprint: programFingerprint(PROGRAM), seed: 42, choices: [2, 2, 0] });
    expect(await checkLinkSchedule(s, PROGRAM)).toEqual({ ok: true, choices: [2, 2, 0], seed: 42 });
    // Line endings do not count (a program pasted on Windows).
    expect((await checkLinkSchedule(s, PROGRAM.replace(/\n/g, '\r\n'))).ok).toBe(true);
  });

  it('refuses one made for another program text', async () => {
    const s = await encodeSchedule({ fingerprint: programFingerprint(PROGRAM), seed: 0, choices: [1] });
    const r = await checkLinkSchedule(s, `${PROGRAM}print(2);\n`);
    expect(r).toEqual({
      ok: false,
      problem: expect.objectContaining({ code: 'bad-schedule', why: SCHEDULE_MISMATCH }),
    });
  });

  it('refuses a damaged one with the decoder’s reason', async () => {
    const s = await encodeSchedule({ fingerprint: programFingerprint(PROGRAM), seed: 0, choices: [1, 0, 1, 1] });
    for (const bad of [s.slice(0, 6), `s1.B${s.slice(4)}`, `s9.${s.slice(3)}`]) {
      const r = await checkLinkSchedule(bad, PROGRAM);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.problem.message).toMatch(/cannot be (read|replayed)|newer/);
    }
  });
});
