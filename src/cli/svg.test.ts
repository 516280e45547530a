// `mpplay run --svg out.svg`: the timeline chart of the run, the same SVG the page exports from that trace.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceFile } from '../protocol/trace';
import { layoutTraceFile } from '../trace/layout';
import { toSvg } from '../trace/svg';
import { svgReport } from './report';

const dir = mkdtempSync(join(tmpdir(), 'mpplay-svg-'));

function mpplay(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('node', ['bin/mpplay.mjs', ...args], { timeout: 60_000 }, (err, _stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stderr });
    });
  });
}

describe('mpplay run --svg', () => {
  it('writes the chart of the run: the page export of the same trace, byte for byte', async () => {
    const svgPath = join(dir, 'join.svg');
    const tracePath = join(dir, 'join.json');
    const r = await mpplay([
      'run',
      'src/examples/programs/join-in-loop.ts',
      '--speed',
      '10',
      '--trace',
      tracePath,
      '--svg',
      svgPath,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const svg = readFileSync(svgPath, 'utf8');
    const trace = JSON.parse(readFileSync(tracePath, 'utf8')) as TraceFile;
    expect(svg).toBe(svgReport(trace));
    // The page's export of the same trace: its real time is the trace's own.
    expect(svg).toBe(toSvg(layoutTraceFile(trace), { title: trace.meta.file, realMs: trace.result!.wallMs }));
    expect(svg).toMatch(/program time \d[\d.]* s · real time [\d.]+ (s|ms) · Σ running/);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title>join-in-loop.ts</title>');
    for (const name of ['1000 MainProcess', 'Process-5', 'join(Process-3)', 'sleeping: time.sleep()']) {
      expect(svg).toContain(name);
    }
  });

  it('needs a file name', async () => {
    const r = await mpplay(['run', 'src/examples/programs/join-in-loop.ts', '--svg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--svg needs a value');
  });
});
