// Processes in the browser are contained (issue 14.2, 14.5): no network, storage or channel to the page, and a
// program that patches built-ins or posts protocol messages itself breaks only its own process.
import { type Page, expect, test } from '@playwright/test';
import { type AppState, openApp, setCode, terminalText, waitForRunEnd } from './helpers';

/** Opens the app and runs `code` to its end: how it ended, and the terminal's text once it shows `last`. */
async function runToEnd(page: Page, code: string, last: string): Promise<{ end: AppState; text: string }> {
  await openApp(page);
  await setCode(page, code);
  await page.getByTestId('run').click();
  const end = await waitForRunEnd(page);
  await expect.poll(() => terminalText(page)).toContain(last);
  return { end, text: await terminalText(page) };
}

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
  const { end, text } = await runToEnd(page, code, 'exit 0');
  expect(end).toMatchObject({ status: 'exited', exitCode: 0 });
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
  const code = ['function check(n: number) {', '  if (n > 1) throw new ValueError(`bad ${n}`);', '}', 'check(7);'];
  const run = await runToEnd(page, code.join('\n'), 'ValueError: bad 7');
  expect(run.end).toMatchObject({ exitCode: 1 });
  const text = run.text.replace(/^\[\d+ [^\]]+\] /gm, '');
  expect(text).toContain(
    'Traceback (most recent call last):\n  File "main.ts", line 4, in <module>\n    check(7);\n  File "main.ts", line 2, in check\n',
  );
});

test('a process whose worker ends under it (its code calls close()) is reported dead, and the run ends', async ({
  page,
}) => {
  // Before: the kernel took the child for running and the parent's join() waited forever, status "running".
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
  const { end, text } = await runToEnd(page, code, 'exit 1');
  expect(end).toMatchObject({ status: 'exited', exitCode: 0 });
  expect(text).not.toContain('never');
  expect(text).toMatch(
    /\[1001 Process-1\] SystemError: this process stopped answering mpplay's kernel: its worker ended \(its code closed it, or the browser ended it\)/,
  );
});
