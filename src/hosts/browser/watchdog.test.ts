// The run watchdog with a fake clock: a kernel that never loads, never answers Run, or falls silent is given up.
import { describe, expect, it } from 'vitest';
import { RunWatchdog, WATCH_EVERY_MS, type WatchdogVerdict } from './watchdog';

function setup(booted = false) {
  let now = 0;
  let tick: (() => void) | null = null;
  let cleared = false;
  const verdicts: WatchdogVerdict[] = [];
  const dog = new RunWatchdog(
    {
      startMs: 3000,
      answerMs: 4000,
      silenceMs: 5000,
      onTimeout: (v) => verdicts.push(v),
      now: () => now,
      setInterval: (fn) => (tick = fn),
      clearInterval: () => void (cleared = true),
    },
    booted,
  );
  /** Lets `ms` pass with the page's timers firing as they should. */
  const pass = (ms: number) => {
    for (let t = 0; t < ms; t += WATCH_EVERY_MS) {
      now += WATCH_EVERY_MS;
      tick?.();
    }
  };
  return {
    dog,
    verdicts,
    pass,
    cleared: () => cleared,
    /** The page's main thread is frozen for `ms`: no timer fires, then one does. */
    freeze: (ms: number) => {
      now += ms;
      tick?.();
    },
  };
}

describe('RunWatchdog', () => {
  it('gives up a kernel worker that never loads, once the start time is over, and only once', () => {
    const s = setup();
    s.pass(3000);
    expect(s.verdicts).toEqual([]);
    s.pass(WATCH_EVERY_MS);
    expect(s.verdicts).toEqual(['load']);
    expect(s.cleared()).toBe(true);
    s.pass(10_000);
    expect(s.verdicts).toEqual(['load']);
  });

  it('gives a loaded kernel its own, longer time to answer Run (it compiles the program)', () => {
    const s = setup();
    s.pass(2500);
    s.dog.heard('booted');
    s.pass(4000);
    expect(s.verdicts).toEqual([]);
    s.pass(WATCH_EVERY_MS);
    expect(s.verdicts).toEqual(['start']);
  });

  it('a kernel booted ahead of the run is judged on answering Run, not on loading', () => {
    const s = setup(true);
    s.pass(3500);
    expect(s.verdicts).toEqual([]);
    s.pass(1000);
    expect(s.verdicts).toEqual(['start']);
  });

  it('a started kernel may stay busy as long as it says it is alive; silence ends it', () => {
    const s = setup();
    s.dog.heard('booted');
    s.dog.heard('started');
    for (let i = 0; i < 20; i++) {
      s.pass(1000);
      s.dog.heard();
    }
    expect(s.verdicts).toEqual([]);
    s.pass(5000);
    expect(s.verdicts).toEqual([]);
    s.pass(WATCH_EVERY_MS);
    expect(s.verdicts).toEqual(['silence']);
  });

  it('does not blame the kernel for a pause of the page itself (its messages may still be queued)', () => {
    const s = setup();
    s.dog.heard('booted');
    s.dog.heard('started');
    s.freeze(60_000);
    expect(s.verdicts).toEqual([]);
    s.pass(5000);
    expect(s.verdicts).toEqual([]);
    s.pass(WATCH_EVERY_MS);
    expect(s.verdicts).toEqual(['silence']);
  });

  it('says nothing after stop()', () => {
    const s = setup();
    s.dog.stop();
    s.pass(60_000);
    expect(s.verdicts).toEqual([]);
    expect(s.cleared()).toBe(true);
  });
});
