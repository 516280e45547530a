// The words the chart draws (on the canvas and in exported images) and says (tooltips, the table view), in English
// and Chinese. The trace layer cannot read the page's i18n tables, so the chart's own table lives here; the page's
// timeline strings (src/ui/timeline/strings.ts) pass it on with the rest. Code (`sleep(1)`, `Queue#1.get()`),
// process names and units (s, ms) are the same in every language.
import type { ExitReason } from '../protocol/messages';
import type { ProcState } from './model';
import type { ChartLang } from './numbers';

/** The legend's marks besides states. */
export type MarkKind = 'task' | 'flow' | 'lost' | 'exit' | 'output' | 'queue';

export interface ChartWords {
  lang: ChartLang;
  /** What an empty chart says (before any run). */
  empty: string;
  /** The label column's headings. */
  headProcess: string;
  headRunning: string;
  /** A pool row: `Pool#1 (5 workers)`. */
  workers: (n: number) => string;
  /** A group row: a process's many children, `200 processes`, and its plot's note. */
  children: (n: number) => string;
  aliveMax: (n: number) => string;
  /** A queue row: `Queue#1 depth`, and its highest depth. */
  depth: string;
  maxDepth: (n: number) => string;
  /** The title of an exported chart without a file name. */
  exportTitle: string;
  /** Each state: its name and what it means (legend, tooltips). */
  states: Record<ProcState, readonly [string, string]>;
  /** The legend's other marks. */
  marks: Record<MarkKind, string>;
  /** What a state bar says where the state is not a call of the program's. */
  zombieBar: string;
  exitWaitsBar: string;
  signalFrom: (signal: string, pid: number) => string;
  /** Exits: `exit 0`, `exit 1 (exception)`, `-15 terminated (SIGTERM)`. */
  exit: (code: number, reason: ExitReason) => string;
  /** Markers drawn on a row. */
  adoptedMark: (from: number, by: number) => string;
  untaken: (n: number, items: string) => string;
  /** Tooltip titles of markers. */
  markerTitle: Record<
    'start' | 'exit' | 'output' | 'stderr' | 'signal' | 'reparented' | 'adopted' | 'untaken' | 'deadlock',
    string
  >;
  deadlockWaits: (on: string) => string;
  adopts: (who: string) => string;
  orphaned: (from: number, by: number) => string;
  /** Tooltip lines. */
  waitsOn: (obj: string, op: string | null) => string;
  now: string;
  taskWhere: (row: string, pool: string, job: number, chunk: number) => string;
  taskRunning: string;
  taskReturned: string;
  taskRaised: string;
  releases: (obj: string) => string;
  item: (obj: string, summary: string) => string;
  putBy: (who: string, at: string) => string;
  takenBy: (who: string, at: string, waited: string) => string;
  lostLine: string;
  stillQueued: string;
  waiting: (queue: string, n: number) => string;
  atMost: (n: number) => string;
  daemon: string;
  initAdopts: string;
  orphanedAt: (at: string, from: number, by: number) => string;
  exitCode: (code: number, reason: string | null) => string;
  clickRow: string;
  groupTitle: (n: number, owner: string) => string;
  groupHint: string;
  /** Exit reasons, as the tooltips say them. */
  reasons: Record<ExitReason, string>;
}

const EN: ChartWords = {
  lang: 'en',
  empty: 'Nothing has run yet. Press Run: each process becomes a row here, live.',
  headProcess: 'process',
  headRunning: 'running',
  workers: (n) => `(${n} worker${n === 1 ? '' : 's'})`,
  children: (n) => `${n} processes`,
  aliveMax: (n) => `at most ${n} alive at once`,
  depth: 'depth',
  maxDepth: (n) => `max ${n}`,
  exportTitle: 'mpplay timeline',
  states: {
    running: ['running', 'executing code'],
    sleeping: ['sleeping', 'time.sleep() (stands in for work)'],
    blocked: ['blocked', 'waits on an object: join(), get(), acquire()…'],
    zombie: ['zombie', 'exited, not yet joined by its parent'],
    terminating: ['terminated / killed', 'got SIGTERM or SIGKILL'],
    starting: ['starting', 'spawned, its worker booting'],
  },
  marks: {
    task: 'Pool task',
    flow: 'item put → taken (producer colour)',
    lost: 'item never taken',
    exit: 'exit code',
    output: 'printed line',
    queue: 'queue depth',
  },
  zombieBar: 'zombie: exited, not yet joined',
  exitWaitsBar: 'exit: waiting for non-daemon children',
  signalFrom: (signal, pid) => `${signal} from ${pid}`,
  exit: (code, reason) =>
    reason === 'terminated'
      ? `${code} terminated (SIGTERM)`
      : reason === 'killed'
        ? `${code} killed (SIGKILL)`
        : reason === 'returned'
          ? `exit ${code}`
          : `exit ${code} (${EN.reasons[reason]})`,
  adoptedMark: (from, by) => `${from} ended → adopted by ${by}`,
  untaken: (n, items) => `${n} item${n === 1 ? '' : 's'} never taken${items ? `: ${items}` : ''}`,
  markerTitle: {
    start: 'started',
    exit: 'exit',
    output: 'printed',
    stderr: 'printed (stderr)',
    signal: 'signal',
    reparented: 'orphaned',
    adopted: 'adopted an orphan',
    untaken: 'never taken',
    deadlock: 'deadlock',
  },
  deadlockWaits: (on) => `deadlock: waits on ${on}`,
  adopts: (who) => `adopts ${who}`,
  orphaned: (from, by) => `orphaned: parent ${from} ended; adopted by ${by}`,
  waitsOn: (obj, op) => `waits on ${obj}${op ? ` (${op})` : ''}`,
  now: 'now',
  taskWhere: (row, pool, job, chunk) => `${row} · ${pool} job ${job}${chunk ? ` chunk ${chunk}` : ''}`,
  taskRunning: 'running',
  taskReturned: 'returned',
  taskRaised: 'raised an exception',
  releases: (obj) => `${obj}: taskDone() releases join()`,
  item: (obj, summary) => `${obj} item ${summary}`,
  putBy: (who, at) => `put by ${who} at ${at}`,
  takenBy: (who, at, waited) => `taken by ${who} at ${at} (waited ${waited})`,
  lostLine: 'never taken: still in the queue when the run ended',
  stillQueued: 'still in the queue',
  waiting: (queue, n) => `${queue}: ${n} item${n === 1 ? '' : 's'} waiting`,
  atMost: (n) => `at most ${n}`,
  daemon: 'daemon',
  initAdopts: 'init: adopts orphans',
  orphanedAt: (at, from, by) => `orphaned at ${at}: its parent ${from} ended; adopted by ${by}`,
  exitCode: (code, reason) => `exit code ${code}${reason ? ` (${reason})` : ''}`,
  clickRow: 'click: show only its lines in the terminal',
  groupTitle: (n, owner) => `${n} processes of ${owner}`,
  groupHint: 'click, Enter or C: show or hide them one by one',
  reasons: {
    returned: 'returned',
    exception: 'exception',
    'sys.exit': 'sys.exit',
    terminated: 'terminated',
    killed: 'killed',
    refused: 'refused',
    stopped: 'stopped',
  },
};

