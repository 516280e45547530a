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
  // The page's CSP has no 'unsafe-eval': the Function constructor itself is refused (EvalError), before any fetch.
  'Function("return this")().fetch("/")',
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
  const evalAt = ESCAPES.findIndex((e) => e.startsWith('Function('));
  const want = ESCAPES.map(
    (_, i) => `${i} ${i === evalAt ? 'EvalError' : i < ESCAPES.length - 3 ? 'PermissionError' : 'TypeError'}`,
  );
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
