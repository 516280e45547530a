// os.getppid() and parentProcess() of an orphan, as CPython has them (spawn, checked against CPython 3 here): the
// moment its parent dies, getppid() says 1, even in a loop that never yields; parentProcess() keeps the pid of
// the process that started it and says it is no longer alive; currentProcess() still names that pid as parent.
import { describe, expect, it } from 'vitest';
import { nodeBundle } from '../../scripts/nodeBundle.mjs';
import { runOnNode } from '../hosts/node/nodeHost';
import { INIT_PID } from '../protocol/messages';
import type { TraceEvent } from '../protocol/trace';

async function run(source: string) {
  const { worker } = (await nodeBundle()) as { worker: URL };
  const out = new Map<number, string[]>();
  const names = new Map<string, number>();
  const r = await runOnNode({
    source,
    workerUrl: worker,
    speed: 10,
    onEvent: (e: TraceEvent) => {
      if (e.kind === 'spawn') names.set(e.name, e.pid);
      if (e.kind === 'output') out.set(e.pid, [...(out.get(e.pid) ?? []), e.text]);
    },
  });
  const result = await r.done;
  return {
    result,
    lines: (name: string) => (out.get(names.get(name) ?? -1) ?? []).join('').split('\n').slice(0, -1),
    pid: (name: string) => names.get(name),
  };
}

/**
 * The orphan says it is ready through a shared Value (a write the main process sees at once, while the orphan
 * never yields), then spins on getppid() until it changes or 20 wall seconds pass. Only a getppid() that reads
 * the kernel's current view ends the spin: a copy updated by a message would wait for a turn of the event loop
 * that the spin never gives. The same program in Python under CPython 3.11 (spawn) printed the same lines, reprs
 * included (the orphan's own object names the pid of the parent that started it, and shows no pid of its own).
 */
const ORPHAN = `
import * as os from "os";
import * as time from "time";
import { Process, Value, currentProcess, parentProcess } from "multiprocessing";

function orphan(flag: any) {
  const first = os.getppid();
  const pp = parentProcess()!;
  print(\`before \${first === pp.pid} \${pp.isAlive()} \${first}\`);
  flag.value = 1;
  const until = Date.now() + 20_000;
  while (os.getppid() === first && Date.now() < until) {}
  print(\`after \${os.getppid()} \${pp.pid === first} \${pp.isAlive()}\`);
  print(String(currentProcess()));
  print(String(pp));
}

async function parent(flag: any) {
  const c = new Process({ target: orphan, args: [flag] });
  c.start();
  await time.sleep(100);
}

if (__name__ === "__main__") {
  const flag = new Value("i", 0);
  const p = new Process({ target: parent, args: [flag] });
  p.start();
  while (flag.value === 0) await time.sleep(0.01);
  p.terminate();
  await p.join();
  print(\`parent \${p.exitCode}\`);
  print(String(currentProcess()));
}
`;

describe("an orphan's view of its parent (Node worker_threads)", () => {
  it('getppid() says 1 as soon as the parent is terminated, even in a loop that never yields', async () => {
    const r = await run(ORPHAN);
    expect(r.result.exitCode).toBe(0);
    const parent = r.pid('Process-1');
    expect(r.lines('MainProcess')).toEqual(['parent -15', "<_MainProcess name='MainProcess' parent=None started>"]);
    expect(r.lines('Process-1:1')).toEqual([
      `before true true ${parent}`,
      `after ${INIT_PID} true false`,
      `<Process name='Process-1:1' parent=${parent} started>`,
      "<_ParentProcess name='Process-1' parent=None unknown>",
    ]);
  }, 60_000);
});
