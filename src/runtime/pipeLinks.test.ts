// A pipe direction with one writer and one reader gets a direct link (a SharedArrayBuffer ring or a
// MessagePort) instead of two hops through the kernel. These tests hold that it changes nothing a program
// or the trace can see: order, copies, EOF, poll timeouts, a second reader or writer, deadlock reports.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../protocol/trace';
import { errorText as err, runMain as main, type TestRun } from '../testkit/inProcess';

type Conn = {
  recv(): Promise<unknown>;
  send(x: unknown): void;
  poll(t?: number | null): Promise<boolean>;
  close(): void;
};

/** put/take pairs by item id: every item taken once, by someone other than its sender here. */
function items(run: TestRun) {
  const puts = run.events.filter((e): e is Extract<TraceEvent, { kind: 'put' }> => e.kind === 'put');
  const takes = run.events.filter((e): e is Extract<TraceEvent, { kind: 'take' }> => e.kind === 'take');
  const untaken = run.events.flatMap((e) => (e.kind === 'untaken' ? e.items : []));
  return { puts, takes, untaken };
}

for (const links of ['sab', 'port', 'off'] as const) {
  describe(`Pipe with links ${links}`, () => {
    it('ping-pong: every message in order, a copy, and traced from put to take', async () => {
      const run = await main(
        async ({ mp, print }) => {
          const [a, b] = mp.Pipe();
          const p = new mp.Process({ target: pong, args: [b] });
          p.start();
          const got: unknown[] = [];
          for (let i = 0; i < 40; i++) {
            const msg = i % 5 === 0 ? { i, big: 'x'.repeat(50) } : i % 7 === 0 ? `s${i}` : i;
            a.send(msg);
            got.push(await a.recv());
          }
          a.send(null);
          await p.join();
          print(JSON.stringify(got.slice(0, 8)), got.length, p.exitCode);
        },
        () => ({ pong }),
        { pipeLinks: links },
      );
      async function pong(c: Conn) {
        for (let x = await c.recv(); x !== null; x = await c.recv()) c.send(x);
      }
      expect(run.out('MainProcess')).toBe(
        `[{"i":0,"big":"${'x'.repeat(50)}"},1,2,3,4,{"i":5,"big":"${'x'.repeat(50)}"},6,"s7"] 40 0\n`,
      );
      const { puts, takes, untaken } = items(run);
      expect(puts).toHaveLength(81);
      expect(takes.map((t) => t.item).sort((x, y) => x - y)).toEqual(puts.map((p) => p.item).sort((x, y) => x - y));
      expect(untaken).toEqual([]);
      const child = run.pidOf('Process-1');
      for (const t of takes) {
        const put = puts.find((p) => p.item === t.item)!;
        expect(t.pid).not.toBe(put.pid); // taken by the other process
        expect([run.pidOf('MainProcess'), child]).toContain(t.pid);
      }
      expect(puts.find((p) => p.summary === '"s7"')).toBeDefined();
      expect(run.result.exitCode).toBe(0);
      // Both directions went direct (unless links are off), after a first message through the kernel.
      expect(run.kernel.pipeLinksMade).toBe(links === 'off' ? 0 : 2);
    });

    it('EOF after the last message once the writer has closed everywhere; poll() times out on the fake clock', async () => {
      const run = await main(
        async ({ mp, print }, fns) => {
          const [r, w] = mp.Pipe(false);
          const p = new mp.Process({ target: fns.slowWriter, args: [w] });
          p.start();
          w.close();
          print(await r.recv()); // 'a', through the kernel
          print(await r.recv()); // 'b0' 0.2 s later: the reader waited, so it may read directly from here
          print(await r.poll(0.5)); // the writer sleeps 1 s
          print(await r.recv(), await r.recv());
          print(await err(() => r.recv()), await r.poll(null));
          await p.join();
        },
        ({ time }) => ({
          async slowWriter(w: Conn) {
            w.send('a');
            await time.sleep(0.2);
            w.send('b0'); // makes the reader direct if it was not yet
            await time.sleep(1);
            w.send('b');
            w.send('c');
            w.close();
          },
        }),
        { pipeLinks: links },
      );
      expect(run.out('MainProcess')).toBe('a\nb0\nfalse\nb c\nEOFError:  true\n');
      // The poll waited its 0.5 s (program time, on the fake clock) and was traced as a wait.
      const polls = run
        .of('MainProcess', 'blocked')
        .filter((e) => e.kind === 'blocked' && e.on.op === 'poll' && e.on.timeout === 0.5);
      expect(polls).toHaveLength(1);
      const back = run.of('MainProcess').find((e) => e.kind === 'unblocked' && e.at > polls[0]!.at)!;
      expect(back).toMatchObject({ reason: 'timeout' });
      expect(back.at - polls[0]!.at).toBe(500);
      expect(run.kernel.pipeLinksMade).toBe(links === 'off' ? 0 : 1);
      expect(run.result.exitCode).toBe(0);
    });

    it('a second reader ends the link: what the first reader had not taken goes to the second, in order', async () => {
      const run = await main(
        async ({ mp, print, time }, fns) => {
          const [r, w] = mp.Pipe(false);
          const writer = new mp.Process({ target: fns.writer, args: [w] });
          writer.start();
          w.close();
          print('parent', await r.recv(), await r.recv()); // 1 2; the second waited, so the link is made
          await time.sleep(1); // 3..6 come by the link meanwhile, and nobody here takes them
          const reader = new mp.Process({ target: fns.reader, args: [r] });
          reader.start();
          await reader.join();
          await writer.join();
        },
        ({ time, print }) => ({
          async writer(w: Conn) {
            w.send(1);
            await time.sleep(0.2);
            w.send(2);
            await time.sleep(0.3);
            for (let i = 3; i <= 6; i++) w.send(i);
            await time.sleep(2);
            w.send(7);
            w.close();
          },
          async reader(r: Conn) {
            const got: unknown[] = [];
            for (let i = 0; i < 5; i++) got.push(await r.recv());
            print('reader', ...got);
          },
        }),
        { pipeLinks: links },
      );
      expect(run.out('MainProcess')).toBe('parent 1 2\n');
      expect(run.out('Process-2')).toBe('reader 3 4 5 6 7\n');
      const { puts, takes, untaken } = items(run);
      expect(puts).toHaveLength(7);
      expect(takes.filter((t) => t.pid === run.pidOf('Process-2'))).toHaveLength(5);
      expect(untaken).toEqual([]);
      expect(run.kernel.pipeLinksMade).toBe(links === 'off' ? 0 : 1);
    });

    it("a second writer goes through the kernel; each writer's messages stay in order", async () => {
      const run = await main(
        async ({ mp, print, time }, fns) => {
          const [r, w] = mp.Pipe(false);
          const one = new mp.Process({ target: fns.writer, args: [w, 'a', 0] });
          one.start();
          print(await r.recv()); // a0
          print(await r.recv()); // a1, after a wait: the link is made for writer one
          const two = new mp.Process({ target: fns.writer, args: [w, 'b', 0.05] });
          two.start();
          const got: string[] = [];
          for (let i = 0; i < 16; i++) got.push((await r.recv()) as string);
          for (const who of ['a', 'b']) print(got.filter((x) => x.startsWith(who)).join(' '));
          await one.join();
          await two.join();
          void time;
        },
        ({ time }) => ({
          async writer(w: Conn, who: string, pause: number) {
            if (who === 'a') {
              w.send('a0');
              await time.sleep(0.1);
              w.send('a1');
              await time.sleep(0.5);
            }
            for (let i = 2; i < 10; i++) {
              w.send(`${who}${i}`);
              await time.sleep(pause);
            }
          },
        }),
        { pipeLinks: links },
      );
      expect(run.out('MainProcess')).toBe('a0\na1\na2 a3 a4 a5 a6 a7 a8 a9\nb2 b3 b4 b5 b6 b7 b8 b9\n');
      expect(items(run).untaken).toEqual([]);
    });

    it('a direct reader that can never get anything is part of the deadlock report', async () => {
      const run = await main(
        async ({ mp, time }, fns) => {
          const [a, b] = mp.Pipe();
          const p = new mp.Process({ target: fns.child, args: [b] });
          p.start();
          a.send(1);
          await time.sleep(0.1);
          a.send(2); // the child waited for it: it reads directly now
          await a.recv(); // the child never answers
        },
        () => ({
          async child(c: Conn) {
            await c.recv();
            await c.recv();
            await c.recv();
          },
        }),
        { pipeLinks: links },
      );
      expect(run.result).toMatchObject({ exitCode: 124, reason: 'deadlock' });
      const dl = run.events.find((e) => e.kind === 'deadlock') as Extract<TraceEvent, { kind: 'deadlock' }>;
      expect(dl.waits.map((w) => `${w.name} ${w.on}`).sort()).toEqual([
        'MainProcess Pipe#1.recv()',
        'Process-1 Pipe#1.recv()',
      ]);
      expect(run.kernel.pipeLinksMade).toBe(links === 'off' ? 0 : 1);
    });

    it('a direct reader that exits gives back what it did not take: the next reader gets it', async () => {
      const run = await main(
        async ({ mp, print, time }, fns) => {
          const [r, w] = mp.Pipe(false);
          const reader = new mp.Process({ target: fns.readTwo, args: [r] });
          reader.start();
          w.send(1);
          await time.sleep(0.1);
          w.send(2); // the reader waited for it: it reads by a link now
          for (let i = 3; i <= 6; i++) w.send(i); // it takes none of these
          await reader.join();
          const rest: unknown[] = [];
          while (await r.poll(0.1)) rest.push(await r.recv());
          print('main', ...rest);
        },
        ({ print, time }) => ({
          async readTwo(r: Conn) {
            const a = await r.recv();
            const b = await r.recv();
            await time.sleep(0.2); // 3..6 arrive meanwhile
            print('reader', a, b);
          },
        }),
        { pipeLinks: links },
      );
      expect(run.out('Process-1')).toBe('reader 1 2\n');
      expect(run.out('MainProcess')).toBe('main 3 4 5 6\n');
      expect(items(run).untaken).toEqual([]);
      expect(run.kernel.pipeLinksMade).toBe(links === 'off' ? 0 : 1);
    });
  });
}
