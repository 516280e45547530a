// A pipe direction's direct link, the kernel's side, with a fake host: how a link ends when its reader leaves.
import { describe, expect, it } from 'vitest';
import type { KernelToProc, Pid, ObjectId } from '../../protocol/messages';
import type { ObjectHost } from './base';
import { LinkedDirection } from './link';

const WRITER = 1001 as Pid;
const READER = 1002 as Pid;

function setup() {
  const told: [Pid, KernelToProc][] = [];
  const live = new Set<Pid>([WRITER, READER]);
  let item = 0;
  const k = {
    isLive: (p: Pid) => live.has(p),
    tell: (p: Pid, m: KernelToProc) => told.push([p, m]),
    pipeLink: () => ({ writer: { mode: 'sab', sab: null }, reader: { mode: 'sab', sab: null } }),
    answer: () => {},
    nextItemId: () => ++item,
  } as unknown as ObjectHost;
  const d = new LinkedDirection(k, 'Pipe#1' as ObjectId, 0);
  // One message through the kernel, then its reader waits: the direction gets its link.
  d.arrived(WRITER, 1, { v: 'a' });
  d.readers.add(READER);
  expect(d.tryLink({ pid: READER, callId: 1, timeout: null }, () => true)).toBe(true);
  // Two more by the link.
  d.arrived(WRITER, 2);
  d.arrived(WRITER, 3);
  told.length = 0;
  return { d, told, live };
}

describe('LinkedDirection', () => {
  it('a reader leaving asks the writer to stop, then the reader to give back what it holds', () => {
    const { d, told } = setup();
    d.revoke(); // the reader's `lrelease`
    expect(told).toEqual([[WRITER, { t: 'link', id: 'Pipe#1', end: 0, a: 'unwrite' }]]);
    expect(d.unwritten(WRITER, 3)).toBe(false);
    expect(told[1]).toEqual([READER, { t: 'link', id: 'Pipe#1', end: 0, a: 'unread', w: WRITER, upTo: 3 }]);
  });

  it('a writer that ends before it answers `unwrite` stops writing there: the reader is told to give back', () => {
    const { d, told, live } = setup();
    d.revoke();
    expect(told).toHaveLength(1); // `unwrite`, which the writer's ended code will never answer
    live.delete(WRITER);
    expect(d.writerGone(WRITER)).toBe(false); // the reader is there to give back
    expect(told[1]).toEqual([READER, { t: 'link', id: 'Pipe#1', end: 0, a: 'unread', w: WRITER, upTo: 3 }]);
  });

  it('a writer that ends while its link goes on changes nothing (its messages are on their way)', () => {
    const { d, told } = setup();
    expect(d.writerGone(WRITER)).toBe(false);
    expect(d.writerGone(READER)).toBe(false);
    expect(told).toEqual([]);
  });
});
