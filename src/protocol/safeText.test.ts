// A corpus of hostile strings (terminal attacks, bidi tricks, C1 bytes) and properties over any string: nothing unsafe survives.
/* eslint-disable no-control-regex -- this module exists to find control characters */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from './trace';
import { allowedSgr, safeEvent, safeItems, safeLines, safeName, safeOutput, safeTraceFile, stripSgr } from './safeText';

/** Any control character the terminal or a table would act on, except newline and tab. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe('safeOutput: a hostile corpus', () => {
  it.each([
    // [what, input, expected]
    ['a forged prefix after a carriage return', 'x\r[1001 Process-1] forged', 'x␍[1001 Process-1] forged'],
    ['cursor up and erase line', '\x1b[1A\x1b[2K', '␛[1A␛[2K'],
    ['conceal, which would hide the next lines', '\x1b[8mhidden', '␛[8mhidden'],
    ['conceal inside an otherwise fine SGR', '\x1b[31;8mx', '␛[31;8mx'],
    [
      'an OSC 8 link whose text is not its target',
      '\x1b]8;;https://evil.example\x07bank\x1b]8;;\x07',
      '␛]8;;https://evil.example␇bank␛]8;;␇',
    ],
    ['an OSC title with ST', '\x1b]0;pwned\x1b\\', '␛]0;pwned␛\\'],
    ['C1 CSI (8-bit)', '\x9b2J', '\ufffd2J'],
    ['C1 OSC and ST', '\x9d8;;x\x9c', '\ufffd8;;x\ufffd'],
    ['DCS', '\x1bP1$r\x1b\\', '␛P1$r␛\\'],
    ['private mode (hide cursor, alternate screen)', '\x1b[?25l\x1b[?1049h', '␛[?25l␛[?1049h'],
    ['cursor position, scroll region, clear screen', '\x1b[H\x1b[1;2r\x1b[2J\x1bc', '␛[H␛[1;2r␛[2J␛c'],
    ['NUL, BEL, backspace, vertical tab, form feed, DEL', 'a\x00b\x07c\x08d\x0be\x0cf\x7f', 'a␀b␇c␈d␋e␌f␡'],
    ['a colour with sub-parameters (colons)', '\x1b[38:2:1:2:3m', '␛[38:2:1:2:3m'],
    ['a truecolour value out of range', '\x1b[38;2;1;2;300m', '␛[38;2;1;2;300m'],
    ['a 256-colour escape cut short', '\x1b[38;5m', '␛[38;5m'],
    ['blink', '\x1b[5mx', '␛[5mx'],
    ['a huge parameter', `\x1b[${'9'.repeat(30)}m`, `␛[${'9'.repeat(30)}m`],
    ['a lone ESC at the end', 'done\x1b', 'done␛'],
    ['bidi override reversing a prefix', '\u202e]1-ssecorP 1001[', '\ufffd]1-ssecorP 1001['],
    ['bidi isolates', '\u2066x\u2069', '\ufffdx\ufffd'],
  ])('%s', (_what, input, expected) => {
    expect(safeOutput(input)).toBe(expected);
  });

  it('keeps plain colour and style escapes, newlines and tabs, CRLF as LF, and any other text as it is', () => {
    for (const kept of [
      '\x1b[31mred\x1b[0m',
      '\x1b[1;4;38;5;202mbold\x1b[m',
      '\x1b[38;2;10;20;30;48;2;0;0;0mtrue\x1b[39;49m',
      'a\tb\nc',
      '父进程 pid 1000 ✓ 🎉',
      'quotes " \' and \\ backslashes',
    ])
      expect(safeOutput(kept)).toBe(kept);
    expect(safeOutput('line\r\nnext\r\n')).toBe('line\nnext\n');
  });

  it('allowedSgr takes only styling parameters', () => {
    expect(['', '0', '1;31', '38;5;255', '48;2;0;0;0', '97;100', ';;1'].every(allowedSgr)).toBe(true);
    expect(['8', '5', '6', '10', '38', '38;5', '38;2;1;2', '38;5;256', '58;5;1', '1;8'].some(allowedSgr)).toBe(false);
  });
});

describe('names, lines and stripped text', () => {
  it('a name is one line: newlines and tabs are made visible too', () => {
    expect(safeName('Worker\n[1001 Process-1] x\tq')).toBe('Worker␊[1001 Process-1] x␉q');
    expect(safeName('\x1b[31mRed\x1b[0m')).toBe('␛[31mRed␛[0m'); // no colour in a name
    expect(safeName('消费者-1')).toBe('消费者-1');
  });

  it('a report keeps its lines, not its escapes', () => {
    expect(safeLines('a\r\nb\x1b[31mc\n')).toBe('a\nb␛[31mc\n');
  });

  it('stripSgr leaves only the text of a safe output', () => {
    expect(stripSgr(safeOutput('\x1b[1;31mboom\x1b[0m and \x1b[8mhidden'))).toBe('boom and ␛[8mhidden');
  });
});

describe('properties over any string', () => {
  const anyText = fc.string({
    unit: fc.oneof(
      fc.constantFrom('\x1b', '[', 'm', ';', '8', '\r', '\n', '\x9b'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)),
    ),
    maxLength: 60,
  });

  it('safeName leaves no control character at all, and is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = safeName(s);
        return !CONTROL.test(out) && !/[\n\t]/.test(out) && safeName(out) === out;
      }),
    );
  });

  it('safeOutput leaves ESC only at the start of an allowed SGR, no other control, and is idempotent', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = safeOutput(s);
        const rest = out.replace(/\x1b\[([0-9;]*)m/g, (m, p: string) => (allowedSgr(p) ? '' : m));
        return !CONTROL.test(rest) && !out.includes('\r') && safeOutput(out) === out;
      }),
    );
  });

  it('text without controls passes through unchanged (the same string)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        fc.pre(!CONTROL.test(s));
        return safeOutput(s) === s && safeLines(s) === s;
      }),
    );
  });
});

describe('events, packed items and trace files', () => {
  const base = { at: 0, pid: 1001, ppid: 1000 };

  it('every string a program chooses is made safe; events without any keep their identity', () => {
    const spawn: TraceEvent = { ...base, kind: 'spawn', name: 'evil\x1b[2J', daemon: false };
    const out: TraceEvent = { ...base, kind: 'output', stream: 'stdout', text: 'x\x1b[1Ay\n' };
    const blocked: TraceEvent = {
      ...base,
      kind: 'blocked',
      on: { obj: 'P\r', op: 'join', label: 'join(P\r)', timeout: null },
    };
    const task: TraceEvent = {
      ...base,
      kind: 'task',
      obj: 'Pool#1',
      phase: 'start',
      job: 1,
      chunk: 0,
      fn: 'f\x07',
      summary: '(\x9b)',
    };
    const plain: TraceEvent = { ...base, kind: 'output', stream: 'stdout', text: 'fine\n' };
    expect(safeEvent(spawn)).toMatchObject({ name: 'evil␛[2J' });
    expect(safeEvent(out)).toMatchObject({ text: 'x␛[1Ay\n' });
    expect(safeEvent(blocked)).toMatchObject({ on: { obj: 'P␍', label: 'join(P␍)' } });
    expect(safeEvent(task)).toMatchObject({ fn: 'f␇', summary: '(\ufffd)' });
    expect(safeEvent(plain)).toBe(plain);
    expect(spawn.name).toBe('evil\x1b[2J'); // the input is not changed
  });

  it('a deadlock report and its waits', () => {
    const ev: TraceEvent = {
      ...base,
      kind: 'deadlock',
      report: 'a\x1b[8m\nb',
      waits: [{ pid: 1001, name: 'x\n', on: 'get()', cause: 'c' }],
    };
    expect(safeEvent(ev)).toMatchObject({ report: 'a␛[8m\nb', waits: [{ name: 'x␊' }] });
  });

  it('packed items: object names and summaries', () => {
    const items = { names: ['Queue#1'], refs: ['"\x1b]8;;x\x07"', [1001]] } as unknown as Parameters<
      typeof safeItems
    >[0];
    const safe = safeItems(items);
    expect(safe.refs).toEqual(['"␛]8;;x␇"', [1001]]);
    const clean = { names: ['Queue#1'], refs: ['"ok"'] } as unknown as Parameters<typeof safeItems>[0];
    expect(safeItems(clean)).toBe(clean);
  });

  it('a trace file: its processes, events and title', () => {
    const file = safeTraceFile({
      format: 'mpplay-trace',
      version: 1,
      meta: { file: 'x\x1b.ts', speed: 1, seed: 0, startedAt: '' },
      processes: [{ pid: 1001, name: 'a\rb', daemon: false, exitCode: 0 }],
      events: [{ ...base, kind: 'spawn', name: 'a\rb', daemon: false }],
      result: null,
    });
    expect([file.meta.file, file.processes[0]!.name, (file.events[0] as { name: string }).name]).toEqual([
      'x␛.ts',
      'a␍b',
      'a␍b',
    ]);
  });
});
