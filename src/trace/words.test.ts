// The chart speaks the page's language: every text drawn in Chinese (canvas and exports alike, one drawing) holds no
// English word but code, names and units; the tables of both languages have the same entries.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceEvent, TraceFile } from '../protocol/trace';
import { describeHit } from './describe';
import { rowHitsOf } from './testing/hits';
import { layoutTrace, layoutTraceFile } from './layout';
import type { Layout } from './model';
import { toSvg } from './svg';
import { CHART_WORDS } from './words';

const HAN = /\p{Script=Han}/u;
const fixture = (name: string) =>
  layoutTraceFile(JSON.parse(readFileSync(`e2e/fixtures/${name}.trace.json`, 'utf8')) as TraceFile);

/** An orphan, a signal and a deadlock: the marks whose words are the chart's own. */
function orphanAndDeadlock(): Layout {
  const ev = (e: object) => ({ ppid: 1000, ...e }) as TraceEvent;
  return layoutTrace(
    [
      ev({ at: 0, kind: 'spawn', pid: 1000, ppid: 0, name: 'MainProcess', daemon: false }),
      ev({ at: 10, kind: 'spawn', pid: 1001, name: 'Process-1', daemon: false }),
      ev({ at: 20, kind: 'spawn', pid: 1002, ppid: 1001, name: 'Process-1:1', daemon: false }),
      ev({ at: 2900, kind: 'signal', pid: 1001, signal: 15, from: 1000 }),
      ev({ at: 3000, kind: 'exit', pid: 1001, code: -15, reason: 'terminated' }),
      ev({ at: 3000, kind: 'zombie', pid: 1001 }),
      ev({ at: 3001, kind: 'reparented', pid: 1002, ppid: 1, from: 1001, to: 1 }),
      ev({
        at: 3002,
        kind: 'blocked',
        pid: 1000,
        ppid: 0,
        on: { obj: 'children', op: 'exit', label: 'exit: waiting for non-daemon children', timeout: null },
      }),
      ev({
        at: 4000,
        kind: 'deadlock',
        pid: 0,
        ppid: 0,
        report: 'r',
        waits: [{ pid: 1000, name: 'MainProcess', on: 'JoinableQueue#1.join()', cause: '' }],
      }),
    ],
    4100,
  );
}

/** Every piece of text in an SVG document (its <text> elements and its title). */
function svgTexts(svg: string): string[] {
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]!));
}

/** What the trace itself names (processes, objects, the program's calls and items): the same in every language. */
function traceWords(l: Layout): string[] {
  const out = new Set<string>();
  for (const r of l.rows) {
    out.add(r.name);
    for (const s of r.spans) if (s.state !== 'zombie' && s.state !== 'terminating' && s.op !== 'exit') out.add(s.label);
    for (const t of r.tasks) out.add(`${t.fn}(${t.summary.replace(/^\[|\]$/g, '')})`);
    for (const m of r.markers) if (m.kind === 'output') out.add(m.text);
  }
  for (const f of l.flows) out.add(f.summary);
  return [...out].filter((w) => w.length > 1).sort((a, b) => b.length - a.length);
}

/** Words that are code or units everywhere: signals, the API's names, time units. */
const NEUTRAL =
  /\b(SIGTERM|SIGKILL|mpplay|ms|µs|s|Pool|worker|init|stderr|time\.sleep|join|get|acquire|sys\.exit|taskDone|JSON)\b/g;

/** The English left in a text once the trace's own words, code and units are taken out. */
function english(text: string, own: readonly string[]): string | null {
  if (HAN.test(text)) return null;
  // A label cut to fit ("Queue…") is the start of one of the trace's words.
  if (text.endsWith('…') && own.some((w) => w.startsWith(text.slice(0, -1)))) return null;
  let rest = text;
  for (const w of own) rest = rest.split(w).join(' ');
  rest = rest.replace(NEUTRAL, ' ');
  return /[A-Za-z]{2,}/.test(rest) ? text : null;
}

describe('the chart’s words', () => {
  it('have the same entries in English and Chinese, and the Chinese ones are Chinese', () => {
    const en = CHART_WORDS.en;
    const zh = CHART_WORDS.zh;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const k of ['states', 'marks', 'markerTitle', 'reasons'] as const)
      expect(Object.keys(zh[k]).sort()).toEqual(Object.keys(en[k]).sort());
    for (const [name, meaning] of Object.values(zh.states)) expect(HAN.test(name) && HAN.test(meaning)).toBe(true);
    for (const v of [zh.empty, zh.headProcess, zh.depth, zh.zombieBar, zh.exitWaitsBar, zh.now, zh.lostLine])
      expect(v).toMatch(HAN);
    expect(zh.exit(0, 'returned')).toMatch(HAN);
    expect(zh.untaken(3, '"a"')).toMatch(HAN);
  });

  it.each([
    ['lost-items', () => fixture('lost-items')],
    ['pool-apply-async-right', () => fixture('pool-apply-async-right')],
    ['an orphan, a signal, a deadlock', orphanAndDeadlock],
  ] as const)('%s drawn in Chinese: no English word but code, names and units', (_name, make) => {
    const l = make();
    const own = [...traceWords(l), 'x.ts'];
    const zh = svgTexts(toSvg(l, { lang: 'zh', title: 'x.ts', realMs: 1000 }));
    expect(zh.filter((t) => english(t, own) !== null)).toEqual([]);
    // The check sees English: the same chart drawn in English has some.
    const en = svgTexts(toSvg(l, { lang: 'en', title: 'x.ts', realMs: 1000 }));
    expect(en.filter((t) => english(t, own) !== null).length).toBeGreaterThan(3);
  });

  it('tooltips in Chinese too, for every span, mark, task and arrow', () => {
    for (const l of [fixture('lost-items'), fixture('pool-apply-async-right'), orphanAndDeadlock()]) {
      const own = traceWords(l);
      for (const hit of rowHitsOf(l)) {
        const d = describeHit(hit, l, CHART_WORDS.zh);
        for (const text of [d.title, ...d.lines]) expect(english(text, own), text).toBeNull();
      }
    }
  });
});
