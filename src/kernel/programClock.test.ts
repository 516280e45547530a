// The program clock: rate changes re-anchor time and re-arm timers.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testkit/inProcess';
import { ProgramClock } from './programClock';

describe('ProgramClock', () => {
  it('runs at 1x until idle, then at the speed; a timer fires after its program-time delay either way', () => {
    const wall = new FakeClock();
    const t = new ProgramClock(wall, 10);
    const fired: number[] = [];
    t.after(2000, () => fired.push(t.now()));
    wall.t += 500; // busy: 500 program ms
    expect(t.now()).toBe(500);
    t.setIdle(true); // from now on 10x
    expect(t.version).toBe(1);
    expect(wall.advance()).toBe(true); // the re-armed wall timer: 1500 program ms at 10x = 150 wall ms
    expect(fired).toEqual([2000]);
    expect(t.mapping()).toMatchObject({ prog: 500, rate: 10 });
    t.setIdle(true); // no change, no new version
    expect(t.version).toBe(1);
  });

  it('cancels timers and never fires them', () => {
    const wall = new FakeClock();
    const t = new ProgramClock(wall, 2);
    const id = t.after(100, () => {
      throw new Error('cancelled timer fired');
    });
    t.cancel(id);
    expect(wall.advance()).toBe(false);
  });

  it('never asks the host for a timer longer than setTimeout takes (a month-long sleep wakes it up on the way)', () => {
    const wall = new FakeClock();
    const asked: number[] = [];
    const setTimer = wall.setTimer.bind(wall);
    wall.setTimer = (ms, fn) => (asked.push(ms), setTimer(ms, fn));
    const t = new ProgramClock(wall, 1);
    const fired: number[] = [];
    const month = 30 * 24 * 3600 * 1000;
    t.after(month, () => fired.push(t.now()));
    while (wall.advance());
    expect(fired).toEqual([month]);
    expect(Math.max(...asked)).toBeLessThanOrEqual(2 ** 31 - 1);
    expect(asked.length).toBe(2);
  });
});