const ZH: ChartWords = {
  lang: 'zh',
  empty: '还没有运行。按运行: 每个进程在这里成为一行, 实时更新。',
  headProcess: '进程',
  headRunning: '运行',
  workers: (n) => `(${n} 个 worker)`,
  children: (n) => `${n} 个进程`,
  aliveMax: (n) => `最多同时 ${n} 个存活`,
  depth: '长度',
  maxDepth: (n) => `最多 ${n}`,
  exportTitle: 'mpplay 时间线',
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
    flow: '放入 → 取走的项 (生产者的颜色)',
    lost: '没人取走的项',
    exit: '退出码',
    output: '打印的一行',
    queue: '队列长度',
  },
  zombieBar: '僵尸: 已退出, 还没被 join',
  exitWaitsBar: '退出: 等待非守护子进程',
  signalFrom: (signal, pid) => `来自 ${pid} 的 ${signal}`,
  exit: (code, reason) =>
    reason === 'terminated'
      ? `${code} 被终止 (SIGTERM)`
      : reason === 'killed'
        ? `${code} 被杀死 (SIGKILL)`
        : reason === 'returned'
          ? `退出码 ${code}`
          : `退出码 ${code} (${ZH.reasons[reason]})`,
  adoptedMark: (from, by) => `${from} 结束 → 由 ${by} 收养`,
  untaken: (n, items) => `${n} 项没人取走${items ? `: ${items}` : ''}`,
  markerTitle: {
    start: '启动',
    exit: '退出',
    output: '打印',
    stderr: '打印 (stderr)',
    signal: '信号',
    reparented: '成为孤儿',
    adopted: '收养孤儿',
    untaken: '没人取走',
    deadlock: '死锁',
  },
  deadlockWaits: (on) => `死锁: 等待 ${on}`,
  adopts: (who) => `收养 ${who}`,
  orphaned: (from, by) => `成为孤儿: 父进程 ${from} 结束, 由 ${by} 收养`,
  waitsOn: (obj, op) => `等待 ${obj}${op ? ` (${op})` : ''}`,
  now: '现在',
  taskWhere: (row, pool, job, chunk) => `${row} · ${pool} 作业 ${job}${chunk ? ` 第 ${chunk} 块` : ''}`,
  taskRunning: '运行中',
  taskReturned: '已返回',
  taskRaised: '抛出了异常',
  releases: (obj) => `${obj}: taskDone() 放行 join()`,
  item: (obj, summary) => `${obj} 的项 ${summary}`,
  putBy: (who, at) => `${at} 由 ${who} 放入`,
  takenBy: (who, at, waited) => `${at} 由 ${who} 取走 (等了 ${waited})`,
  lostLine: '没人取走: 运行结束时还在队列里',
  stillQueued: '还在队列里',
  waiting: (queue, n) => `${queue}: ${n} 项在等待`,
  atMost: (n) => `最多 ${n}`,
  daemon: '守护进程',
  initAdopts: 'init: 收养孤儿',
  orphanedAt: (at, from, by) => `${at} 成为孤儿: 父进程 ${from} 结束, 由 ${by} 收养`,
  exitCode: (code, reason) => `退出码 ${code}${reason ? ` (${reason})` : ''}`,
  clickRow: '点击: 终端只显示它的输出',
  groupTitle: (n, owner) => `${owner} 的 ${n} 个进程`,
  groupHint: '点击、回车或 C: 逐个显示或隐藏它们',
  reasons: {
    returned: '返回',
    exception: '异常',
    'sys.exit': 'sys.exit',
    terminated: '被终止',
    killed: '被杀死',
    refused: '被拒绝',
    stopped: '被停止',
  },
};

/** The chart's words per language. */
export const CHART_WORDS: Readonly<Record<ChartLang, ChartWords>> = { en: EN, zh: ZH };
