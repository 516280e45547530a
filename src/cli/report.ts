// What `mpplay run` writes about a finished run besides its output: the chart (`--svg`) and its numbers (`--summary`).
import type { TraceFile } from '../protocol/trace';
import { layoutTraceFile } from '../trace/layout';
import { summarize } from '../trace/summary';
import { summaryLine, summaryMeanings } from '../trace/summaryText';
import { toSvg } from '../trace/svg';

/** The chart of a run as SVG: the page's SVG export of the same trace, byte for byte. */
export function svgReport(file: TraceFile): string {
  return toSvg(layoutTraceFile(file), { title: file.meta.file, realMs: file.result?.wallMs ?? null });
}

/**
 * The run's numbers as the page's header and the exports name them, then what each means:
 * `mpplay: program time 5.12 s · real time 0.56 s · Σ running 31 ms · …`.
 */
export function summaryReport(file: TraceFile): string {
  const s = summarize(layoutTraceFile(file), file.result?.wallMs ?? null);
  return [`mpplay: ${summaryLine(s)}`, ...summaryMeanings(s).map((m) => `  ${m}`), ''].join('\n');
}
