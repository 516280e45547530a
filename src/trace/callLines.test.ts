// The user's line of each blocking call reaches the trace (a real run through the CLI): sleep, join, get, acquire.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { processesAt } from './processStates';
import { traceOfSource } from './testing/cliTrace';

// Each wait is made to happen whatever the machine's load: the child says it is ready before it waits for the
// item, the main process holds the lock until a second after it gave the item.
const PROGRAM = `import { Process, Queue, Lock } from "multiprocessing";
import * as time from "time";

async function consumer(q: Queue<number>, ready: Queue<number>, lock: Lock) {
  await time.sleep(0.2);
  ready.put(1);
  const n = await q.get();
  await lock.acquire();
  lock.release();
  print("got", n);
}

if (__name__ === "__main__") {
  const q = new Queue<number>();
  const ready = new Queue<number>();
  const lock = new Lock();
  await lock.acquire();
  const c = new Process({ target: consumer, args: [q, ready, lock] });
  c.start();
  await ready.get();
  await time.sleep(1);
  q.put(7);
  await time.sleep(1);
  lock.release();
  await c.join();
}
`;

type Waiting = Extract<TraceEvent, { kind: 'sleeping' | 'blocked' }>;

/** The line (1-based) of the program where `code` appears for the `nth` time. */
function lineOf(code: string, nth = 1): number {
  const lines = PROGRAM.split('\n');
  let seen = 0;
  const i = lines.findIndex((l) => l.includes(code) && ++seen === nth);
  if (i < 0) throw new Error(`no "${code}" in the program`);
  return i + 1;
}

describe('blocking calls carry the line of the program that made them', () => {
  it('sleep, get, acquire in a child; sleep and join in the main process', async () => {
    const file = await traceOfSource('lines.ts', PROGRAM);
    const waits = file.events.filter((e): e is Waiting => e.kind === 'sleeping' || e.kind === 'blocked');
    const name = new Map(file.processes.map((p) => [p.pid, p.name]));
    const seen = waits.map((e) => `${name.get(e.pid)} ${e.kind === 'blocked' ? e.on.op : 'sleep'} @${e.line}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        `Process-1 sleep @${lineOf('time.sleep(0.2)')}`,
        `Process-1 get @${lineOf('await q.get()')}`,
        `Process-1 acquire @${lineOf('await lock.acquire()')}`,
        `MainProcess get @${lineOf('await ready.get()')}`,
        `MainProcess sleep @${lineOf('time.sleep(1)', 1)}`,
        `MainProcess sleep @${lineOf('time.sleep(1)', 2)}`,
        `MainProcess join @${lineOf('await c.join()')}`,
      ]),
    );
    // The exit protocol's wait (no call of the user's) has no line.
    for (const e of waits) if (e.kind === 'blocked' && e.on.op === 'exit') expect(e.line).toBeUndefined();
    // And the process table of that moment says so: while the child waits for the lock, it waits on that line.
    const acquire = waits.find((e) => e.kind === 'blocked' && e.on.op === 'acquire')!;
    const child = processesAt(file.events, acquire.at).find((r) => r.pid === acquire.pid)!;
    expect(child).toMatchObject({
      state: 'blocked',
      line: lineOf('await lock.acquire()'),
      blockedOn: 'Lock#1.acquire()',
    });
  }, 60_000);
});
