// The kernel ⇄ process-worker link survives what Firefox does to it: a message replaced by a `messageerror`.
import { describe, expect, it } from 'vitest';
import { MAX_RESENDS, SequencedPort, type PortEnd } from './sequencedPort';

/** Two fake port ends, delivered by hand; `lose(n)` turns the next n messages towards that end into messageerrors. */
function pair() {
  const ends = [0, 1].map(() => {
    const end = {
      inbox: [] as { data: unknown; transfer: Transferable[] }[],
      losing: 0,
      closed: false,
      onmessage: null as PortEnd['onmessage'],
      onmessageerror: null as PortEnd['onmessageerror'],
      postMessage: (data: unknown, transfer?: Transferable[] | StructuredSerializeOptions) => {
        other().inbox.push({ data: structuredClone(data), transfer: Array.isArray(transfer) ? transfer : [] });
      },
      close: () => void (end.closed = true),
    };
    let other = () => end;
    return { end, setOther: (f: () => typeof end) => (other = f) };
  });
  ends[0]!.setOther(() => ends[1]!.end);
  ends[1]!.setOther(() => ends[0]!.end);
  const [a, b] = [ends[0]!.end, ends[1]!.end];
  /** Delivers everything queued, both ways, until both inboxes are empty. */
  const flush = () => {
    for (let guard = 0; guard < 1000 && (a.inbox.length || b.inbox.length); guard++) {
      for (const end of [a, b]) {
        const m = end.inbox.shift();
        if (!m || end.closed) continue;
        if (end.losing > 0) {
          end.losing--;
          end.onmessageerror?.call(end as unknown as MessagePort, new MessageEvent('messageerror'));
        } else end.onmessage?.call(end as unknown as MessagePort, { data: m.data } as MessageEvent);
      }
    }
  };
  return { a, b, flush };
}

function link() {
  const { a, b, flush } = pair();
  const got = { a: [] as string[], b: [] as string[] };
  const failed = { a: [] as string[], b: [] as string[] };
  const pa = new SequencedPort<string, string>(a as unknown as PortEnd, {
    deliver: (m) => got.a.push(m),
    fail: (t) => failed.a.push(t),
  });
  const pb = new SequencedPort<string, string>(b as unknown as PortEnd, {
    deliver: (m) => got.b.push(m),
    fail: (t) => failed.b.push(t),
  });
  return { a, b, pa, pb, got, failed, flush };
}

describe('SequencedPort', () => {
  it('delivers each message once and in order when nothing is lost', () => {
    const l = link();
    for (const m of ['init', 'reply', 'clock']) l.pa.post(m);
    l.pb.post('ready');
    l.flush();
    expect(l.got.b).toEqual(['init', 'reply', 'clock']);
    expect(l.got.a).toEqual(['ready']);
    expect(l.pb.resent + l.pa.resent).toBe(0);
  });

  it('a message that arrives unreadable is sent again, and the ones behind it wait for it', () => {
    const l = link();
    l.b.losing = 1; // the first message towards b (the process's init) comes as a messageerror
    for (const m of ['init', 'reply', 'clock']) l.pa.post(m);
    l.flush();
    expect(l.got.b).toEqual(['init', 'reply', 'clock']);
    expect(l.pa.resent).toBeGreaterThan(0);
    expect(l.failed).toEqual({ a: [], b: [] });
  });

  it('a loss in the middle, and several in a row, still give every message once, in order', () => {
    const l = link();
    l.pa.post('m1');
    l.flush();
    l.b.losing = 3;
    for (const m of ['m2', 'm3', 'm4', 'm5']) l.pa.post(m);
    l.flush();
    expect(l.got.b).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('forgets what the other end has acknowledged, so a long run keeps nothing it sent long ago', () => {
    const l = link();
    for (let i = 0; i < 500; i++) l.pa.post(`m${i}`);
    l.flush();
    expect(l.got.b).toHaveLength(500);
    expect(l.pa.pending).toBeLessThan(64); // b acks alone every 64 messages it reads without answering
    l.pb.post('answer'); // an answer carries the ack of all 500
    l.flush();
    expect(l.pa.pending).toBe(0);
  });

  it('gives up, and says why at both ends, when a message stays unreadable however often it is sent', () => {
    const l = link();
    l.b.losing = 1000;
    l.pa.post('init');
    l.flush();
    expect(l.got.b).toEqual([]);
    expect(l.failed.b).toEqual([expect.stringContaining(`${MAX_RESENDS} times`)]);
    expect(l.failed.a).toEqual([expect.stringMatching(/^the other end gave up: .*unreadable/)]);
    expect(l.a.closed && l.b.closed).toBe(true);
  });

  it('a lost message that moved objects cannot be sent again: the link ends with that reason', () => {
    const l = link();
    l.b.losing = 1;
    const { port1 } = new MessageChannel();
    l.pa.post('link', [port1]);
    l.flush();
    port1.close();
    expect(l.failed.a).toEqual([expect.stringContaining('moved objects')]);
    expect(l.got.b).toEqual([]);
  });

  it('ignores what is not its own wire format (user code posting on the port cannot inject a message)', () => {
    const l = link();
    l.b.onmessage?.call(l.b as unknown as MessagePort, { data: [{ t: 'spawn' }] } as MessageEvent);
    l.b.onmessage?.call(l.b as unknown as MessagePort, { data: null } as MessageEvent);
    l.pa.post('init');
    l.flush();
    expect(l.got.b).toEqual(['init']);
  });
});
