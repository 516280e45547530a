// The terminal's line formatting: prefixes, per-process partial lines, stderr colour.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { OutputFormatter } from './terminalFormat';

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex

const spawn = (pid: number, name: string): TraceEvent => ({ kind: 'spawn', at: 0, pid, ppid: 0, name, daemon: false });
const out = (pid: number, text: string, stream: 'stdout' | 'stderr' = 'stdout'): TraceEvent => ({
  kind: 'output',
  at: 0,
  pid,
  ppid: 0,
  stream,
  text,
});

describe('OutputFormatter', () => {
  it('prefixes every line with [pid name]', () => {
    const f = new OutputFormatter();
    const text = f.format([spawn(1000, 'MainProcess'), out(1000, 'a\nb\n')]);
    expect(plain(text)).toBe('[1000 MainProcess] a\r\n[1000 MainProcess] b\r\n');
  });

  it('holds a partial line per process until its newline, so lines never interleave', () => {
    const f = new OutputFormatter();
    let text = f.format([spawn(1000, 'MainProcess'), spawn(1001, 'Process-1'), out(1000, 'hel'), out(1001, 'x\n')]);
    text += f.format([out(1000, 'lo\n')]);
    expect(plain(text)).toBe('[1001 Process-1] x\r\n[1000 MainProcess] hello\r\n');
  });

  it('flushes a partial line when its process exits or the run ends', () => {
    const f = new OutputFormatter();
    const a = f.format([
      spawn(1000, 'MainProcess'),
      out(1000, 'no newline'),
      { kind: 'exit', at: 0, pid: 1000, ppid: 0, code: 0, reason: 'returned' },
    ]);
    expect(plain(a)).toBe('[1000 MainProcess] no newline\r\n');
    f.format([spawn(1001, 'Process-1'), out(1001, 'tail', 'stderr')]);
    expect(plain(f.flush())).toBe('[1001 Process-1] tail\r\n');
    expect(f.flush()).toBe('');
  });

  it('colours stderr differently from stdout and each process differently', () => {
    const f = new OutputFormatter();
    const text = f.format([
      spawn(1000, 'MainProcess'),
      spawn(1001, 'Process-1'),
      out(1000, 'o\n'),
      out(1000, 'e\n', 'stderr'),
      out(1001, 'o\n'),
    ]);
    const [l1, l2, l3] = text.split('\r\n');
    expect(l1).not.toBe(l2);
    expect(l2).toContain('\x1b[38;2;255;110;110m');
    expect(l1?.slice(0, 20)).not.toBe(l3?.slice(0, 20));
  });

  it("labels the kernel's own output (pid 0, the deadlock report) as mpplay's, not an unknown process", () => {
    const f = new OutputFormatter();
    const report = 'mpplay: deadlock: …\n  MainProcess (pid 1000) waits in JoinableQueue#1.join(): …\n';
    const text = f.format([spawn(1000, 'MainProcess'), out(1000, 'x\n'), out(0, report, 'stderr')]);
    expect(plain(text)).toBe(
      '[1000 MainProcess] x\r\n[0 mpplay] mpplay: deadlock: …\r\n[0 mpplay]   MainProcess (pid 1000) waits in JoinableQueue#1.join(): …\r\n',
    );
    const [main, kernel] = text.split('\r\n');
    expect(kernel?.slice(0, 12)).not.toBe(main?.slice(0, 12)); // not MainProcess's colour either
  });

  it("a line's own colour ends with it: every line ends in a reset, so nothing carries into the next one", () => {
    const f = new OutputFormatter();
    const text = f.format([spawn(1000, 'MainProcess'), out(1000, '\x1b[31mred, never reset\nnext\n')]);
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l.endsWith('\x1b[0m')).toBe(true);
  });
});
