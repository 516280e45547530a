// Turns output trace events into terminal text: whole lines, each prefixed `[pid name]` in a per-process colour.
import type { TraceEvent } from '../protocol/trace';

const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
/** stderr text: bright red, so tracebacks stand out from prints. */
const STDERR = '\x1b[38;2;255;110;110m';
/** pid 0 is the kernel itself (the deadlock report): its lines are labelled as mpplay's, in bold. */
const KERNEL = { name: 'mpplay', colour: '\x1b[1m' };

/** Per-process colours on a dark background, by spawn order (MainProcess first). */
const PALETTE: readonly (readonly [number, number, number])[] = [
  [97, 175, 239], // blue
  [152, 195, 121], // green
  [229, 192, 123], // yellow
  [198, 120, 221], // magenta
  [86, 182, 194], // cyan
  [209, 154, 102], // orange
  [255, 153, 204], // pink
  [171, 178, 191], // grey
];

/** The ANSI colour escape for the process spawned `index`-th. */
export function pidColour(index: number): string {
  const [r, g, b] = PALETTE[index % PALETTE.length] ?? PALETTE[0]!;
  return `\x1b[38;2;${r};${g};${b}m`;
}

/** The CSS colour for the process spawned `index`-th (the process table uses the same ones). */
export function pidCssColour(index: number): string {
  const [r, g, b] = PALETTE[index % PALETTE.length] ?? PALETTE[0]!;
  return `rgb(${r}, ${g}, ${b})`;
}

/** A line the page itself writes (not a process): dim, set apart. */
export function systemLine(text: string): string {
  return `${DIM}${text}${RESET}\r\n`;
}

/** An error line the page writes (compile errors, host failures). */
export function errorLine(text: string): string {
  return `${STDERR}${text.replace(/\n/g, '\r\n')}${RESET}\r\n`;
}

/**
 * Keeps each process's partial line per stream until its newline arrives, so prints from several
 * processes never interleave inside one line. One formatter per run.
 */
export class OutputFormatter {
  private readonly names = new Map<number, { name: string; index: number }>();
  private readonly partial = new Map<string, string>();
  /** Shows only this process's lines (the chart's row filter); the others are still followed, not shown. */
  only: number | null = null;

  /** Text to write for a batch of events (spawn events teach it names; output events produce lines). */
  format(batch: readonly TraceEvent[]): string {
    let out = '';
    for (const ev of batch) {
      if (ev.kind === 'spawn') this.names.set(ev.pid, { name: ev.name, index: this.names.size });
      else if (ev.kind === 'output') out += this.output(ev.pid, ev.stream, ev.text);
      else if (ev.kind === 'exit') out += this.flushPid(ev.pid);
    }
    return out;
  }

  /** Every partial line still held (at the end of a run), terminated. */
  flush(): string {
    let out = '';
    for (const [key, text] of this.partial) {
      const [pid, stream] = key.split(':');
      out += this.line(Number(pid), stream as 'stdout' | 'stderr', text);
    }
    this.partial.clear();
    return out;
  }

  private flushPid(pid: number): string {
    let out = '';
    for (const stream of ['stdout', 'stderr'] as const) {
      const key = `${pid}:${stream}`;
      const text = this.partial.get(key);
      if (text !== undefined) {
        out += this.line(pid, stream, text);
        this.partial.delete(key);
      }
    }
    return out;
  }

  private output(pid: number, stream: 'stdout' | 'stderr', text: string): string {
    const key = `${pid}:${stream}`;
    const parts = ((this.partial.get(key) ?? '') + text).split('\n');
    const rest = parts.pop() ?? '';
    if (rest) this.partial.set(key, rest);
    else this.partial.delete(key);
    return parts.map((l) => this.line(pid, stream, l)).join('');
  }

  private line(pid: number, stream: 'stdout' | 'stderr', text: string): string {
    if (this.only !== null && pid !== this.only) return '';
    const who = this.names.get(pid) ?? { name: '?', index: 0 };
    const prefix =
      pid === 0
        ? `${KERNEL.colour}[0 ${KERNEL.name}]${RESET} `
        : `${pidColour(who.index)}[${pid} ${who.name}]${RESET} `;
    // The text's own colours (safeOutput keeps plain SGR) end with its line: never into the next one.
    const body = stream === 'stderr' ? `${STDERR}${text}` : text;
    return `${prefix}${body}${RESET}\r\n`;
  }
}
