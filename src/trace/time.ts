// Program time as a branded type, so a pixel or a wall-clock number never passes for a moment of the run.
import type { ProgramMs } from '../protocol/trace';

declare const timeBrand: unique symbol;

/**
 * A moment of the run in program milliseconds (the trace's `at`). Make one with `time()`; plain numbers
 * (pixels, wall-clock ms) do not type-check where a `Time` is expected.
 */
export type Time = number & { readonly [timeBrand]: 'program-ms' };

/** Brands a trace timestamp (or any program-ms number) as a `Time`. */
export function time(ms: ProgramMs | number): Time {
  return ms as Time;
}

/** The later of two moments. */
export function maxTime(a: Time, b: Time): Time {
  return (a > b ? a : b) as Time;
}

/** The earlier of two moments. */
export function minTime(a: Time, b: Time): Time {
  return (a < b ? a : b) as Time;
}

/** `t` moved by `ms` program milliseconds. */
export function addMs(t: Time, ms: number): Time {
  return (t + ms) as Time;
}

/**
 * A duration for people: `850 µs`, `12.4 ms`, `1.25 s`, `2 min 5 s`. `digits` caps the significant
 * decimals for seconds and milliseconds.
 */
export function formatDuration(ms: number, digits = 2): string {
  const a = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  if (a === 0) return '0 s';
  if (a < 1) return `${sign}${trim((a * 1000).toFixed(a < 0.01 ? 1 : 0))} µs`;
  if (a < 1000) return `${sign}${trim(a.toFixed(a < 10 ? Math.min(digits, 2) : a < 100 ? 1 : 0))} ms`;
  if (a < 60_000) return `${sign}${trim((a / 1000).toFixed(digits))} s`;
  const min = Math.floor(a / 60_000);
  const s = Math.round((a - min * 60_000) / 1000);
  return `${sign}${min} min${s ? ` ${s} s` : ''}`;
}

/** A moment for a tooltip: seconds with millisecond precision, `1.075 s`. */
export function formatTime(t: Time): string {
  return `${(t / 1000).toFixed(3)} s`;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
