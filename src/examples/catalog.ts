// The example gallery: each lesson of the seed tutorial as a runnable TypeScript port, its Python original and its text.
import zombieSource from './programs/zombie.ts?raw';
import zombiePython from './programs/zombie.py?raw';
import orphanSource from './programs/orphan.ts?raw';
import orphanPython from './programs/orphan.py?raw';
import startFunctionSource from './programs/start-function.ts?raw';
import startFunctionPython from './programs/start-function.py?raw';
import startClassSource from './programs/start-class.ts?raw';
import startClassPython from './programs/start-class.py?raw';
import isolationSource from './programs/isolation.ts?raw';
import isolationPython from './programs/isolation.py?raw';
import noJoinSource from './programs/no-join.ts?raw';
import noJoinPython from './programs/no-join.py?raw';
import joinOneSource from './programs/join-one.ts?raw';
import joinOnePython from './programs/join-one.py?raw';
import joinInLoopSource from './programs/join-in-loop.ts?raw';
import joinInLoopPython from './programs/join-in-loop.py?raw';
import joinAfterLoopSource from './programs/join-after-loop.ts?raw';
import joinAfterLoopPython from './programs/join-after-loop.py?raw';
import nonDaemonSource from './programs/non-daemon.ts?raw';
import nonDaemonPython from './programs/non-daemon.py?raw';
import daemonSource from './programs/daemon.ts?raw';
import daemonPython from './programs/daemon.py?raw';
import daemonNoChildrenSource from './programs/daemon-no-children.ts?raw';
import daemonNoChildrenPython from './programs/daemon-no-children.py?raw';
import missingMainGuardSource from './programs/missing-main-guard.ts?raw';
import missingMainGuardPython from './programs/missing-main-guard.py?raw';
import queueSentinelSource from './programs/queue-sentinel.ts?raw';
import queueSentinelPython from './programs/queue-sentinel.py?raw';
import joinableQueueSource from './programs/joinable-queue.ts?raw';
import joinableQueuePython from './programs/joinable-queue.py?raw';
import joinableQueueHangSource from './programs/joinable-queue-hang.ts?raw';
import joinableQueueHangPython from './programs/joinable-queue-hang.py?raw';
import lockCounterSource from './programs/lock-counter.ts?raw';
import lockCounterPython from './programs/lock-counter.py?raw';
import pipePingPongSource from './programs/pipe-ping-pong.ts?raw';
import pipePingPongPython from './programs/pipe-ping-pong.py?raw';
import eventStartGunSource from './programs/event-start-gun.ts?raw';
import eventStartGunPython from './programs/event-start-gun.py?raw';
import barrierPhasesSource from './programs/barrier-phases.ts?raw';
import barrierPhasesPython from './programs/barrier-phases.py?raw';
import poolVsProcessesSource from './programs/pool-vs-processes.ts?raw';
import poolVsProcessesPython from './programs/pool-vs-processes.py?raw';
import poolApplySource from './programs/pool-apply.ts?raw';
import poolApplyPython from './programs/pool-apply.py?raw';
import poolApplyAsyncWrongSource from './programs/pool-apply-async-wrong.ts?raw';
import poolApplyAsyncWrongPython from './programs/pool-apply-async-wrong.py?raw';
import poolApplyAsyncRightSource from './programs/pool-apply-async-right.ts?raw';
import poolApplyAsyncRightPython from './programs/pool-apply-async-right.py?raw';
import poolExceptionSource from './programs/pool-exception.ts?raw';
import poolExceptionPython from './programs/pool-exception.py?raw';
import imapUnorderedSource from './programs/imap-unordered.ts?raw';
import imapUnorderedPython from './programs/imap-unordered.py?raw';
import cpuBoundSpeedupSource from './programs/cpu-bound-speedup.ts?raw';
import cpuBoundSpeedupPython from './programs/cpu-bound-speedup.py?raw';
import lostUpdateSource from './programs/lost-update.ts?raw';
import lostUpdatePython from './programs/lost-update.py?raw';
import lockOrderDeadlockSource from './programs/lock-order-deadlock.ts?raw';
import lockOrderDeadlockPython from './programs/lock-order-deadlock.py?raw';
import queueCheckThenActSource from './programs/queue-check-then-act.ts?raw';
import queueCheckThenActPython from './programs/queue-check-then-act.py?raw';
import queueSentinelOneConsumerSource from './programs/queue-sentinel-one-consumer.ts?raw';
import queueSentinelOneConsumerPython from './programs/queue-sentinel-one-consumer.py?raw';
import { EXPECTS, type ExampleExpect } from './expects';

export type { ExampleExpect };

/** Text in the two languages of the gallery. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** One gallery example: a lesson of the seed, runnable. */
export interface Example {
  /** Stable id: the file name under `programs/` and the share-link key. */
  id: string;
  /** The seed's section, e.g. `'3.3'`; `'+'` for a lesson beyond the seed. */
  section: string;
  title: Bilingual;
  /** One paragraph: what to look at in the output and the chart, and why. */
  lesson: Bilingual;
  /** The TypeScript port, as the editor opens it. */
  source: string;
  /** The Python original it ports, shown beside it on request. */
  python: string;
  expect?: ExampleExpect;
}

