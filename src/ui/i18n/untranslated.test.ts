// The 中文 check finds every English word, the ones issue 15.10 reported included, and nothing in names, code or keys.
import { describe, expect, it } from 'vitest';
import { englishWords } from './untranslated';
import { en } from './en';
import { zh } from './zh';

describe('englishWords', () => {
  it('finds the words the old check missed: beside Chinese, alone, short', () => {
    expect(englishWords('打开 trace…')).toEqual(['trace']);
    expect(englishWords('zombie: exited, not yet joined')).toEqual(['zombie', 'exited', 'not', 'yet', 'joined']);
    expect(englishWords('process')).toEqual(['process']);
    expect(englishWords('busy')).toEqual(['busy']);
    expect(englishWords('比一个worker快')).toEqual(['worker']);
    expect(englishWords('Open trace…')).toEqual(['Open', 'trace']);
  });

  it('passes names, code, keys and numbers', () => {
    for (const ok of [
      'Σ 忙碌',
      'Pool#1: 20 个任务',
      '把图下载为 PNG',
      '显示由 `mpplay run --trace` 写出的跟踪文件',
      '已退出, 父进程还没有 join 它',
      '按 Ctrl+Enter 运行',
      'join(Process-3)',
      'time.sleep() (代表工作)',
      '每个进程都是一个真正的 Web Worker',
      '格式化程序 (Shift+Alt+F)',
      '已从 TypeScript Playground 链接打开代码',
      '在 ui.perfetto.dev 或 DevTools (Performance) 中打开',
      '先按 Esc 再按 Tab',
      '1.02 s · 29 个事件',
    ])
      expect(englishWords(ok), ok).toEqual([]);
  });

  it('every Chinese string of the page passes, and the English table does not', () => {
    const texts = (t: typeof zh) =>
      Object.values(t).map((v) => (typeof v === 'function' ? (v as (...a: unknown[]) => string)(3, '0.5 s', 1) : v));
    const left = texts(zh).flatMap((s) => englishWords(String(s)).map((w) => `${w} in "${String(s).slice(0, 40)}"`));
    expect(left).toEqual([]);
    expect(texts(en as typeof zh).flatMap((s) => englishWords(String(s))).length).toBeGreaterThan(200);
  });
});
