// Test helper: real traces from the CLI (`mpplay run --speed N --trace`), and a normalised text form of a layout.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TraceFile } from '../../protocol/trace';
import type { Layout } from '../model';

const dir = mkdtempSync(join(tmpdir(), 'mpplay-trace-'));
let seq = 0;

/** Runs a program file through the CLI and returns the trace it wrote. */
export function traceOf(file: string, speed = 10): Promise<TraceFile> {
  const out = join(dir, `t${++seq}.json`);
  return new Promise((resolve, reject) => {
    execFile(
      'node',
      ['bin/mpplay.mjs', 'run', file, '--speed', String(speed), '--trace', out],
      { timeout: 60_000 },
      (err, _stdout, stderr) => {
        try {
          resolve(JSON.parse(readFileSync(out, 'utf8')) as TraceFile);
        } catch {
          reject(new Error(`mpplay run ${file} wrote no trace (${err?.message ?? ''}): ${stderr}`));
        }
      },
    );
  });
}

/** Runs a program given as source text. */
export function traceOfSource(name: string, source: string, speed = 10): Promise<TraceFile> {
  const file = join(dir, name);
  writeFileSync(file, source);
  return traceOf(file, speed);
}

/**
 * The layout as text without times: each row (indented as drawn) with its states in order and its markers,
 * pids renumbered P0, P1… in spawn order and measured numbers (`1.02`) blanked, also inside printed text,
 * so runs compare across machines.
 */
export function describeLayout(layout: Layout): string {
  const pids = new Map<number, string>();
  for (const row of layout.rows) if (row.pid !== null && !row.synthetic) pids.set(row.pid, `P${row.colour}`);
  const norm = (s: string) =>
    s.replace(/\b\d+\.\d+\b/g, '<float>').replace(/\b\d{3,5}\b/g, (m) => pids.get(Number(m)) ?? m);
  const lines: string[] = [];
  for (const row of layout.rows) {
    const who =
      row.pid === null ? row.key : row.synthetic ? `${row.pid} ${row.name}` : `${pids.get(row.pid)} ${row.name}`;
    lines.push(`${'  '.repeat(row.depth)}${row.kind} ${norm(who)}`);
    const states = row.spans.map((s) =>
      s.state === 'blocked' || s.state === 'terminating' ? `${s.state}:${s.label}` : s.state,
    );
    if (states.length) lines.push(`${'  '.repeat(row.depth)}  states: ${norm(states.join(' '))}`);
    const marks = row.markers
      .filter((m) => m.kind !== 'start')
      .map((m) => (m.kind === 'output' ? `print:${JSON.stringify(m.text)}` : `${m.kind}:${m.text}`));
    if (marks.length) lines.push(`${'  '.repeat(row.depth)}  marks: ${norm(marks.join(' | '))}`);
    if (row.tasks.length) lines.push(`${'  '.repeat(row.depth)}  tasks: ${row.tasks.length}`);
  }
  return `${lines.join('\n')}\n`;
}
