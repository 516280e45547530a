// A process's count of what the run's queues and pipes hold (RunLimits): the kernel's answers and its `freed`
// messages may come in either order in one batch, and each byte freed counts once.
import { describe, expect, it } from 'vitest';
import type { ProcessInit } from '../protocol/messages';
import { type HeldAnswer, RunLimits } from './runLimits';

/** Limits with a cap of `cap` held bytes, and the kernel's answer to the next `held` question as a function. */
function limits(cap: number) {
  const asked: ((a: HeldAnswer) => void)[] = [];
  const l = new RunLimits(() => new Promise<HeldAnswer>((r) => asked.push(r)));
  l.reset({ limits: { processes: 10, heldBytes: cap }, room: 10 } as ProcessInit);
  return { l, answer: (a: HeldAnswer) => asked.shift()!(a) };
}

describe('RunLimits: held bytes', () => {
  it('a freed message that comes before the answer it follows (one batch) is not counted twice', async () => {
    const { l, answer } = limits(1000);
    expect(l.chargeHeld(100)).toBe(true); // put: 100 held
    const asking = l.recountHeld(); // the question goes after that put
    // The kernel counted the put (100), answered [100 held, 0 freed], then a consumer took it: the batch leads
    // with `freed` 100 (Outboxes.flush), before the answer.
    l.onFreed(100);
    answer([100, 0]);
    await asking;
    expect(l.chargeHeld(1000)).toBe(true); // nothing is held: the whole cap fits
    expect(l.chargeHeld(1)).toBe(false);
  });

  it('what is freed after an answer makes room at once; an older word on freed bytes changes nothing', async () => {
    const { l, answer } = limits(1000);
    const asking = l.recountHeld();
    answer([900, 50]); // others' items: 900 held, 50 freed so far
    await asking;
    expect(l.chargeHeld(200)).toBe(false);
    l.onFreed(250); // 200 more were taken
    expect(l.chargeHeld(300)).toBe(true); // 700 + 300
    l.onFreed(200); // older than what it knows: ignored
    expect(l.chargeHeld(1)).toBe(false);
  });
});
