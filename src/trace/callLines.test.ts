// The user's line of each blocking call reaches the trace (a real run through the CLI): sleep, join, get, acquire.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { processesAt } from './processStates';
import { traceOfSource } from './testing/cliTrace';

const PROGRAM = `import { Process, Queue, Lock } from "multiprocessing";
import * as time from "time";

async function consumer(q: Queue<number>, lock: Lock) {
  await time.sleep(0.2);
  const n = await q.get();
  await lock.acquire();
  lock.release();
  print("got", n);
}

if (__name__ === "__main__") {
  const q = new Queue<number>();
  const lock = new Lock();
  const c = new Process({ target: consumer, args: [q, lock] });
  c.start();
  await lock.acquire();
  await time.sleep(1);
  q.put(7);
  await time.sleep(0.5);
  lock.release();
  await c.join();
}
`;

type Waiting = Extract<TraceEvent, { kind: 'sleeping' | 'blocked' }>;

describe('blocking calls carry the line of the program that made them', () => {
  it('sleep, get, acquire in a child; sleep and join in the main process', async () => {
    const file = await traceOfSource('lines.ts', PROGRAM);
    const waits = file.events.filter((e): e is Waiting => e.kind === 'sleeping' || e.kind === 'blocked');
    const name = new Map(file.processes.map((p) => [p.pid, p.name]));
    const seen = waits.map((e) => `${name.get(e.pid)} ${e.kind === 'blocked' ? e.on.op : 'sleep'} @${e.line}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'Process-1 sleep @5',
        'Process-1 get @6',
        'Process-1 acquire @7',
        'MainProcess sleep @18',
        'MainProcess sleep @20',
        'MainProcess join @22',
      ]),
    );
    // The exit protocol's wait (no call of the user's) has no line.
    for (const e of waits) if (e.kind === 'blocked' && e.on.op === 'exit') expect(e.line).toBeUndefined();
    // And the process table of that moment says so: while the child waits for the lock, it waits on line 7.
    const acquire = waits.find((e) => e.kind === 'blocked' && e.on.op === 'acquire')!;
    const child = processesAt(file.events, acquire.at).find((r) => r.pid === acquire.pid)!;
    expect(child).toMatchObject({ state: 'blocked', line: 7, blockedOn: 'Lock#1.acquire()' });
  }, 60_000);
});
