// The CLI with real worker_threads: usage errors, exit codes, tracebacks naming TypeScript lines, the trace file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceFile } from '../protocol/trace';

const dir = mkdtempSync(join(tmpdir(), 'mpplay-cli-'));

function mpplay(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/mpplay.mjs', ...args], { timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

function file(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

describe('mpplay run', () => {
  it('explains bad usage with exit code 2', async () => {
    const none = await mpplay(['run']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('which file?');
    const bad = await mpplay(['run', 'x.ts', '--speed', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--speed must be a positive number, got '0'");
    const missing = await mpplay(['run', join(dir, 'nope.ts')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.ts/);
    const help = await mpplay(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: mpplay run FILE.ts');
  });

  it('reports a compile error as file:line:col with exit code 1', async () => {
    const r = await mpplay(['run', file('syntax.ts', 'print(1);\nconst = 2;\n')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^syntax\.ts:2:7: SyntaxError: Unexpected token/);
    expect(r.stdout).toBe('');
  });

  it("exits with MainProcess's code and prints a traceback with the user's TypeScript lines", async () => {
    const src = [
      'import { Process } from "multiprocessing";', // 1
      '', // 2
      'interface Order { id: number }', // 3
      'function check(o: Order): void {', // 4
      '  if (o.id > 1) throw new ValueError(`bad order ${o.id}`);', // 5
      '}', // 6
      'async function task(id: number) {', // 7
      '  check({ id });', // 8
      '}', // 9
      'if (__name__ === "__main__") {', // 10
      '  const p = new Process({ target: task, args: [7] });', // 11
      '  p.start();', // 12
      '  await p.join();', // 13
      '  console.log("child exit", p.exitCode);', // 14
      '  console.error("to stderr");', // 15
      '  check({ id: 2 });', // 16
      '}', // 17
    ].join('\n');
    const r = await mpplay(['run', file('tb.ts', src)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('child exit 1\n');
    expect(r.stderr).toContain(
      [
        'Process Process-1:',
        'Traceback (most recent call last):',
        '  File "tb.ts", line 8, in task',
        '    check({ id });',
        '  File "tb.ts", line 5, in check',
        '    if (o.id > 1) throw new ValueError(`bad order ${o.id}`);',
        'ValueError: bad order 7',
      ].join('\n'),
    );
    expect(r.stderr).toContain('to stderr\n');
    expect(r.stderr).toContain(
      ['Traceback (most recent call last):', '  File "tb.ts", line 16, in <module>', '    check({ id: 2 });'].join(
        '\n',
      ),
    );
    expect(r.stderr).toMatch(/ValueError: bad order 2\n$/);
  });

  it('treats an unhandled rejection in a process as an uncaught exception (exit code 1)', async () => {
    const src = [
      'import { Process } from "multiprocessing";',
      'import * as time from "time";',
      'async function fails() { await time.sleep(0.01); throw new RuntimeError("nobody awaited me"); }',
      'async function task() { void fails(); await time.sleep(5); print("not reached"); }',
      'if (__name__ === "__main__") {',
      '  const p = new Process({ target: task });',
      '  p.start(); await p.join(); print(p.exitCode);',
      '}',
    ].join('\n');
    const r = await mpplay(['run', file('reject.ts', src), '--speed', '10']);
    expect(r.stdout).toBe('1\n');
    expect(r.stderr).toContain('RuntimeError: nobody awaited me');
    expect(r.code).toBe(0);
  });

  it('terminates a child stuck in a busy loop, and sys.exit(n) in main gives exit code n', async () => {
    const src = [
      'import { Process } from "multiprocessing";',
      'import * as time from "time";',
      'import * as sys from "sys";',
      'function spin() { for (;;) {} }',
      'if (__name__ === "__main__") {',
      '  const p = new Process({ target: spin });',
      '  p.start(); await time.sleep(0.2); p.terminate(); await p.join();',
      '  print("spinner exit", p.exitCode);',
      '  sys.exit(4);',
      '}',
    ].join('\n');
    const r = await mpplay(['run', file('spin.ts', src)]);
    expect(r.stdout).toBe('spinner exit -15\n');
    expect(r.code).toBe(4);
  });

  it('writes the trace as JSON with every process and the result', async () => {
    const src = [
      'import { Process } from "multiprocessing";',
      'import * as time from "time";',
      'async function nap() { await time.sleep(1); print("woke"); }',
      'if (__name__ === "__main__") { const p = new Process({ target: nap }); p.start(); await p.join(); }',
    ].join('\n');
    const tracePath = join(dir, 'trace.json');
    const r = await mpplay([
      'run',
      file('nap.ts', src),
      '--speed',
      '20',
      '--seed',
      '7',
      '--trace',
      tracePath,
      '--prefix',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\[\d+ Process-1\] woke\n$/);
    const t = JSON.parse(readFileSync(tracePath, 'utf8')) as TraceFile;
    expect(t.format).toBe('mpplay-trace');
    expect(t.meta).toMatchObject({ file: 'nap.ts', speed: 20, seed: 7 });
    expect(t.processes.map((p) => [p.name, p.exitCode])).toEqual([
      ['MainProcess', 0],
      ['Process-1', 0],
    ]);
    const child = t.processes[1]!.pid;
    const kinds = t.events.filter((e) => e.pid === child).map((e) => e.kind);
    expect(kinds).toEqual(['spawn', 'start', 'running', 'sleeping', 'running', 'output', 'exit', 'zombie', 'reaped']);
    const sleep = t.events.find((e) => e.pid === child && e.kind === 'sleeping')!;
    const wake = t.events.find((e) => e.pid === child && e.kind === 'running' && e.after === 'sleep')!;
    expect(wake.at - sleep.at).toBeGreaterThanOrEqual(990); // program ms, at speed 20
    expect(t.result).toMatchObject({ exitCode: 0, reason: 'exited' });
    expect(t.result!.wallMs).toBeLessThan(t.result!.at);
  });
});

describe('mpplay run, piped', () => {
  it('exits quietly when the reader of its output goes away (`| head -1`)', async () => {
    const src = file('flood.ts', 'for (let i = 0; i < 100000; i++) print("line", i);\n');
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        'bash',
        ['-c', `node bin/mpplay.mjs run ${src} | head -1 >/dev/null; echo "\${PIPESTATUS[0]}" >&2`],
        (err, _o, stderr) => resolve({ code: err ? 1 : 0, stderr }),
      );
      void child;
    });
    expect(r.stderr.trim()).toBe('0');
  });
});
