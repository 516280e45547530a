// Processes in the browser are contained (issue 14.2, 14.5): no network, storage or channel to the page, and a
// program that patches built-ins or posts protocol messages itself breaks only its own process.
import { expect, test } from '@playwright/test';
import { openApp, setCode, terminalText, waitForRunEnd } from './helpers';

const ESCAPES = [
  'g.fetch("/")',
  'new g.XMLHttpRequest()',
  'new g.WebSocket("ws://127.0.0.1:1/")',
  'new g.EventSource("/")',
  'g.indexedDB.open("x")',
  'g.caches.open("x")',
  'new g.BroadcastChannel("x")',
  'new g.Worker("/x.js")',
  'g.postMessage([{ t: "signal", pid: 1000, signal: 9 }])',
  // WebIDL puts a [Global]'s operations on the global itself; older engines on its prototype: either way.
  '(Object.getPrototypeOf(g).postMessage ?? Object.getOwnPropertyDescriptor(g, "postMessage")!.value).call(g, [])',
  'g.onmessage = () => {}',
  'g.addEventListener("message", () => {})',
  'Function("return this")().fetch("/")',
  'g.self.fetch("/")',
  'g.navigator.locks.request("x", () => {})',
  'Array.prototype.push = () => 0',
  'MessagePort.prototype.postMessage = () => {}',
  'Promise.prototype.then = function () { return this; }',
];

test('a process can reach neither the network, nor storage, nor the page; patched built-ins break only it', async ({
  page,
}) => {
  await openApp(page);
  const code = [
    'import { Process, Queue } from "multiprocessing";',
    'async function child(q: Queue<string>) { await q.put("child ok"); }',
    'const g = globalThis as any;',
    'if (__name__ === "__main__") {',
    ...ESCAPES.map((t, i) => `  try { ${t}; print("${i} ALLOWED"); } catch (e: any) { print("${i}", e.name); }`),
    '  const q = new Queue<string>();',
    '  const p = new Process({ target: child, args: [q] });',
    '  p.start();',
    '  print(await q.get());',
    '  await p.join();',
    '  print("exit", p.exitCode);',
    '}',
  ].join('\n');
  await setCode(page, code);
  await page.getByTestId('run').click();
  const end = await waitForRunEnd(page);
  expect(end).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect.poll(() => terminalText(page)).toContain('exit 0');
  const text = await terminalText(page);
  const got = text
    .split('\n')
    .map((l) => l.trim().replace(/^\[\d+ [^\]]+\] /, '')) // the terminal's `[pid name]` prefix
    .filter((l) => /^\d+ /.test(l));
  // The page's CSP has no 'unsafe-eval', which the workers inherit: Function() itself is refused, before any fetch.
  const refusedBy = (t: string, i: number) =>
    t.startsWith('Function(') ? 'EvalError' : i < ESCAPES.length - 3 ? 'PermissionError' : 'TypeError';
  const want = ESCAPES.map((t, i) => `${i} ${refusedBy(t, i)}`);
  expect(got, text).toEqual(want);
  expect(text).toContain('child ok');
});

test('an uncaught error prints a traceback with the TypeScript file and lines (error-stack-parser in the worker)', async ({
  page,
}) => {
  await openApp(page);
  await setCode(
    page,
    ['function check(n: number) {', '  if (n > 1) throw new ValueError(`bad ${n}`);', '}', 'check(7);'].join('\n'),
  );
  await page.getByTestId('run').click();
  expect(await waitForRunEnd(page)).toMatchObject({ exitCode: 1 });
  await expect.poll(() => terminalText(page)).toContain('ValueError: bad 7');
  const text = (await terminalText(page)).replace(/^\[\d+ [^\]]+\] /gm, '');
  expect(text).toContain(
    'Traceback (most recent call last):\n  File "main.ts", line 4, in <module>\n    check(7);\n  File "main.ts", line 2, in check\n',
  );
});

test('a process whose worker ends under it (its code calls close()) is reported dead, and the run ends', async ({
  page,
}) => {
  // Before: the kernel took the child for running and the parent's join() waited forever, status "running".
  await openApp(page);
  const code = [
    'import { Process } from "multiprocessing";',
    'import * as time from "time";',
    '// close() ends the worker once the code running now yields: no exit ever reaches the kernel.',
    'async function child() { (globalThis as any).close(); await time.sleep(0.1); print("never"); }',
    'if (__name__ === "__main__") {',
    '  const p = new Process({ target: child });',
    '  p.start();',
    '  await p.join();',
    '  print("exit", p.exitCode);',
    '}',
  ].join('\n');
  await setCode(page, code);
  await page.getByTestId('run').click();
  const end = await waitForRunEnd(page);
  expect(end).toMatchObject({ status: 'exited', exitCode: 0 });
  await expect.poll(() => terminalText(page)).toContain('exit 1');
  const text = await terminalText(page);
  expect(text).not.toContain('never');
  expect(text).toMatch(
    /\[1001 Process-1\] SystemError: this process stopped answering mpplay's kernel: its worker ended \(its code closed it, or the browser ended it\)/,
  );
});
