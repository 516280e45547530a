// The run's numbers as text, the same everywhere: the page's header, the embed, exported images, Chrome traces, the CLI.
import { formatRatio, formatSpan, NUMBER_PHRASES, NUMBER_WORDS, type ChartLang, type NumberId } from './numbers';
import type { PoolSummary, Summary } from './summary';

/** One number as shown: `program time` `3.09 s`, with what it means (a tooltip, a legend line). */
export interface SummaryItem {
  id: NumberId;
  /** A stable key (a pool's items repeat their ids). */
  key: string;
  /** The number's name, or the pool's name for a pool's numbers. */
  label: string;
  value: string;
  means: string;
  /** Something to warn about (items never taken). */
  warn?: string;
}

/** Every number of a summary, in the order the page shows them; numbers that do not apply are left out. */
export function summaryItems(s: Summary, lang: ChartLang = 'en'): SummaryItem[] {
  const w = NUMBER_WORDS[lang];
  const ph = NUMBER_PHRASES[lang];
  const item = (id: NumberId, value: string, key: string = id): SummaryItem => ({
    id,
    key,
    label: w[id].name,
    value,
    means: w[id].means,
  });
  const out = [item('programTime', formatSpan(s.programMs))];
  if (s.realMs !== null) out.push(item('realTime', formatSpan(s.realMs)));
  out.push(item('running', formatSpan(s.runningMs)));
  if (s.sleepingMs > 0) out.push(item('sleeping', formatSpan(s.sleepingMs)));
  out.push(item('parallelism', formatRatio(s.parallelism)));
  for (const p of s.pools) if (p.tasks > 0) out.push(poolItem(p, lang));
  if (s.items.put > 0) {
    const it = item('items', ph.taken(s.items.taken, s.items.put));
    if (s.items.lost > 0) it.warn = ph.lost(s.items.lost);
    out.push(it);
  }
  return out;
}

/** A pool's numbers in one item: `Pool#2` `8 tasks · pool time 1.2 s · tasks at once 1.69× · speed-up 0.82× vs Pool#1`. */
function poolItem(p: PoolSummary, lang: ChartLang): SummaryItem {
  const w = NUMBER_WORDS[lang];
  const ph = NUMBER_PHRASES[lang];
  const parts = [
    ph.tasks(p.tasks),
    `${w.poolTime.name} ${formatSpan(p.poolMs)}`,
    `${w.taskConcurrency.name} ${formatRatio(p.concurrency)}`,
  ];
  const means = [`${w.poolTime.name}: ${w.poolTime.means}`, `${w.taskConcurrency.name}: ${w.taskConcurrency.means}`];
  if (p.speedup) {
    parts.push(`${w.poolSpeedup.name} ${formatRatio(p.speedup.ratio)} ${ph.against(p.speedup.against)}`);
    means.push(`${w.poolSpeedup.name}: ${w.poolSpeedup.means}`);
  }
  return { id: 'poolTime', key: p.key, label: p.name, value: parts.join(' · '), means: means.join('\n') };
}

/** The numbers on one line, as exports and the CLI print them: `program time 3.09 s · Σ running 20 ms · …`. */
export function summaryLine(s: Summary, lang: ChartLang = 'en'): string {
  return summaryItems(s, lang)
    .map((i) => `${i.id === 'poolTime' ? `${i.label}:` : i.label} ${i.value}${i.warn ? ` (${i.warn})` : ''}`)
    .join(' · ');
}

/** What the numbers mean, one `name: meaning` per number shown: an export's key to its header line. */
export function summaryMeanings(s: Summary, lang: ChartLang = 'en'): string[] {
  const w = NUMBER_WORDS[lang];
  const ids = new Set<NumberId>(summaryItems(s, lang).map((i) => i.id));
  const out: string[] = [];
  for (const id of ids) {
    if (id === 'poolTime') {
      out.push(`${w.poolTime.name}: ${w.poolTime.means}`, `${w.taskConcurrency.name}: ${w.taskConcurrency.means}`);
      if (s.pools.some((p) => p.speedup)) out.push(`${w.poolSpeedup.name}: ${w.poolSpeedup.means}`);
    } else out.push(`${w[id].name}: ${w[id].means}`);
  }
  return out;
}
