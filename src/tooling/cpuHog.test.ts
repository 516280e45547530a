// The CPU hog (scripts/cpu-hog.mjs): it runs a command beside one busy loop per core, returns its exit code, and leaves no loop behind.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArgs, runBesideHog, startHog } from '../../scripts/cpu-hog.mjs';

type Hog = { pids: number[]; pinned: boolean; stop(): Promise<void> };

/** CPU clock ticks a process has used (user + system), from /proc. */
const ticks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('cpu-hog', () => {
  it('parses its options and the command after --, and says what is wrong with bad ones', () => {
    expect(parseArgs(['--loops', '3', '--', 'npx', 'vitest'])).toEqual({
      options: { loops: 3 },
      command: ['npx', 'vitest'],
    });
    expect(parseArgs([])).toEqual({ options: {}, command: [] });
    expect(() => parseArgs(['--loops', 'x'])).toThrow(/--loops wants a whole number/);
    expect(() => parseArgs(['--'])).toThrow(/nothing to run after --/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option --fast; usage/);
  });

  it('starts busy loops that really spin, and stop() ends every one of them', async () => {
    const hog = startHog({ loops: 2 }) as Hog;
    expect(hog.pids).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 300));
    for (const pid of hog.pids) expect(alive(pid)).toBe(true);
    // A spinning loop keeps using CPU time (read from /proc where there is one).
    if (existsSync(`/proc/${hog.pids[0]}/stat`)) {
      const before = hog.pids.map(ticks);
      await new Promise((r) => setTimeout(r, 500));
      hog.pids.forEach((pid, i) => expect(ticks(pid)).toBeGreaterThan(before[i]!));
    }
    await hog.stop();
    for (const pid of hog.pids) expect(alive(pid)).toBe(false);
  });

  it("runs a command beside the hog and returns the command's exit code", async () => {
    const code = (await runBesideHog([process.execPath, '-e', 'process.exit(3)'], { loops: 1 })) as number;
    expect(code).toBe(3);
  });
});
