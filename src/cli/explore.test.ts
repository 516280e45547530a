// `mpplay explore` and `mpplay run --schedule`, the contract scripts rely on: the schedule line on stdout, the exit
// codes, progress and the histogram on stderr, and a replay that gives the same output and exit code every time.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { countTraces, counterProgram } from '../protocol/sched/testing/model';

// Many controlled runs per test: the timeout only guards against a hang (a busy machine makes them slow, not wrong).
vi.setConfig({ testTimeout: 240_000 });

const dir = mkdtempSync(join(tmpdir(), 'mpplay-explore-'));

function mpplay(args: string[], timeout = 240_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/mpplay.mjs', ...args], { timeout, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

function file(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

const LOCK_ORDER = file(
  'lock-order.ts',
  `import { Lock, Process } from "multiprocessing";
async function worker(first: Lock, second: Lock, name: string) {
  await first.acquire();
  await second.acquire();
  print(name, "has both locks");
  second.release();
  first.release();
}
if (__name__ === "__main__") {
  const a = new Lock();
  const b = new Lock();
  const p1 = new Process({ target: worker, args: [a, b, "p1"] });
  const p2 = new Process({ target: worker, args: [b, a, "p2"] });
  p1.start();
  p2.start();
  await p1.join();
  await p2.join();
  print("done");
}
`,
);

const counter = (workers: number, loops: number, extra = '') =>
  `import { Process, Value } from "multiprocessing";
function add(counter: Value, n: number) {
  for (const _ of range(n)) counter.value += 1;
}
if (__name__ === "__main__") {
  const counter = Value("i", 0);
  const ps = range(${workers}).map(() => new Process({ target: add, args: [counter, n()] }));
  for (const p of ps) p.start();
  for (const p of ps) await p.join();
  print("counter =", counter.value);
  ${extra}
}
function n() { return ${loops}; }
`;

describe('mpplay explore', () => {
  it('finds the lock-order deadlock, prints its schedule, and run --schedule replays it: exit 124 every time', async () => {
    const r = await mpplay(['explore', LOCK_ORDER, '--until', 'deadlock', '--strategy', 'random', '--seed', '1']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^schedule: s1\.[A-Za-z0-9_-]+$/);
    expect(r.stderr).toMatch(/distinct outcomes?\n/);
    expect(r.stderr).toMatch(/^ {2}deadlock +█+ 1$/m);
    expect(r.stderr).toMatch(/explore: found at run \d+: deadlock/);
    const schedule = lines[0]!.slice('schedule: '.length);
    const a = await mpplay(['run', LOCK_ORDER, '--schedule', schedule]);
    const b = await mpplay(['run', LOCK_ORDER, '--schedule', schedule]);
    expect(a.code).toBe(124);
    expect(b.code).toBe(124);
    expect(a.stderr).toMatch(/deadlock: every live process is waiting/);
    expect(b.stdout + b.stderr).toBe(a.stdout + a.stderr);
  });

  it('exits 1 when no run meets the condition within --runs, saying how many distinct outcomes it saw', async () => {
    const r = await mpplay(['explore', file('c1.ts', counter(2, 1)), '--until', 'deadlock', '--runs', '6']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/explore: 6 runs, [12] distinct outcomes?/);
    expect(r.stderr).toMatch(/no run met --until deadlock \(within 6 runs\); [12] distinct outcomes? seen\./);
  });

  it('dfs visits every schedule of 2 processes × 2 increments: as many as the model counts, and every outcome', async () => {
    const expected = countTraces(counterProgram(2, 2)).traces; // 275
    const r = await mpplay(['explore', file('c22.ts', counter(2, 2)), '--until', 'deadlock', '--strategy', 'dfs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`(${expected} distinct schedules, every one explored)`);
    for (const n of [2, 3, 4]) expect(r.stderr).toMatch(new RegExp(`^ {2}counter = ${n} +█+ \\d+$`, 'm'));
  });

  it('--until assert: a failed assert(...) in any process', async () => {
    const src = counter(2, 1, 'assert(counter.value === 2, "lost an update");');
    const r = await mpplay(['explore', file('assert.ts', src), '--until', 'assert', '--strategy', 'dfs']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/found at run \d+: AssertionError · counter = 1/);
    const replay = await mpplay(['run', join(dir, 'assert.ts'), '--schedule', r.stdout.trim().split(' ')[1]!]);
    expect(replay.code).toBe(1);
    expect(replay.stdout).toBe('counter = 1\n');
    expect(replay.stderr).toMatch(/AssertionError: lost an update/);
  });

  it('explains bad usage with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['explore', LOCK_ORDER], /say what to look for: --until deadlock, exit!=0, assert or output/],
      [['explore', LOCK_ORDER, '--until', 'hang'], /--until must be deadlock, exit!=0, assert or output, got 'hang'/],
      [['explore', LOCK_ORDER, '--until', 'deadlock', '--strategy', 'bfs'], /--strategy must be random, pct or dfs/],
      [['explore', LOCK_ORDER, '--until', 'deadlock', '--runs', '0'], /--runs must be a whole number of at least 1/],
      [['run', LOCK_ORDER, '--schedule', 'nonsense'], /This schedule cannot be read/],
    ];
    for (const [args, why] of cases) {
      const r = await mpplay(args, 60_000);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(why);
    }
  });

  it('refuses to replay a schedule against another program', async () => {
    const r = await mpplay(['explore', LOCK_ORDER, '--until', 'output', '--strategy', 'dfs']);
    expect(r.code).toBe(0);
    const other = file('other.ts', counter(2, 1));
    const replay = await mpplay(['run', other, '--schedule', r.stdout.trim().split(' ')[1]!]);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toMatch(/recorded for another program than other\.ts/);
  });
});
