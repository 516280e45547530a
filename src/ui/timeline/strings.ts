// The timeline's own UI strings, in English and Chinese (the chart's drawn labels stay English, like the trace).
import { useStore } from 'zustand';
import { appStore } from '../store/store';

const en = {
  region: 'Timeline',
  canvasLabel:
    'Timeline chart. Arrow keys pan, plus and minus zoom, Home and End jump, 0 fits. Up and down choose a process, ' +
    'brackets step through its spans, markers and arrows, Enter shows only its lines in the terminal, T shows the table.',
  empty: 'Run a program: each process becomes a row here, live.',
  resizeLabels: 'Width of the process names',
  resizeLabelsTitle: 'Drag to widen or narrow the names (← → when focused); double-click fits the longest name',
  fit: 'Fit',
  fitTitle: 'Show the whole run and follow it while it grows (double-click, 0, End)',
  table: 'Table',
  tableTitle: 'The same events as a table (T)',
  exportPng: 'PNG',
  exportSvg: 'SVG',
  exportChrome: 'Perfetto',
  exportTitle: (what: string) => `Download the chart as ${what}`,
  chromeTitle: 'Download the trace as Chrome Trace Event JSON: open it at ui.perfetto.dev or in DevTools (Performance)',
  open: 'Open trace…',
  openTitle: 'Show a trace written by `mpplay run --trace` or downloaded here',
  numbersKey: 'what these numbers mean',
  more: (n: number) => `+${n} more`,
  perProcess: 'running time per process',
  perProcessTitle: 'Program time each process spent running code (not sleeping, not waiting)',
  keys: '←/→ pan · wheel or +/− zoom · drag · double-click fits · ↑/↓ rows · [ ] items · Enter filters the terminal',
  replay: 'Replay',
  replayTitle: 'Replay the run: the chart and the terminal advance together',
  pause: 'Pause',
  replayDone: 'Whole run',
  replayDoneTitle: 'End the replay: show the whole run again',
  scrubber: 'Moment of the run',
  rate: 'Replay speed',
  colTime: 'time',
  colWho: 'process / object',
  colWhat: 'what',
  colDetail: 'detail',
  tableCaption: (n: number, shown: number) =>
    n > shown ? `The first ${shown} of ${n} chart items, in time order` : `${n} chart items, in time order`,
  legend: 'Legend',
  states: {
    running: ['running', 'executing code'],
    sleeping: ['sleeping', 'time.sleep(): stands in for work'],
    blocked: ['blocked', 'waits on an object: join(), get(), acquire()…'],
    zombie: ['zombie', 'exited, not yet joined by its parent'],
    terminating: ['terminated / killed', 'got SIGTERM or SIGKILL'],
    starting: ['starting', 'spawned, its worker booting'],
  } as Record<string, [string, string]>,
  marks: {
    task: 'Pool task',
    flow: 'item put → taken',
    lost: 'item never taken',
    exit: 'exit code',
    output: 'printed line',
    queue: 'queue depth',
  } as Record<string, string>,
};

export type TimelineStrings = typeof en;

const zh: TimelineStrings = {
  region: '时间线',
  canvasLabel:
    '时间线图。方向键平移, 加号减号缩放, Home 和 End 跳到开头结尾, 0 显示全部。上下键选进程, 方括号逐个查看它的区段、标记和箭头, 回车让终端只显示它的输出, T 显示表格。',
  empty: '运行一个程序: 每个进程在这里成为一行, 实时更新。',
  resizeLabels: '进程名一栏的宽度',
  resizeLabelsTitle: '拖动来调宽或调窄名字一栏 (获得焦点时用 ← →); 双击按最长的名字调整',
  fit: '全部',
  fitTitle: '显示整个运行过程, 并在运行时跟随 (双击, 0, End)',
  table: '表格',
  tableTitle: '用表格显示同样的事件 (T)',
  exportPng: 'PNG',
  exportSvg: 'SVG',
  exportChrome: 'Perfetto',
  exportTitle: (what) => `把图下载为 ${what}`,
  chromeTitle: '把 trace 下载为 Chrome Trace Event JSON: 在 ui.perfetto.dev 或 DevTools (Performance) 中打开',
  open: '打开 trace…',
  openTitle: '显示 `mpplay run --trace` 写出或在这里下载的 trace',
  numbersKey: '这些数字的含义',
  more: (n) => `还有 ${n} 个`,
  perProcess: '每个进程的运行时间',
  perProcessTitle: '每个进程执行代码的程序时间 (不含睡眠和等待)',
  keys: '←/→ 平移 · 滚轮或 +/− 缩放 · 拖动 · 双击显示全部 · ↑/↓ 行 · [ ] 逐项 · 回车过滤终端',
  replay: '回放',
  replayTitle: '回放这次运行: 图和终端一起前进',
  pause: '暂停',
  replayDone: '整个运行',
  replayDoneTitle: '结束回放: 再次显示整个运行',
  scrubber: '运行中的时刻',
  rate: '回放速度',
  colTime: '时间',
  colWho: '进程 / 对象',
  colWhat: '事件',
  colDetail: '详情',
  tableCaption: (n, shown) => (n > shown ? `按时间排序的前 ${shown} 项 (共 ${n} 项)` : `按时间排序的 ${n} 项`),
  legend: '图例',
  states: {
    running: ['运行', '正在执行代码'],
    sleeping: ['睡眠', 'time.sleep() (代表工作)'],
    blocked: ['阻塞', '等待一个对象: join(), get(), acquire()…'],
    zombie: ['僵尸', '已退出, 父进程还没有 join 它'],
    terminating: ['被终止 / 被杀死', '收到 SIGTERM 或 SIGKILL'],
    starting: ['启动中', '已创建, worker 正在启动'],
  },
  marks: {
    task: 'Pool 任务',
    flow: '放入 → 取走的项',
    lost: '没人取走的项',
    exit: '退出码',
    output: '打印的一行',
    queue: '队列长度',
  },
};

/** The timeline's strings in the page's language. */
export function useTimelineStrings(): TimelineStrings {
  return useStore(appStore, (s) => (s.lang === 'zh' ? zh : en));
}
