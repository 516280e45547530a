// Which messages are scheduling points, and which pairs of steps are dependent (their order can matter).
import { describe, expect, it } from 'vitest';
import type { ProcToKernel } from '../messages';
import { FLAG_HAS_CHILDREN, K, SCHED_OBJECT, dependent, describeUnit, descA, isPointUnit, keyOf, smDesc } from './ops';

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
    expect(get[0] >>> 8).toBe(keyOf('1000.1'));
    expect(describeUnit({ t: 'call', id: 1, call: { op: 'join', pid: 1003, timeout: null } })).toEqual([
      descA(K.JOIN, keyOf('proc:1003')),
      1003,
    ]);
  });
});

describe('dependence', () => {
  const r = (i = 0) => smDesc(false, 5, i);
  const w = (i = 0) => smDesc(true, 5, i);
  const other = smDesc(true, 6, 0);
  const dep = (a: [number, number], b: [number, number]) => dependent(a[0], a[1], b[0], b[1]);
  const print: [number, number] = describeUnit({ t: 'out', stream: 'stdout', text: '' });
  const exit: [number, number] = [descA(K.EXIT, 0), 0];
  const exitWithChildren: [number, number] = [descA(K.EXIT, 0, FLAG_HAS_CHILDREN), 0];

  it('shared memory: same element and one write', () => {
    expect(dep(r(), w())).toBe(true);
    expect(dep(w(), w())).toBe(true);
    expect(dep(r(), r())).toBe(false);
    expect(dep(w(0), w(1))).toBe(false);
    expect(dep(w(-1), r(1))).toBe(true); // a whole-array write touches every element
    expect(dep(w(), other)).toBe(false);
  });

  it('kernel calls conflict with each other; with shared memory only a signal or a parent exiting does', () => {
    expect(dep(print, print)).toBe(true);
    expect(dep(print, exit)).toBe(true);
    expect(dep(print, w())).toBe(false);
    expect(dep(exit, w())).toBe(false);
    expect(dep(exitWithChildren, w())).toBe(true);
    expect(dep(describeUnit({ t: 'signal', pid: 1, signal: 15 }), r())).toBe(true);
    expect(dep([0, 0], r())).toBe(true); // unknown
  });
});
