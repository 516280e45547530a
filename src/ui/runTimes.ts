// A run's two times, named and formatted as in the chart's header and exports: real time and program time.
import { formatSpan, NUMBER_WORDS, type ChartLang } from '../trace/numbers';

/** `real time 720 ms · program time 3.09 s` (either left out when unknown); '' when neither is known. */
export function runTimes(lang: ChartLang, realMs: number | null, programMs: number | null): string {
  const w = NUMBER_WORDS[lang];
  const parts: string[] = [];
  if (realMs !== null) parts.push(`${w.realTime.name} ${formatSpan(realMs)}`);
  if (programMs !== null) parts.push(`${w.programTime.name} ${formatSpan(programMs)}`);
  return parts.join(' · ');
}
