// Terminal line → moment: lines rebuilt from partial prints, repeated lines told apart, the page's own lines ignored.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../protocol/trace';
import { lineMoment, parseLine } from './terminalLink';

const out = (at: number, pid: number, text: string): TraceEvent => ({
  at,
  pid,
  ppid: 1000,
  kind: 'output',
  stream: 'stdout',
  text,
});

describe('terminal lines to chart moments', () => {
  const events = [
    out(10, 1001, 'tick\n'),
    out(20, 1002, 'tick\n'),
    out(30, 1001, 'half '),
    out(40, 1001, 'a line\ntick\n'),
    out(50, 1001, 'no newline'),
  ];

  it('parses the [pid name] prefix, and leaves the page lines alone', () => {
    expect(parseLine('[1001 Process-1] hello  ')).toEqual({ pid: 1001, text: 'hello' });
    expect(parseLine('[1001 Process-1:1] x')).toEqual({ pid: 1001, text: 'x' });
    expect(parseLine('── exit code 0 · 1.00 s ──')).toBeNull();
  });

  it('finds the print that completed the line, the n-th of identical lines', () => {
    expect(lineMoment(events, 1001, 'tick', 0)).toEqual({ at: 10, pid: 1001 });
    expect(lineMoment(events, 1001, 'tick', 1)).toEqual({ at: 40, pid: 1001 });
    expect(lineMoment(events, 1002, 'tick', 0)).toEqual({ at: 20, pid: 1002 });
    expect(lineMoment(events, 1001, 'half a line', 0)).toEqual({ at: 40, pid: 1001 });
    expect(lineMoment(events, 1001, 'no newline', 0)).toEqual({ at: 50, pid: 1001 });
    expect(lineMoment(events, 1001, 'tick', 2)).toBeNull();
  });
});
