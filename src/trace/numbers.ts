// One definition of each number mpplay reports about a run: its name and what it means, in English and Chinese.
// The page, the embed, the exports (SVG, PNG, Chrome trace) and the CLI all name and explain them from here.
import { formatDuration } from './time';

/** The languages of the words the chart draws (the page's UI languages). */
export type ChartLang = 'en' | 'zh';

/** The numbers of a run. */
export type NumberId =
  | 'programTime'
  | 'realTime'
  | 'running'
  | 'sleeping'
  | 'parallelism'
  | 'poolTime'
  | 'taskConcurrency'
  | 'poolSpeedup'
  | 'items';

export interface NumberWords {
  /** What the page, the exports and the CLI call it. */
  name: string;
  /** How it is measured, for a tooltip or a legend line. */
  means: string;
}

const EN: Record<NumberId, NumberWords> = {
  programTime: {
    name: 'program time',
    means:
      "the run's own clock (what time.time() in the program reads), from start to end; at speed ×N it passes N times faster than real time while every process sleeps or waits, never while one computes",
  },
  realTime: {
    name: 'real time',
    means: 'how long the run took on the wall clock beside you, from Run to the end',
  },
  running: {
    name: 'Σ running',
    means:
      'program time that processes spent running code, summed over every process (sleeping and waiting do not count)',
  },
  sleeping: {
    name: 'Σ sleeping',
    means: 'program time spent in time.sleep(), summed over every process: the examples sleep to stand in for work',
  },
  parallelism: {
    name: 'parallelism',
    means:
      'Σ running ÷ program time: how many processes ran code at once, on average (more than the cores there are means they took turns on them)',
  },
  poolTime: {
    name: 'pool time',
    means:
      'from Pool(…) to the end of its last task, in program time: what the program itself measures around the pool',
  },
  taskConcurrency: {
    name: 'tasks at once',
    means: "the pool's task time summed ÷ the time from its first task's start to its last task's end",
  },
  poolSpeedup: {
    name: 'speed-up',
    means:
      'pool time of the first pool that ran the same tasks ÷ this pool time: above 1, this pool was faster (as the program computes it)',
  },
  items: {
    name: 'items',
    means: 'items taken from queues and pipes, of those put; those never taken were still there when the run ended',
  },
};

const ZH: Record<NumberId, NumberWords> = {
  programTime: {
    name: '程序时间',
    means:
      '这次运行自己的时钟 (程序里 time.time() 读到的时间), 从开始到结束; 速度 ×N 时, 所有进程都在睡眠或等待时它比真实时间快 N 倍, 有进程在计算时从不加快',
  },
  realTime: {
    name: '真实时间',
    means: '这次运行按你身边的挂钟用了多久, 从按运行到结束',
  },
  running: {
    name: 'Σ 运行',
    means: '各进程执行代码的程序时间之和 (睡眠和等待不算)',
  },
  sleeping: {
    name: 'Σ 睡眠',
    means: '各进程在 time.sleep() 中的程序时间之和: 示例用睡眠代表工作',
  },
  parallelism: {
    name: '并行度',
    means: 'Σ 运行 ÷ 程序时间: 平均同时有几个进程在执行代码 (比 CPU 核多时, 它们轮流使用这些核)',
  },
  poolTime: {
    name: '进程池用时',
    means: '从 Pool(…) 到它最后一个任务结束的程序时间: 也就是程序自己围绕进程池测出的时间',
  },
  taskConcurrency: {
    name: '同时进行的任务',
    means: '进程池各任务用时之和 ÷ 从第一个任务开始到最后一个任务结束的时间',
  },
  poolSpeedup: {
    name: '加速比',
    means: '第一个做同样任务的进程池的用时 ÷ 这个进程池的用时: 大于 1 说明这个进程池更快 (和程序自己算的一样)',
  },
  items: {
    name: '项',
    means: '从队列和管道取走的项 / 放入的项; 没人取走的项在运行结束时还在里面',
  },
};

/** The small phrases around the numbers. */
export interface NumberPhrases {
  tasks: (n: number) => string;
  against: (pool: string) => string;
  taken: (taken: number, put: number) => string;
  lost: (n: number) => string;
}

export const NUMBER_PHRASES: Readonly<Record<ChartLang, NumberPhrases>> = {
  en: {
    tasks: (n) => `${n} task${n === 1 ? '' : 's'}`,
    against: (pool) => `vs ${pool}`,
    taken: (taken, put) => `${taken}/${put} taken`,
    lost: (n) => `${n} never taken`,
  },
  zh: {
    tasks: (n) => `${n} 个任务`,
    against: (pool) => `对比 ${pool}`,
    taken: (taken, put) => `取走 ${taken}/${put}`,
    lost: (n) => `${n} 个没人取`,
  },
};

/** The numbers' names and meanings per language. */
export const NUMBER_WORDS: Readonly<Record<ChartLang, Readonly<Record<NumberId, NumberWords>>>> = { en: EN, zh: ZH };

/** A ratio as the page shows it: `1.69×`. */
export function formatRatio(x: number): string {
  return `${x.toFixed(2)}×`;
}

/** A duration as every report shows it (`3.09 s`, `850 ms`). */
export function formatSpan(ms: number): string {
  return formatDuration(ms);
}
