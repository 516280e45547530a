// What any run of each gallery example shows (the catalog's `expect`s), as plain data: no program sources, so the lesson checks can bundle anywhere.

/** What any run of an example shows, for a quick check (the page's browser test, a smoke test, every lesson test). */
export interface ExampleExpect {
  /** MainProcess's exit code, which is the run's. */
  exitCode: number;
  /** Substrings of printed lines (stdout or stderr, any process) that appear in this order. */
  output: string[];
  /** Substrings that no line may contain. */
  absent?: string[];
  /**
   * Another way a plain run may end, rarely, and why: a race the lesson is about that a plain run can still lose
   * (lost-update: the two processes do add at the same moment). A run matches the expect if it matches either.
   */
  rarely?: { because: string } & Omit<ExampleExpect, 'rarely'>;
}

/** By example id; a new gallery example adds its entry here and points its catalog entry at it. */
export const EXPECTS: Readonly<Record<string, ExampleExpect>> = {
  zombie: { exitCode: 0, output: ['开始, 并立刻结束', 'join() 之后子进程才被回收, 退出码 0'] },
  orphan: { exitCode: 0, output: ['的父进程是', '被终止, 退出码 -15', '的父进程现在是 1'] },
  'start-function': { exitCode: 0, output: ['这是主进程...', '子进程 is running', '子进程 is done'] },
  'start-class': { exitCode: 0, output: ['这是主进程....', '子进程 is running', '子进程 is done'] },
  isolation: {
    exitCode: 0,
    output: ['子进程中执行x所得的值为------101', '父进程中执行x所得的值为------100'],
  },
  'no-join': { exitCode: 0, output: ['Parent process', 'Finished'] },
  'join-one': {
    exitCode: 0,
    output: ['Parent process', '一共睡眠了 0 秒种', '一共睡眠了 4 秒种', 'Child process 2', 'Finished'],
  },
  'join-in-loop': {
    exitCode: 0,
    output: ['Child process 0', 'Child process 1', 'Child process 2', 'Child process 3', 'Child process 4', 'Finished'],
  },
  'join-after-loop': { exitCode: 0, output: ['Parent process', 'Finished'] },
  'non-daemon': { exitCode: 0, output: ['主进程结束.', '子进程结束.'] },
  daemon: { exitCode: 0, output: ['子进程开始.', '主进程结束.'], absent: ['子进程结束.'] },
  'daemon-no-children': {
    exitCode: 0,
    output: ['子进程开始.', 'AssertionError: daemonic processes are not allowed to have children', '子进程的退出码: 1'],
    absent: ['子进程结束.', '孙进程开始.'],
  },
  'queue-sentinel': {
    exitCode: 0,
    output: ['worker_01 生产了包子0', '主...', '-------???-------', '生产了 9 个, 消费了', '没被消费的:'],
  },
  'joinable-queue': { exitCode: 0, output: ['生产了', '消费了', '主...'] },
  'joinable-queue-hang': {
    exitCode: 124,
    output: [
      '消费了',
      'deadlock',
      'waits in JoinableQueue#1.join(): 9 tasks were taken by get() but never marked taskDone()',
      'waits in JoinableQueue#1.get()',
    ],
    absent: ['主...'],
  },
  'pool-vs-processes': { exitCode: 0, output: ['for循环方式启动 200 个进程:', '进程池 Pool(5) 执行 200 个任务:'] },
  'pool-apply': { exitCode: 0, output: ['1', '2', '3', '20'] },
  'pool-apply-async-wrong': { exitCode: 0, output: ['1', '2', '3', '20'] },
  'pool-apply-async-right': { exitCode: 0, output: ['1', '20'] },
  'missing-main-guard': {
    exitCode: 0,
    output: ['执行模块, __name__ = __main__', 'bootstrapping phase', '子进程的退出码: 1'],
    absent: ['子进程在运行.'],
  },
  'lock-counter': {
    exitCode: 0,
    output: [
      '不加锁: 4 个进程各加 1000000 次',
      '期望 4000000',
      '加锁: 4 个进程各加 2000 次',
      '期望 8000, 实际 8000, 丢失 0 次更新',
    ],
  },
  'pipe-ping-pong': {
    exitCode: 0,
    output: [
      'ping 发球: 0',
      'pong 接到 0, 回球 1',
      'ping 接到 1, 回球 2',
      'pong 接到 10, 比赛结束',
      '球在管道里来回了 10 次',
    ],
  },
  'event-start-gun': {
    exitCode: 0,
    output: ['各就各位', '预备... 砰!', '起跑!', '选手1 跑了 1 秒', '选手4 跑了 4 秒', '比赛结束'],
  },
  'barrier-phases': {
    exitCode: 0,
    output: ['做完第 1 阶段', '===== 第 1 阶段: 全员完成 =====', '===== 第 3 阶段: 全员完成 =====', '3 个阶段都完成了'],
  },
  'pool-exception': {
    exitCode: 0,
    output: [
      '任务 0 的结果: 0',
      '任务 3 出错, get() 抛出 ValueError: 任务 3 出错了',
      'cause 是 RemoteTraceback',
      'in task',
      'ValueError: 任务 3 出错了',
      '任务 4 的结果: 16',
      'map() 抛出 ValueError: 任务 3 出错了',
      '之后的任务照常运行: 16',
    ],
  },
  'imap-unordered': {
    exitCode: 0,
    output: [
      // In completion order, which a worker that boots late changes: the lesson checks compare it with the trace.
      'imapUnordered 拿到任务',
      'imap 拿到任务 0',
      'imap 拿到任务 1',
      'imap 拿到任务 2',
      'imap 拿到任务 3',
      'imap 拿到任务 4',
    ],
  },
  'cpu-bound-speedup': { exitCode: 0, output: ['个任务', '1 个进程:', '个进程:', '加速比:'] },
  'lost-update': {
    exitCode: 0,
    output: ['counter = 4, 期望 4'],
    absent: ['AssertionError'],
    rarely: {
      because: 'the two processes did add at the same moment: an update was lost in a plain run',
      exitCode: 1,
      output: ['期望 4', 'AssertionError: 丢失了更新'],
      absent: ['counter = 4,'],
    },
  },
  'lock-order-deadlock': {
    exitCode: 0,
    output: ['拿到了两把锁', '拿到了两把锁', '两个进程都做完了'],
    absent: ['deadlock'],
  },
  'queue-check-then-act': {
    exitCode: 0,
    output: ['两个消费者都结束了'],
    absent: ['deadlock'],
  },
  'queue-sentinel-one-consumer': {
    exitCode: 0,
    output: ['worker_01 生产了包子0', '主...', '-------???-------', '生产了 9 个, 消费了', '没被消费的:'],
  },
};
