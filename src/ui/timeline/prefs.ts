// What the chart remembers in this browser: the width of its label column.
const GUTTER_KEY = 'mpplay.chart.labelWidth';

/** The label column's width the user chose last (this browser), or null. */
export function loadGutter(): number | null {
  try {
    const v = Number(globalThis.localStorage?.getItem(GUTTER_KEY));
    return Number.isFinite(v) && v > 0 ? v : null;
  } catch {
    return null; // storage may be blocked (a sandboxed embed)
  }
}

export function saveGutter(w: number | null): void {
  try {
    if (w === null) globalThis.localStorage?.removeItem(GUTTER_KEY);
    else globalThis.localStorage?.setItem(GUTTER_KEY, String(w));
  } catch {
    // not remembered: fine
  }
}
