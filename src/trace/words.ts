// The words the chart draws (on the canvas and in exported images) and says (tooltips), in English and Chinese.
// The trace layer cannot read the page's i18n tables, so the chart's own table lives here; the page's timeline
// strings (src/ui/timeline/strings.ts) pass it on with the rest.
import type { ChartLang } from './numbers';

export interface ChartWords {
  lang: ChartLang;
  /** The label column's headings. */
  headProcess: string;
  headRunning: string;
  /** A pool row: `Pool#1 (5 workers)`. */
  workers: (n: number) => string;
  /** A group row: a process's many children, `200 processes`. */
  children: (n: number) => string;
  /** A group row's plot: how many of them were alive at most. */
  aliveMax: (n: number) => string;
  /** A queue row: `Queue#1 depth`, and its highest depth. */
  depth: string;
  maxDepth: (n: number) => string;
  /** The title of an exported chart without a file name. */
  exportTitle: string;
}

const EN: ChartWords = {
  lang: 'en',
  headProcess: 'process',
  headRunning: 'running',
  workers: (n) => `(${n} worker${n === 1 ? '' : 's'})`,
  children: (n) => `${n} processes`,
  aliveMax: (n) => `at most ${n} alive at once`,
  depth: 'depth',
  maxDepth: (n) => `max ${n}`,
  exportTitle: 'mpplay timeline',
};

const ZH: ChartWords = {
  lang: 'zh',
  headProcess: '进程',
  headRunning: '运行',
  workers: (n) => `(${n} 个 worker)`,
  children: (n) => `${n} 个进程`,
  aliveMax: (n) => `最多同时 ${n} 个存活`,
  depth: '长度',
  maxDepth: (n) => `最多 ${n}`,
  exportTitle: 'mpplay 时间线',
};

/** The chart's words per language. */
export const CHART_WORDS: Readonly<Record<ChartLang, ChartWords>> = { en: EN, zh: ZH };