/** The gallery in the seed's order (sections 0 to 6), then the lessons beyond the seed. */
export const examples: readonly Example[] = [
  {
    id: 'zombie',
    section: '0.1',
    title: { zh: '僵尸进程', en: 'A zombie process' },
    lesson: {
      zh: '子进程一启动就结束了, 父进程却睡了 3 秒才 join() 它。在这 3 秒剩下的时间里, 进程表中子进程的状态是 Z (僵尸), 甘特图上它的条变成僵尸色: 它已经 exit(), 退出码等着父进程来取。直到 join() (也就是操作系统的 wait()) 它才被回收、从表中消失。僵尸本身不占 CPU, 真正的问题是一直不回收子进程的父进程。',
      en: 'The child ends at once, but its parent sleeps 3 seconds before joining it. For the rest of those 3 seconds the process table shows the child as Z (zombie) and its bar in the chart turns zombie-coloured: it has exited, and its exit code waits for the parent to collect it. Only join() (the operating system’s wait()) reaps it and removes it from the table. A zombie costs no CPU; the culprit is a parent that never reaps its children.',
    },
    source: zombieSource,
    python: zombiePython,
    expect: EXPECTS['zombie'],
  },
  {
    id: 'orphan',
    section: '0.2',
    title: { zh: '孤儿进程', en: 'An orphan process' },
    lesson: {
      zh: '主进程启动了一个父进程, 父进程又启动了一个子进程。子进程说出它的父进程之后 (用一个 Event 告诉主进程, 所以不管进程启动得多慢都是这个顺序), 主进程 terminate() 了父进程 (退出码 -15), 子进程就成了孤儿: 进程树里它被移到 pid 1 (init) 名下, 它打印的 getppid() 也从父进程的 pid 变成了 1。它照样睡完、打印完, 最后由 init 回收, 所以孤儿进程无害。在 mpplay 中, 被 pid 1 收养的孤儿会一直运行到结束, 整个运行也要等它们结束才算完。',
      en: 'The main process starts a parent, which starts a child. Once the child has printed who its parent is (it tells the main process with an Event, so the order holds however slowly processes start), the main process terminates the parent (exit code -15), and the child becomes an orphan: the process tree moves it under pid 1 (init), and the getppid() it prints changes from its parent’s pid to 1. It still sleeps and prints to the end, and init reaps it, which is why orphans are harmless. In mpplay, orphans adopted by pid 1 keep running until they finish, and the run ends when they do.',
    },
    source: orphanSource,
    python: orphanPython,
    expect: EXPECTS['orphan'],
  },
  {
    id: 'start-function',
    section: '1.1',
    title: { zh: '开启进程: 函数方式', en: 'Starting a process with a function' },
    lesson: {
      zh: 'start() 只是向操作系统申请一个新进程, 然后立刻返回, 所以 "这是主进程..." 先于子进程的两行打印出来: 新进程要先启动、重新执行整个模块, 才轮到 task。kwargs 会作为最后一个参数对象传给 target。主进程的代码先结束, 但它会等非守护子进程结束后才退出, 图上主进程的条一直延伸到子进程结束。',
      en: 'start() only asks the operating system for a new process and returns at once, so "这是主进程..." prints before the child’s two lines: the new process must boot and evaluate the whole module before task runs. kwargs reaches the target as one last argument object. The main process’s code ends first, but it waits for its non-daemon child before it exits, so its bar in the chart lasts until the child’s ends.',
    },
    source: startFunctionSource,
    python: startFunctionPython,
    expect: EXPECTS['start-function'],
  },
  {
    id: 'start-class',
    section: '1.2',
    title: { zh: '开启进程: 类方式', en: 'Starting a process with a subclass' },
    lesson: {
      zh: '继承 Process, 在构造函数里先调用 super(), 再重写 run(): start() 会在新进程里调用 run()。输出和函数方式一样, "这是主进程...." 先打印; 注意子进程的默认名字取自类名, 是 MyProcess-1。',
      en: 'Subclass Process, call super() first in the constructor, and override run(): start() calls run() in the new process. The output matches the function style, with "这是主进程...." first; note that the child’s default name comes from the class, MyProcess-1.',
    },
    source: startClassSource,
    python: startClassPython,
    expect: EXPECTS['start-class'],
  },
  {
    id: 'isolation',
    section: '2',
    title: { zh: '进程间不共享全局变量', en: 'Processes do not share globals' },
    lesson: {
      zh: '子进程把 x 加 1 打印出 101, 而父进程 join() 之后打印的还是 100: 每个进程都从头执行一遍模块, 有自己的一份 x, 改动互不影响。要在进程间传数据, 得用参数、队列、管道或共享内存。',
      en: 'The child adds 1 to x and prints 101, yet the parent, after join(), still prints 100: every process evaluates the module from scratch and owns its own x, so changes never cross. To move data between processes, use arguments, queues, pipes or shared memory.',
    },
    source: isolationSource,
    python: isolationPython,
    expect: EXPECTS['isolation'],
  },
  {
    id: 'no-join',
    section: '3.1',
    title: { zh: '不使用 join()', en: 'Without join()' },
    lesson: {
      zh: '主进程启动 5 个子进程后马上打印 "Finished", 这时子进程多半还在启动, 所以 "Finished" 出现在一些子进程的输出之前。没有 join(), 主进程不等任何子进程; 但它的代码结束后, 退出前仍会等非守护子进程结束。子进程打印的先后也不固定, 每次运行都可能不同。',
      en: 'The main process starts 5 children and prints "Finished" at once, while most children are still booting, so "Finished" appears before some of their lines. Without join() the main process waits for none of them, though once its code ends it still waits for its non-daemon children before it exits. The children’s lines may come in any order, and differ from run to run.',
    },
    source: noJoinSource,
    python: noJoinPython,
    expect: EXPECTS['no-join'],
  },
  {
    id: 'join-one',
    section: '3.2',
    title: { zh: '对一个子进程使用 join()', en: 'join() on one child' },
    lesson: {
      zh: '主进程只 join() 了 p02, 于是它阻塞在 p02 上约 5 秒 (图上主进程的条标为 blocked: join), 直到 p02 数完 5 秒、打印完最后一行, "Finished" 才打印, 而且是最后一行。p01 很快就结束了, 它不影响主进程何时继续。',
      en: 'The main process joins only p02, so it blocks on p02 for about 5 seconds (its bar reads blocked: join) until p02 has counted its 5 seconds and printed its last line; only then does "Finished" print, as the very last line. p01 ends quickly and has no say in when the main process goes on.',
    },
    source: joinOneSource,
    python: joinOnePython,
    expect: EXPECTS['join-one'],
  },
  {
    id: 'join-in-loop',
    section: '3.3',
    title: { zh: '在 for 循环里错误地 join()', en: 'join() inside the loop (the slow way)' },
    lesson: {
      zh: '每启动一个子进程就马上 join() 它, 下一个子进程要等上一个结束才启动: 5 个各睡 1 秒的子进程一个接一个地跑, 共约 5 秒, 甘特图上呈阶梯状。这和在一个进程里循环没有区别, 多核并发完全没有体现出来。',
      en: 'Each child is joined right after it starts, so the next one starts only when the previous one has ended: five children that sleep 1 second each run one after another, about 5 seconds in all, and the chart shows a staircase. That is no better than a loop in one process; the cores never work in parallel.',
    },
    source: joinInLoopSource,
    python: joinInLoopPython,
    expect: EXPECTS['join-in-loop'],
  },
  {
    id: 'join-after-loop',
    section: '3.4',
    title: { zh: '循环结束后再 join() (改进)', en: 'join() after the loop (the fast way)' },
    lesson: {
      zh: '先把 5 个子进程全部启动, 再逐个 join(): 它们同时睡眠, 总共只比 1 秒多一点 (多出的是子进程启动的时间), 而不是 5 秒, 甘特图上 5 条并排叠在一起。join() 的顺序无关紧要: 等第一个的时候, 其他的也在跑。',
      en: 'Start all five children first, then join them one by one: they sleep at the same time, so all is over in little more than 1 second (the rest is the children’s start-up), not 5, with five bars stacked side by side in the chart. The order of the joins does not matter: while the main process waits for the first, the others run too.',
    },
    source: joinAfterLoopSource,
    python: joinAfterLoopPython,
    expect: EXPECTS['join-after-loop'],
  },
  {
    id: 'non-daemon',
    section: '4.1',
    title: { zh: '不设置守护进程', en: 'A non-daemon child' },
    lesson: {
      zh: '主进程没有等子进程, 先打印了 "主进程结束.", 它的代码就执行完了; 但子进程不是守护进程, 主进程退出前会等它 (图上主进程标为 "exit: waiting for non-daemon children"), 所以子进程照样打印 "子进程开始." 和 "子进程结束.", 退出码为 0。',
      en: 'The main process does not wait: it prints "主进程结束." and its code is done. But the child is not a daemon, so the main process waits for it before exiting (its bar reads "exit: waiting for non-daemon children"), and the child still prints "子进程开始." and "子进程结束." and exits with code 0.',
    },
    source: nonDaemonSource,
    python: nonDaemonPython,
    expect: EXPECTS['non-daemon'],
  },
  {
    id: 'daemon',
    section: '4.2',
    title: { zh: '设置守护进程', en: 'A daemon child' },
    lesson: {
      zh: '在 start() 之前设置 p.daemon = true。子进程启动后打印 "子进程开始.", 然后要睡 2 秒; 主进程先睡 1 秒 (好让子进程来得及启动), 再打印 "主进程结束."。主进程的代码一结束, 守护子进程就在睡眠中被终止 (退出码 -15, 图上它睡眠的条被截断), 所以 "子进程结束." 永远不会打印。去掉那 1 秒, 子进程还没开始运行就被终止了, 这正是原教程的输出里只有 "主进程结束." 的原因。守护进程随主进程的代码结束而结束。',
      en: 'Set p.daemon = true before start(). The child starts, prints "子进程开始." and goes to sleep for 2 seconds; the main process sleeps 1 second (so that the child has time to start), then prints "主进程结束.". As soon as the main process’s code ends, the daemon is terminated in the middle of its sleep (exit code -15, its sleeping bar cut short in the chart), so "子进程结束." never prints. Without that 1 second the child is terminated before it even runs, which is why the seed’s output shows only "主进程结束.". A daemon ends when its creator’s code does.',
    },
    source: daemonSource,
    python: daemonPython,
    expect: EXPECTS['daemon'],
  },
  {
    id: 'daemon-no-children',
    section: '4.2',
    title: { zh: '守护进程不能再开启子进程', en: 'A daemon may not have children' },
    lesson: {
      zh: '守护进程里调用 start() 会抛出 AssertionError: daemonic processes are not allowed to have children。异常没有被捕获, 守护进程打印出回溯, 退出码为 1, "孙进程开始." 和 "子进程结束." 都不会出现; 主进程照常结束, 退出码为 0。',
      en: 'Calling start() inside a daemon raises AssertionError: daemonic processes are not allowed to have children. Nothing catches it, so the daemon prints a traceback and exits with code 1; neither "孙进程开始." nor "子进程结束." appears, and the main process ends normally with code 0.',
    },
    source: daemonNoChildrenSource,
    python: daemonNoChildrenPython,
    expect: EXPECTS['daemon-no-children'],
  },
  {
    id: 'queue-sentinel',
    section: '5.1',
    title: { zh: '用 Queue 通讯, 以名字作结束标记', en: 'A Queue with names as end markers' },
    lesson: {
      zh: '3 个生产者各做 3 个产品放进队列, 最后再放入自己的名字作为结束标记; 消费者一拿到名字就退出。但队列里产品和名字的先后是乱的: 第 6 秒时每个生产者都紧接着放入最后一个产品和自己的名字, 所以第一个名字后面往往还排着别的产品。每个消费者拿到一个名字就走, 2 个消费者都走了以后, 排在第二个名字后面的产品再也没人吃: 通常 9 个里只吃了 8 个, 哪个生产者启动晚了, 剩下的还会更多。把 consumers 改成 1 再运行, 唯一的消费者遇到第一个名字就走了, 剩下的更多。程序最后的清点会列出没被消费的产品, 图上这些产品的箭头也只有放入、没有取出。所以用结束标记来停止消费者, 只适合很简单的场景。',
      en: 'Three producers put three products each into the queue, then their own name as an end marker; a consumer quits as soon as it gets a name. But products and names arrive in no fixed order: at 6 seconds each producer puts its last product and its name back to back, so the first name is usually followed by more products. Each consumer leaves at the first name it gets, so once both have left, whatever is queued behind the second name is never eaten: usually 8 of the 9 products are, and fewer when a producer starts late. Change consumers to 1 and run again: the lone consumer leaves at the first name and more are left. The tally at the end lists the products nobody consumed, and in the chart their arrows go into the queue and never come out. End markers stop consumers safely only in the simplest cases.',
    },
    source: queueSentinelSource,
    python: queueSentinelPython,
    expect: EXPECTS['queue-sentinel'],
  },
  {
    id: 'joinable-queue',
    section: '5.2',
    title: { zh: '使用 JoinableQueue', en: 'A JoinableQueue' },
    lesson: {
      zh: '消费者不再找结束标记: 每处理完一个产品就调用 q.taskDone()。主进程等生产者结束后调用 q.join(), 它一直阻塞 (图上标为 JoinableQueue#1.join()), 直到放进队列的 9 个产品都被标记为已处理, 才打印 "主..."。消费者是守护进程, 还卡在 get() 上等下一个产品, 主进程的代码一结束它们就被终止 (退出码 -15)。',
      en: 'The consumers no longer look for end markers: after each product they call q.taskDone(). Once the producers are done, the main process calls q.join(), which blocks (the chart labels it JoinableQueue#1.join()) until all 9 products put into the queue have been marked done; only then does it print "主...". The consumers are daemons still waiting in get() for the next product, so they are terminated (exit code -15) as soon as the main process’s code ends.',
    },
    source: joinableQueueSource,
    python: joinableQueuePython,
    expect: EXPECTS['joinable-queue'],
  },
  {
    id: 'joinable-queue-hang',
    section: '5.2',
    title: { zh: '忘了 taskDone(): 主进程永远等下去', en: 'Forgetting taskDone(): a wait that never ends' },
    lesson: {
      zh: '和上一个例子一样, 只是消费者忘了调用 q.taskDone()。9 个产品照样生产、照样消费, 但队列从没听到 "已处理", q.join() 永远不会返回: 在 Python 里程序就此卡住, 什么也不说。mpplay 发现所有活着的进程都在等一件只有别的等待者才能做的事, 于是结束运行 (退出码 124), 并报告谁在等什么: 主进程在 JoinableQueue#1.join() 里等 9 个从没标记 taskDone() 的任务, 两个消费者在 JoinableQueue#1.get() 里等一个再也不会有人放东西的队列。',
      en: 'The same as the previous example, except that the consumers forget q.taskDone(). All 9 products are still made and eaten, but the queue never hears "done", so q.join() never returns: in Python the program just hangs there, silently. mpplay sees that every live process waits for something only another waiting process could do, so it ends the run (exit code 124) and reports who waits on what: the main process waits in JoinableQueue#1.join() for 9 tasks never marked taskDone(), and both consumers wait in JoinableQueue#1.get() on a queue nobody will put into again.',
    },
    source: joinableQueueHangSource,
    python: joinableQueueHangPython,
    expect: EXPECTS['joinable-queue-hang'],
  },
  {
    id: 'pool-vs-processes',
    section: '6.1',
    title: { zh: '进程池 vs 200 个进程', en: 'A pool vs 200 processes' },
    lesson: {
      zh: '第一种方式给 200 个小任务各开一个进程: 每个进程都要启动、从头执行一遍模块、退出、再被 join() 回收, 图上是 200 行。第二种方式只开 5 个 worker (SpawnPoolWorker), map() 把 200 个数据切成 20 块 (每块 10 个, 这是 CPython 默认的 chunksize), 5 个 worker 做完一块就领下一块, 图上只有 5 行, 每一块是一段任务。任务本身几乎不花时间, 时间都花在开进程上, 所以进程池快得多。最后 close() 不再接收任务, join() 等 worker 都退出。',
      en: 'The first way starts one process per tiny task, 200 in all: each must boot, evaluate the module from scratch, exit and be reaped by join(), and the chart shows 200 rows. The second starts only 5 workers (SpawnPoolWorker): map() cuts the 200 items into 20 chunks of 10 (CPython’s default chunksize) and each worker takes the next chunk as soon as it is done with one, so the chart shows just 5 rows, each chunk a task span. The tasks themselves cost next to nothing; the time goes into starting processes, which is why the pool is much faster. close() accepts no more tasks, and join() waits for the workers to exit.',
    },
    source: poolVsProcessesSource,
    python: poolVsProcessesPython,
    expect: EXPECTS['pool-vs-processes'],
  },
  {
    id: 'pool-apply',
    section: '6.2',
    title: { zh: '进程池的 apply(): 同步执行', en: 'Pool.apply(): one task at a time' },
    lesson: {
      zh: 'apply() 把一个任务交给 worker, 然后一直等到它做完才返回 (图上主进程在每次 apply() 里都阻塞)。所以虽然开了 5 个 worker, 20 个任务还是一个接一个地跑: 1 到 20 按顺序打印, 每个任务睡 1 或 2 秒, 总共约 20 个任务的时长 (20 到 40 秒), 甘特图上任何时刻只有一个 worker 在忙。这和单进程没啥区别, 不推荐这样用。',
      en: 'apply() hands one task to a worker and waits until it is done before it returns (the chart shows the main process blocked in every apply()). So although the pool has 5 workers, the 20 tasks still run one after another: 1 to 20 print in order, each task sleeps 1 or 2 seconds, and the run takes about 20 task-lengths (20 to 40 seconds), with only one worker busy at any moment in the chart. That is no better than a single process, which is why the seed advises against it.',
    },
    source: poolApplySource,
    python: poolApplyPython,
    expect: EXPECTS['pool-apply'],
  },
  {
    id: 'pool-apply-async-wrong',
    section: '6.3',
    title: { zh: 'applyAsync() 的错误用法: 在循环里 get()', en: 'applyAsync() used wrongly: get() inside the loop' },
    lesson: {
      zh: 'applyAsync() 提交任务后立刻返回一个 AsyncResult, 本身是异步的; 但在循环里紧接着 await res.get(), 主进程就要等这个任务做完才提交下一个。结果和 apply() 一模一样: 1 到 20 按顺序打印, 总共约 20 个任务的时长, 图上的任务一个接一个, 5 个 worker 每次只有一个在干活。',
      en: 'applyAsync() submits a task and returns an AsyncResult at once, so by itself it is asynchronous; but awaiting res.get() right after it, inside the loop, makes the main process wait for each task before it submits the next. The result is exactly that of apply(): 1 to 20 print in order, the run takes about 20 task-lengths, and the chart shows the tasks one after another, with only one of the 5 workers busy at a time.',
    },
    source: poolApplyAsyncWrongSource,
    python: poolApplyAsyncWrongPython,
    expect: EXPECTS['pool-apply-async-wrong'],
  },
  {
    id: 'pool-apply-async-right',
    section: '6.4',
    title: {
      zh: 'applyAsync() 的正确用法: 先收集, 再 get()',
      en: 'applyAsync() used rightly: collect first, get() later',
    },
    lesson: {
      zh: '先把 20 个任务都用 applyAsync() 提交, 把返回的 AsyncResult 放进列表, 循环结束后再逐个 get()。提交不等待, 20 个任务一下子都进了队列, 5 个 worker 各领一个, 谁做完谁领下一个: 图上 5 条并排, 大约分 4 批 (每批 5 个) 做完, 总共约 4 个任务的时长, 而不是 20 个 (哪个 worker 启动晚了, 它的活儿就先被别人领走)。每个任务随机睡 1 或 2 秒, 所以打印的顺序不完全固定。',
      en: 'Submit all 20 tasks with applyAsync() first, keep the AsyncResults in a list, and only after the loop get() them one by one. Submitting does not wait, so all 20 tasks are queued at once; the 5 workers take one each and, whenever one finishes, the next: the chart shows 5 bars side by side and the work done in about 4 waves of 5, about 4 task-lengths in all instead of 20 (a worker that starts late finds its first tasks taken by the others). Each task sleeps a random 1 or 2 seconds, so the printed order is not entirely fixed.',
    },
    source: poolApplyAsyncRightSource,
    python: poolApplyAsyncRightPython,
    expect: EXPECTS['pool-apply-async-right'],
  },
  {
    id: 'missing-main-guard',
    section: '+',
    title: { zh: '忘了 __name__ 保护', en: 'The missing __main__ guard' },
    lesson: {
      zh: '没有 if (__name__ === "__main__") 保护时, 子进程从头执行模块 (打印出 __name__ = __mp_main__), 于是也执行到 p.start(): 它还在引导阶段, 就抛出 Python 的 RuntimeError ("An attempt has been made to start a new process before the current process has finished its bootstrapping phase..."), 退出码为 1, task 根本没有运行。正是这条规则阻止了无穷无尽的进程。',
      en: 'Without the if (__name__ === "__main__") guard, the child evaluates the module from the top (printing __name__ = __mp_main__) and so reaches p.start() too: still in its bootstrapping phase, it raises Python’s RuntimeError ("An attempt has been made to start a new process before the current process has finished its bootstrapping phase..."), exits with code 1, and task never runs. This rule is what stops an endless chain of processes.',
    },
    source: missingMainGuardSource,
    python: missingMainGuardPython,
    expect: EXPECTS['missing-main-guard'],
  },
  {
    id: 'lock-counter',
    section: '+',
    title: { zh: '共享计数器与锁', en: 'A shared counter, without and with a lock' },
    lesson: {
      zh: 'Value("i", 0) 放在共享内存里, 4 个进程都能看见同一个数。counter.value += 1 其实是三步: 读出、加 1、写回; 两个进程同时读到同一个值, 各自加 1 写回, 就丢了一次更新。每一轮的 4 个进程先在一个 Barrier 前等齐了再一起开始 (先启动的不会在别人启动前就加完), 所以它们真的同时在加。不加锁时, 4 个进程各加 1000000 次, 实际结果总会少一些, 通常少几十万甚至上百万。加锁后 (Python 的 with counter.get_lock():, 这里是 await using _ = await counter.getLock().hold()), 读和写之间别人插不进来, 一次也不丢; 代价是每加一次都要取锁、放锁, 慢得多, 所以加锁的那一轮每个进程只加 2000 次。',
      en: 'Value("i", 0) lives in shared memory, so all 4 processes see the same number. counter.value += 1 is really three steps: read, add 1, write back; when two processes read the same value at once, each adds 1 and writes it back, and one update is lost. In each round the 4 processes first wait at a Barrier and then start together (the first one started cannot finish before the last one starts), so they really do add at the same time. Without the lock, after 4 processes have added 1 a million times each, the total always falls short, usually by hundreds of thousands or more. With it (Python’s with counter.get_lock():, here await using _ = await counter.getLock().hold()) nobody can slip in between the read and the write, and not one update is lost; the price is taking and releasing the lock for every single increment, which is far slower, so the locked round does only 2000 per process.',
    },
    source: lockCounterSource,
    python: lockCounterPython,
    expect: EXPECTS['lock-counter'],
  },
  {
    id: 'pipe-ping-pong',
    section: '+',
    title: { zh: '用 Pipe 打乒乓球', en: 'Ping-pong over a Pipe' },
    lesson: {
      zh: 'Pipe() 返回一根管道的两端, 默认双向: 每一端都能 send() 也能 recv()。ping 拿一端, pong 拿另一端, 一个数字在它们之间来回传, 每传一次加 1。recv() 会一直阻塞到对面把球打过来, 所以两个进程严格轮流: 图上它们的条交替地运行和阻塞 (Pipe#1.recv()), 每个数字都是一支从一端指向另一端的箭头。',
      en: 'Pipe() returns the two ends of one pipe, both ways by default: each end can send() and recv(). ping holds one end and pong the other, and a number goes back and forth between them, one higher each time. recv() blocks until the other side hits the ball back, so the two processes take strict turns: in the chart their bars alternate between running and blocked (Pipe#1.recv()), and every number is an arrow from one end to the other.',
    },
    source: pipePingPongSource,
    python: pipePingPongPython,
    expect: EXPECTS['pipe-ping-pong'],
  },
  {
    id: 'event-start-gun',
    section: '+',
    title: { zh: '用 Event 发令', en: 'An Event as a starting gun' },
    lesson: {
      zh: '4 个选手各自启动, 打印 "各就各位", 通过 ready 队列向裁判报到, 然后在 start.wait() 上阻塞 (图上标为 Event#1.wait())。主进程收齐 4 个报到后打印 "预备... 砰!" 并调用 start.set(): 一次 set() 同时唤醒所有等待的进程, 4 条 "起跑!" 紧跟在枪声之后, 图上 4 条阻塞的条在同一时刻变为运行。因为同时起跑, 跑 1 到 4 秒的选手也就按顺序到达终点。',
      en: 'Four runners start, print "各就各位" (on your marks), report to the starter through the ready queue and block in start.wait() (the chart labels it Event#1.wait()). Once all four have reported, the main process prints "预备... 砰!" and calls start.set(): a single set() wakes every waiting process at once, so the four "起跑!" lines follow the shot and in the chart the four blocked bars turn to running at the same instant. Since they start together, the runners who need 1 to 4 seconds reach the finish in that order.',
    },
    source: eventStartGunSource,
    python: eventStartGunPython,
    expect: EXPECTS['event-start-gun'],
  },
  {
    id: 'barrier-phases',
    section: '+',
    title: { zh: '用 Barrier 分阶段', en: 'Phases separated by a Barrier' },
    lesson: {
      zh: '3 个工人先在屏障前等大家都启动, 然后分 3 个阶段干活, 每个阶段各人的活有多有少。做完一个阶段就在 barrier.wait() 前等 (图上标为 Barrier#1.wait()), 直到 3 个人都到了, 大家才同时进入下一阶段: 输出中没有人在所有人做完第 k 阶段之前开始第 k+1 阶段, 快的人总在等最慢的那个。wait() 给每人返回一个不同的序号, 最先到的拿到 0, 由它宣布这一阶段全员完成。',
      en: 'Three workers first wait at the barrier until all have started, then work in 3 phases, with more or less to do in each. Whoever finishes a phase waits in barrier.wait() (the chart labels it Barrier#1.wait()) until all 3 have arrived, and then they all go on together: in the output nobody starts phase k+1 before everyone has finished phase k, and the fast ones always wait for the slowest. wait() returns a different number to each; the first to arrive gets 0 and announces that the phase is done.',
    },
    source: barrierPhasesSource,
    python: barrierPhasesPython,
    expect: EXPECTS['barrier-phases'],
  },
  {
    id: 'pool-exception',
    section: '+',
    title: { zh: '进程池的任务抛出异常', en: 'A pool task raises' },
    lesson: {
      zh: '任务 3 在 worker 里抛出 ValueError。worker 把异常连同回溯送回主进程, res.get() 在主进程里重新抛出它: 同一个类、同一条消息, 它的 cause 是一个 RemoteTraceback, 里面是 worker 里的回溯, 指向 task 中抛出异常的那一行 TypeScript 代码。别的任务的结果不受影响; 而 map() 里只要有一个任务出错, 整个 map() 就抛出那个异常。worker 并没有因此退出 (图上出错的任务段换了颜色), 之后的任务照常运行。',
      en: 'Task 3 raises ValueError in a worker. The worker sends the exception back with its traceback, and res.get() raises it again in the main process: the same class and the same message, with a RemoteTraceback as its cause that holds the worker’s traceback, pointing at the TypeScript line of task that threw. The other tasks’ results are unaffected, but in map() one failing task makes the whole map() raise that exception. The worker does not die of it (the chart draws the failed task spans in another colour), and later tasks run as usual.',
    },
    source: poolExceptionSource,
    python: poolExceptionPython,
    expect: EXPECTS['pool-exception'],
  },
  {
    id: 'imap-unordered',
    section: '+',
    title: { zh: 'imapUnordered(): 按完成的顺序拿结果', en: 'imapUnordered(): results in completion order' },
    lesson: {
      zh: '5 个任务同时开始, 任务 i 睡 5 - i 秒: 任务 0 最慢, 任务 4 最快。imapUnordered() 哪个先做完就先给哪个, 所以 5 个任务同时开始时, 结果按 4, 3, 2, 1, 0 的顺序到来, 大约每秒一个 (机器很忙、某个 worker 启动晚了, 它的任务也晚完成, 顺序就跟着变)。imap() 则按提交的顺序给: 它先要等最慢的任务 0, 第 5 秒才拿到第一个结果, 其余的早已做完, 紧跟着一起到来。两者都用 for await 一个一个地取; 想尽早处理先做完的结果, 就用 imapUnordered()。',
      en: 'Five tasks start together and task i sleeps 5 - i seconds: task 0 is the slowest, task 4 the quickest. imapUnordered() yields whichever finishes first, so when the five start together the results arrive in the order 4, 3, 2, 1, 0, about a second apart (on a busy machine a worker that starts late finishes its task late, and the order follows). imap() yields them in the order they were submitted: it must wait for the slowest, task 0, so its first result comes at 5 seconds and the others, long done, follow at once. Both are read one by one with for await; to handle each result as soon as it is ready, use imapUnordered().',
    },
    source: imapUnorderedSource,
    python: imapUnorderedPython,
    expect: EXPECTS['imap-unordered'],
  },
  {
    id: 'cpu-bound-speedup',
    section: '+',
    title: { zh: 'CPU 密集的任务: 多核加速', en: 'CPU-bound work: a speed-up from several cores' },
    lesson: {
      zh: 'count() 只做计算、从不 sleep, 运行时一直占着一个 CPU 核。同样的 2 × cpuCount() 个任务, 先交给只有 1 个 worker 的进程池一个接一个地做, 再交给有 cpuCount() 个 worker 的进程池做, 比较两次用的时间。每个 worker 都是一个真正的线程 (Web Worker), 跑在各自的核上, 所以第二次图上几条任务段同时进行, 在空闲的机器上用时接近第一次除以核数, 图上方的摘要也给出相对一个 worker 的加速比。机器上还有别的程序在抢 CPU 时, 加速比会低一些。计算的时候程序时间不按 speed 加快: CPU 工作从不被缩放。',
      en: 'count() only computes and never sleeps, so while it runs it keeps one CPU core busy. The same 2 × cpuCount() tasks are done first by a pool of 1 worker, one after another, then by a pool of cpuCount() workers, and the two times are compared. Each worker is a real thread (a Web Worker) running on a core of its own, so in the second run the chart shows several task spans at the same time and, on an otherwise idle machine, the time comes close to the first divided by the number of cores, and the summary above the chart gives the speed-up against one worker. When other programs on the machine compete for the CPU, the speed-up is lower. Program time never runs faster than the clock while something computes: CPU work is never scaled.',
    },
    source: cpuBoundSpeedupSource,
    python: cpuBoundSpeedupPython,
    expect: EXPECTS['cpu-bound-speedup'],
  },
  {
    id: 'lost-update',
    section: '+',
    title: {
      zh: '丢失的更新: 探索找出它, 加锁后穷举证明它不会发生',
      en: 'The lost update: explore finds it, and with the lock every schedule is right',
    },
    lesson: {
      zh: '2 个进程各把共享的 counter 加 2 次, 应该得 4。直接运行几乎总是 4: 两个进程启动相差几毫秒, 而几次加法只要几微秒, 它们几乎从不同时在加 (真撞上了, 就会打印 3 并且 assert 失败)。可 counter.value += 1 是先读、后写两步, 每一步都是一个调度点: 按 "探索…" (命令行: mpplay explore lost-update.ts --until assert), mpplay 让进程轮流一步一步地走, 用随机、PCT 或穷举的调度跑上几次, 很快找到一次读完还没写时另一个进程插进来的运行, counter 变成 3 甚至 2, assert 失败; 时间线上标出了调度点, 高亮的就是那几次关键的切换, 这次运行还能做成链接分享。把 USE_LOCK 改成 true 再选 "穷举" (dfs) 探索: 它试遍全部几百种调度, 每一种都得 4 ── 锁让读和写之间别人插不进来, 这是证明, 不是碰运气。',
      en: 'Two processes each add 1 to a shared counter twice: it should end at 4. A plain run almost always prints 4: the processes start milliseconds apart and their few increments take microseconds, so they hardly ever add at the same time (when they do, it prints 3 and the assert fails). But counter.value += 1 is a read and then a write, and each is a scheduling point: press Explore… (on the command line, mpplay explore lost-update.ts --until assert) and mpplay lets the processes take one step at a time, under random, PCT or exhaustive schedules, and soon finds a run where the other process slips in between a read and its write: the counter ends at 3 or even 2 and the assert fails. Its timeline marks the scheduling points and highlights the switches that mattered, and the run can be shared as a link. Set USE_LOCK to true and explore exhaustively (dfs): it tries every one of the few hundred schedules and each gives 4. The lock keeps everyone out between the read and the write; that is a proof, not luck.',
    },
    source: lostUpdateSource,
    python: lostUpdatePython,
    expect: EXPECTS['lost-update'],
  },
  {
    id: 'lock-order-deadlock',
    section: '+',
    title: {
      zh: '反着顺序拿两把锁: 平常看不到的死锁',
      en: 'Two locks taken in opposite orders: a deadlock plain runs hardly ever show',
    },
    lesson: {
      zh: '甲先拿锁 a 再拿锁 b, 乙先拿 b 再拿 a。主进程等甲开始了才启动乙, 乙拿锁之前还要先准备一会儿 (算点东西), 直接运行时这期间甲早已拿完两把锁又放掉, 所以总是顺利结束, 看起来没有问题。但只要甲拿到 a、乙拿到 b 之后两人再去拿第二把锁, 两个人就都在等对方手里的锁, 永远等下去。按 "探索…" 找死锁 (mpplay explore lock-order-deadlock.ts --until deadlock): 每一次 acquire() 都是调度点, 受控运行里计算不花时间, 随机调度或 PCT 几次之内就能撞上这个交错, mpplay 停下这次运行 (退出码 124), 说清谁在等谁, 时间线上标出是哪一次切换造成的。修正的办法是所有进程都按同一个顺序拿锁。',
      en: 'Process 甲 takes lock a, then lock b; process 乙 takes b, then a. The main process starts 乙 only once 甲 has begun, and 乙 first prepares for a while (it computes), so in a plain run 甲 has taken and released both locks long before 乙 is ready, so it always ends well and looks fine. But if 甲 holds a and 乙 holds b before either takes its second lock, each waits for the lock the other holds, for ever. Press Explore… and look for a deadlock (mpplay explore lock-order-deadlock.ts --until deadlock): every acquire() is a scheduling point, computing takes no time in a controlled run, and random or PCT schedules hit that interleaving within a few runs. mpplay stops that run (exit code 124), says who waits for whom, and its timeline marks the switch that caused it. The fix is to take the locks in the same order in every process.',
    },
    source: lockOrderDeadlockSource,
    python: lockOrderDeadlockPython,
    expect: EXPECTS['lock-order-deadlock'],
  },
  {
    id: 'queue-check-then-act',
    section: '+',
    title: {
      zh: '先看后取: Queue 的 empty() 与 get() 之间',
      en: 'Check, then act: between a Queue’s empty() and its get()',
    },
    lesson: {
      zh: '队列里只有一个包子。每个消费者先问 empty(), 不空再 get()。主进程等消费者1 开始了才启动消费者2, 消费者2 还要先准备一会儿 (算点东西), 直接运行时消费者1 问完马上取走, 消费者2 再看就是空队列, 不取了, 一切正常。可 "看" 和 "取" 是两次调用, 中间别的进程可以插进来: 两个消费者都看到不空, 一个取走了包子, 另一个的 get() 就一直等下去, 主进程的 join() 也跟着等。按 "探索…" 找死锁 (mpplay explore queue-check-then-act.ts --until deadlock) 很快就能找到这次运行。empty() 的文档也说它的结果 "不可靠": 多进程时要用 get(block=False) 或带 timeout 的 get(), 一步完成 "看" 和 "取"。',
      en: 'There is one item in the queue. Each consumer first asks empty(), and if it is not, calls get(). The main process starts 消费者2 only once 消费者1 has begun, and 消费者2 first prepares for a while (it computes), so in a plain run 消费者1 asks and takes at once, and 消费者2 then sees an empty queue and takes nothing: all is well. But checking and taking are two calls, and another process can slip in between: both consumers see a non-empty queue, one takes the item, and the other’s get() waits for ever, with the main process’s join() waiting behind it. Press Explore… and look for a deadlock (mpplay explore queue-check-then-act.ts --until deadlock) and it finds that run quickly. Python’s documentation calls empty() unreliable for this reason: with several processes, check and take in one step, with get(block=False) or a get() with a timeout.',
    },
    source: queueCheckThenActSource,
    python: queueCheckThenActPython,
    expect: EXPECTS['queue-check-then-act'],
  },
  {
    id: 'queue-sentinel-one-consumer',
    section: '+',
    title: {
      zh: '名字当结束标记, 只有一个消费者: 谁的产品会丢',
      en: 'Names as end markers, one consumer: whose products are lost',
    },
    lesson: {
      zh: '这是第 5.1 节的程序, 只留一个消费者。它见到第一个生产者的名字就收工, 排在这个名字后面的产品没人消费。丢的是哪几个? 第 6 秒三个生产者同时放最后一个产品和自己的名字, 这六次 put() 的先后由调度决定。直接运行每次大多是同一种先后; 按 "探索…" 选 "输出不同" (mpplay explore queue-sentinel-one-consumer.ts --until output) 让它在许多种调度下运行, 结果的直方图按最后一行分组, 列出每一种答案: 没被消费的是 包子2、水饺2、馒头2 里的哪一个、哪两个, 或者一个都没丢。教训和 5.1 节一样: 用一个特殊的结束标记, 而且有几个消费者就放几个。',
      en: 'This is section 5.1’s program with a single consumer. It stops at the first producer’s name it gets, so the products queued behind that name are never eaten. Which ones? At second 6 the three producers put their last product and then their name at the same moment, and the order of those six puts is the scheduler’s choice. Plain runs mostly show the same order; press Explore… with "output differs" (mpplay explore queue-sentinel-one-consumer.ts --until output) to run it under many schedules, and the histogram, grouped by the last line, lists every answer: which one or two of 包子2, 水饺2 and 馒头2 are never eaten, or none at all. The lesson is section 5.1’s: use one special end marker, and put one per consumer.',
    },
    source: queueSentinelOneConsumerSource,
    python: queueSentinelOneConsumerPython,
    expect: EXPECTS['queue-sentinel-one-consumer'],
  },
];

/** The example with this id, or `undefined`. */
export function exampleById(id: string): Example | undefined {
  return examples.find((e) => e.id === id);
}
