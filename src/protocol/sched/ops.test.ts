// Which messages are scheduling points, and which pairs of steps are dependent (their order can matter).
import { describe, expect, it } from 'vitest';
import type { ProcToKernel } from '../messages';
import { FLAG_HAS_CHILDREN, K, SCHED_OBJECT, dependent, describeUnit, isPointUnit, keyOf, smDesc } from './ops';

describe('scheduling points', () => {
  it.each<[ProcToKernel, boolean]>([
    [{ t: 'out', stream: 'stdout', text: 'x' }, true],
    [{ t: 'call', id: 1, call: { op: 'sleep', seconds: 1 } }, true],
    [{ t: 'call', id: 1, call: { op: 'obj', id: '1000.1', method: 'get', args: [], timeout: null } }, true],
    [{ t: 'op', id: '1000.1', method: 'put', args: [1] }, true],
    [{ t: 'op', id: '1000.2', method: 'release', args: [] }, true],
    [{ t: 'exit', code: 0, reason: 'returned' }, true],
    [{ t: 'signal', pid: 1001, signal: 15 }, true],
    [{ t: 'boot' }, false],
    [{ t: 'new', id: '1000.1', kind: 'Queue', opts: {} }, false],
    [{ t: 'reap', pid: 1001 }, false],
    [{ t: 'notified' }, false],
    [{ t: 'op', id: '1000.1', method: 'took', args: [3] }, false],
    [{ t: 'op', id: SCHED_OBJECT, method: 'rest', args: [2] }, false],
  ])('%j → %s', (msg, point) => {
    expect(isPointUnit(msg)).toBe(point);
  });

  it('describes each kind of call, keyed by its object', () => {
    const get = describeUnit({
      t: 'call',
      id: 1,
      call: { op: 'obj', id: '1000.1', method: 'get', args: [], timeout: null },
    });
    const put = describeUnit({ t: 'op', id: '1000.1', method: 'put', args: [1] });
    expect(get[0] & 0xf).toBe(K.CALL);
    expect(put[0] & 0xf).toBe(K.OP);
    expect(get[0] >>> 8).toBe(keyOf('obj:1000.1'));
    expect(put[0] >>> 8).toBe(get[0] >>> 8);
    // Both ends of a pipe are one object.
    const recv = describeUnit({
      t: 'call',
      id: 2,
      call: { op: 'obj', id: '1000.2/0', method: 'recv', args: [], timeout: null },
    });
    const send = describeUnit({ t: 'op', id: '1000.2/1', method: 'send', args: [1] });
    expect(recv[0] >>> 8).toBe(send[0] >>> 8);
  });
});

describe('dependence', () => {
  const r = (i = 0) => smDesc(false, 5, i);
  const w = (i = 0) => smDesc(true, 5, i);
  const other = smDesc(true, 6, 0);
  const dep = (a: [number, number], b: [number, number]) => dependent(a[0], a[1], b[0], b[1]);
  const main = { pid: 1000, ppid: 0 };
  const child = (pid: number) => ({ pid, ppid: 1000 });
  const print: [number, number] = describeUnit({ t: 'out', stream: 'stdout', text: '' });
  const exit = (who: { pid: number; ppid: number }, flags = 0): [number, number] =>
    describeUnit({ t: 'exit', code: 0, reason: 'returned' }, flags, who);
  const join = (pid: number): [number, number] =>
    describeUnit({ t: 'call', id: 1, call: { op: 'join', pid, timeout: null } }, 0, main);
  const call = (id: string, method: string, timeout: number | null = null): [number, number] =>
    describeUnit({ t: 'call', id: 1, call: { op: 'obj', id, method, args: [], timeout } }, 0, main);
  const sleep: [number, number] = describeUnit({ t: 'call', id: 1, call: { op: 'sleep', seconds: 1 } });

  it('shared memory: same element and one write', () => {
    expect(dep(r(), w())).toBe(true);
    expect(dep(w(), w())).toBe(true);
    expect(dep(r(), r())).toBe(false);
    expect(dep(w(0), w(1))).toBe(false);
    expect(dep(w(-1), r(1))).toBe(true); // a whole-array write touches every element
    expect(dep(w(), other)).toBe(false);
  });

  it('kernel calls: the same object, the terminal, time, or one family of processes', () => {
    expect(dep(print, print)).toBe(true);
    expect(dep(call('1000.1', 'get'), call('1000.1', 'put'))).toBe(true);
    expect(dep(call('1000.1', 'get'), call('1000.2', 'acquire'))).toBe(false);
    expect(dep(call('1000.1', 'get'), print)).toBe(false);
    expect(dep(call('1000.1', 'get', 1), sleep)).toBe(true); // a timeout is program time's
    expect(dep(join(1001), exit(child(1001)))).toBe(true); // the join waits for that exit
    expect(dep(exit(child(1001)), exit(child(1002)))).toBe(true); // both tell their parent
    expect(dep(exit(child(1001)), exit({ pid: 2001, ppid: 1005 }))).toBe(false); // other families
    expect(dep(exit(child(1001)), call('1000.1', 'get'))).toBe(false);
  });

  it('global steps conflict with everything: a signal, an Event or a Condition, an exit that may end daemons', () => {
    const signal = describeUnit({ t: 'signal', pid: 1, signal: 15 });
    expect(dep(signal, r())).toBe(true);
    expect(dep(call('1000.3', 'set'), call('1000.1', 'get'))).toBe(true);
    expect(dep(call('1000.3', 'wait'), print)).toBe(true);
    expect(dep(exit(main, FLAG_HAS_CHILDREN), w())).toBe(true);
    expect(dep(exit(main), w())).toBe(false);
    expect(dep([0, 0], r())).toBe(true); // unknown
  });
});
