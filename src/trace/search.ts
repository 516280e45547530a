// Binary searches over a row's time-ordered lists (spans, tasks, markers, depth steps): draw only what is in view.
import type { Time } from './time';

/** Index of the first item that ends at or after t (the items are in time order). */
export function firstEndingAfter<T extends { end: Time }>(list: readonly T[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as T).end < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first item at or after t. */
export function firstAtOrAfter<T extends { at: Time }>(list: readonly T[], t: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as T).at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
