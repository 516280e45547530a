// A browser's stderr as the engines' tests keep it: its last lines, for a failure to quote, and each crash of its
// page process counted as it is printed.

/** What MiniBrowser prints when the page's web process dies under it (`** (MiniBrowser:…): WARNING **: …`). */
export const WEBKIT_CRASHED = 'WebProcess CRASHED';

export class BrowserLog {
  private text = '';
  /** The end of what came before the last chunk, so a marker split between two chunks is counted, once. */
  private tail = '';
  private count = 0;

  constructor(
    private readonly marker: string,
    private readonly keep = 4000,
  ) {}

  /** Takes the next chunk of the stream; returns how many crashes it told of. */
  add(chunk: string): number {
    this.text = (this.text + chunk).slice(-this.keep);
    const seen = this.tail + chunk;
    const crashes = occurrences(seen, this.marker) - occurrences(this.tail, this.marker);
    this.tail = seen.slice(-(this.marker.length - 1));
    this.count += crashes;
    return crashes;
  }

  /** The last `keep` characters printed. */
  get last(): string {
    return this.text;
  }

  /** The crashes told of so far. */
  get crashes(): number {
    return this.count;
  }
}

function occurrences(s: string, marker: string): number {
  let n = 0;
  for (let i = s.indexOf(marker); i >= 0; i = s.indexOf(marker, i + marker.length)) n++;
  return n;
}
