// Parity tests: each gallery example under mpplay and its Python original under CPython (spawn, same speed) print the same, process by process.
import { describe, expect, it } from 'vitest';
import { examples } from './catalog';
import { parityProblems, type ParitySpec } from './testing/parity';
import { RUN_TIMEOUT_MS, runCPython, runMpplay } from './testing/testkit';

/** Per example: the orders across processes that its lesson fixes, and what may be cut short. */
const SPECS: ParitySpec[] = [
  { id: 'zombie', order: [['开始, 并立刻结束', 'join() 之后子进程才被回收', 'all']] },
  {
    id: 'orphan',
    order: [
      ['的父进程是', '被终止, 退出码 -15', 'all'],
      ['被终止, 退出码 -15', '的父进程现在是 1', 'all'],
    ],
  },
  { id: 'start-function', order: [['这是主进程...', '子进程 is running', 'all']] },
  { id: 'start-class', order: [['这是主进程....', '子进程 is running', 'all']] },
  { id: 'isolation', order: [['------101', '------100', 'all']] },
  {
    id: 'no-join',
    order: [
      ['Parent process', 'Child process', 'all'],
      ['Finished', 'Child process', 'some'],
    ],
  },
  {
    id: 'join-one',
    order: [
      ['Parent process', 'Child process', 'all'],
      ['Child process', 'Finished', 'all'],
      ['一共睡眠了', 'Finished', 'all'],
    ],
  },
  {
    id: 'join-in-loop',
    order: [0, 1, 2, 3].map((i): [string, string, 'all'] => [`Child process ${i}`, `Child process ${i + 1}`, 'all']),
  },
  { id: 'join-after-loop', order: [['Child process', 'Finished', 'all']] },
  { id: 'non-daemon', order: [['主进程结束.', '子进程开始.', 'all']] },
  { id: 'daemon', cut: ['Process-1'] },
  { id: 'daemon-no-children', order: [['子进程开始.', '子进程的退出码: 1', 'all']] },
  {
    id: 'missing-main-guard',
    order: [
      ['__name__ = __main__', '__name__ = __mp_main__', 'all'],
      ['__name__ = __mp_main__', '子进程的退出码: 1', 'all'],
    ],
  },
];

describe('parity with CPython (spawn): what each process prints, and the exit codes', () => {
  it('has a spec for every example in the gallery, in the gallery order', () => {
    expect(SPECS.map((s) => s.id)).toEqual(examples.map((e) => e.id));
  });

  it.each(SPECS)(
    '$id prints the same per process as its Python original',
    async (spec) => {
      const mp = await runMpplay(spec.id);
      const py = await runCPython(spec.id);
      expect(py.stderr, 'CPython wrote to fd 2 outside sys.stderr').toBe('');
      expect(py.lines.length, 'the Python original printed something').toBeGreaterThan(0);
      expect(parityProblems(mp, py, spec)).toEqual([]);
    },
    2 * RUN_TIMEOUT_MS,
  );
});
