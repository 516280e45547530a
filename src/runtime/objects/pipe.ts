// Pipe and its two Connection ends. send() never waits; recv() and poll() do. A direction with one writer
// and one reader goes by a direct link (src/runtime/objects/link.ts, src/kernel/objects/link.ts).
import { approxBytes, heldCapMessage } from '../../protocol/limits';
import { EOFError, MemoryError, OSError } from '../errors';
import type { ProcessRuntime } from '../runtime';
import { HANDLE, type HandleRef } from '../serialize';
import { isGrant, linksOf, turnTaker } from './link';

interface CState {
  id: string;
  end: 0 | 1;
  readable: boolean;
  writable: boolean;
  closed: boolean;
}

export function makePipes(rt: ProcessRuntime) {
  const states = new WeakMap<object, CState>();
  const st = (c: object) => states.get(c)!;
  const links = linksOf(rt);
  /** One recv()/poll() at a time per end in this process. */
  const inTurn = turnTaker();

  /** recv() or poll(): by the direct link when this process is the end's reader, else through the kernel. */
  const receive = async (s: CState, poll: boolean, timeout: number | null): Promise<unknown> => {
    const method = poll ? 'poll' : 'recv';
    for (;;) {
      if (links.isReader(s.id, s.end)) {
        const got = await links.read(s.id, s.end, poll, timeout, (delivered) => ({
          op: 'obj',
          id: s.id,
          method,
          args: [s.end, delivered],
          timeout: poll ? timeout : null,
        }));
        if ('item' in got) return rt.decodeItem(got.item.v);
        if ('ready' in got) return true;
        if ('answer' in got) return poll ? got.answer : rt.decodeItem(got.answer);
        continue; // the link ended before a wait: through the kernel
      }
      const v = await rt.call({ op: 'obj', id: s.id, method, args: [s.end], timeout });
      if (isGrant(v)) {
        links.installReader(s.id, s.end, v);
        continue;
      }
      return poll ? v : rt.decodeItem(v);
    }
  };

  /** @py multiprocessing.connection.Connection */
  class Connection<T = unknown> {
    private check(): CState {
      const s = st(this);
      if (s.closed) throw new OSError('handle is closed');
      return s;
    }
    /** @py Connection.send — the object is copied now; a function travels by name. */
    send(obj: T): void {
      const s = this.check();
      if (!s.writable) throw new OSError('connection is read-only');
      const into = s.end === 0 ? 1 : 0;
      const v = rt.encodeItem(obj);
      // Counted against the run's cap on what queues and pipes hold while the kernel holds it (send cannot wait
      // to ask the kernel, so this process's own count decides); a message that goes by a link is not.
      const bytes = approxBytes(v);
      if (!rt.limits.chargeHeld(bytes)) throw new MemoryError(heldCapMessage(rt.limits.caps.heldBytes));
      const seq = links.nextSeq(s.id, into);
      if (links.send(s.id, into, seq, v)) return rt.limits.unchargeHeld(bytes);
      rt.send({ t: 'op', id: s.id, method: 'send', args: [s.end, v] });
    }
    /** @py Connection.recv — EOFError once the other end is closed everywhere and nothing is left. */
    async recv(): Promise<T> {
      const s = this.check();
      if (!s.readable) throw new OSError('connection is write-only');
      return (await inTurn(`${s.id}/${s.end}`, () => receive(s, false, null))) as T;
    }
    /** @py Connection.poll — whether there is something to recv(); waits up to `timeout` seconds (default 0; null forever). */
    async poll(timeout: number | null = 0): Promise<boolean> {
      const s = this.check();
      if (!s.readable) throw new OSError('connection is write-only');
      return (await inTurn(`${s.id}/${s.end}`, () => receive(s, true, timeout))) as boolean;
    }
    /** @py Connection.close — this process's handle; the reader sees EOF when no process holds this end open. */
    close(): void {
      const s = st(this);
      if (s.closed) return;
      s.closed = true;
      rt.send({ t: 'op', id: s.id, method: 'close', args: [s.end] });
    }
    get closed(): boolean {
      return st(this).closed;
    }
    get readable(): boolean {
      return st(this).readable;
    }
    get writable(): boolean {
      return st(this).writable;
    }
    [HANDLE](): HandleRef {
      const s = st(this);
      return { kind: 'Connection', id: `${s.id}/${s.end}`, extra: { readable: s.readable, writable: s.writable } };
    }
    toString(): string {
      const s = st(this);
      return `<Connection ${rt.objectName(s.id, 'Pipe')} end ${s.end}>`;
    }
  }

  const make = (id: string, end: 0 | 1, readable: boolean, writable: boolean) => {
    const c = Object.create(Connection.prototype) as Connection;
    states.set(c, { id, end, readable, writable, closed: false });
    links.listen(id); // notes about its links may come before this process first waits on it
    return c;
  };

  /** @py multiprocessing.Pipe — `[a, b]`; with duplex false, `a` only receives and `b` only sends. */
  function Pipe<T = unknown>(duplex = true): [Connection<T>, Connection<T>] {
    const holder = {};
    const id = rt.newObject('Connection', { duplex }, holder);
    return [make(id, 0, true, duplex) as Connection<T>, make(id, 1, duplex, true) as Connection<T>];
  }

  rt.handleFactories.set('Connection', (ref) => {
    const [id, end] = ref.id.split('/') as [string, string];
    return make(id, end === '1' ? 1 : 0, ref.extra?.readable === true, ref.extra?.writable === true);
  });

  return { Pipe, Connection, EOFError };
}
