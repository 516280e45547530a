// The short description of a queue item or pipe message that the trace and tooltips show; made by the kernel,
// or by a process that sends by a pipe's direct link (the kernel never sees those values).

/** A short, safe description of an item for the trace and tooltips. */
export function summarize(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) s = String(v);
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = Object.prototype.toString.call(v);
    }
  }
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
