// A program's process names reach the stepping panel and the schedule strip through the ask message and the
// controlled end: their control characters must come out visible, whatever else the messages hold unchanged.
import { describe, expect, it } from 'vitest';
import type { AskMessage } from '../hosts/browser/asking';
import type { ControlledEnd } from '../hosts/browser/exploreProtocol';
import { safeAsk, safeControlled } from './safeRunText';

const ESC = '\x1b';
const RLO = '\u202e';

describe('safeRunText', () => {
  it('makes every decision mark label safe, keeping the rest of the controlled end', () => {
    const end: ControlledEnd = {
      choices: [1, 0],
      seed: 7,
      shared: true,
      marks: [
        { step: 3, pid: 1001, label: `start ${ESC}[2J${RLO}evil\r`, at: 12, mattered: true },
        { step: 5, pid: 1000, label: 'Lock#1.acquire()', at: 20, mattered: false },
      ],
      marksCut: false,
    };
    const safe = safeControlled(end);
    expect(safe.marks.map((m) => m.label)).toEqual(['start \u241b[2J\ufffdevil\u240d', 'Lock#1.acquire()']);
    expect({ ...safe, marks: safe.marks.map(({ label: _, ...m }) => m) }).toEqual({
      ...end,
      marks: end.marks.map(({ label: _, ...m }) => m),
    });
  });

  it("makes every option's process name and step label safe", () => {
    const ask: AskMessage = {
      t: 'ask',
      step: 4,
      at: 30,
      options: [{ slot: 1, pid: 1001, name: `w${ESC}]8;;http://x${ESC}\\`, label: `put('a\nb')` }],
      matters: true,
      script: [0, 1],
      shared: false,
    };
    const safe = safeAsk(ask);
    expect(safe.options).toEqual([
      { slot: 1, pid: 1001, name: 'w\u241b]8;;http://x\u241b\\', label: "put('a\u240ab')" },
    ]);
    expect({ ...safe, options: [] }).toEqual({ ...ask, options: [] });
  });
});
