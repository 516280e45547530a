// The real clock for both hosts: epoch ms with sub-ms precision, the same base the runtime uses.
import type { Clock } from '../kernel/host';
import { epochNow } from '../protocol/epoch';

export const systemClock: Clock = {
  now: epochNow,
  setTimer: (ms, fn) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
