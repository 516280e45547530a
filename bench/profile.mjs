// @ts-check
// Summarises V8 CPU profiles (`node --cpu-prof` files, or the ones in a Chromium trace) into the top self-time
// functions per thread, and labels the threads by the process they ran (no I/O; shared by node.mjs and chromium.mjs).

/**
 * @typedef {{ functionName: string; url?: string; lineNumber?: number; columnNumber?: number }} CallFrame
 * @typedef {{ id: number; callFrame: CallFrame; hitCount?: number; children?: number[]; parent?: number }} ProfileNode
 * @typedef {{ nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] }} CpuProfile
 * @typedef {{ fn: string; url: string; line: number; where: string; selfMs: number; pct: number }} Hot
 *   `line`: 1-based line in `url` (0 when unknown); `where`: for display, see `placeOf`.
 * @typedef {{ url: string; line: number; us: number }} Place
 * @typedef {{ module: string; ms: number; pct: number }} ModuleShare
 * @typedef {{
 *   wallMs: number; busyMs: number; idleMs: number; gcMs: number; top: Hot[]; functions: Set<string>; urls: Set<string>;
 *   places: Place[]; modules: ModuleShare[];
 * }} ProfileSummary
 *   `busyMs`: sampled time outside `(idle)`; `pct`: a share of busyMs. `places`: busy time per JS function
 *   (url and line) with the self time of the native calls it made (e.g. `postMessage`, a canvas `save`) counted
 *   in it; `modules`: the same per source module, filled in by `annotateModules` (else per file).
 */

const IDLE = new Set(['(idle)', '(root)']);

/**
 * Self time per function (merged over call sites), from the samples and their time deltas.
 * @param {CpuProfile} profile
 * @param {number} [topN]
 * @returns {ProfileSummary}
 */
export function summariseCpuProfile(profile, topN = 8) {
  /** @type {Map<number, ProfileNode>} */
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  /** @type {Map<string, { fn: string; url: string; line: number; us: number }>} */
  const self = new Map();
  /** @type {Map<number, number>} */
  const parentOf = new Map();
  for (const n of profile.nodes) {
    if (n.parent !== undefined) parentOf.set(n.id, n.parent);
    for (const c of n.children ?? []) parentOf.set(c, n.id);
  }
  /** The node itself when it is JS with a url (or a special `(…)` node), else its nearest such ancestor. */
  const ownerCache = new Map();
  /** @param {ProfileNode} n @returns {ProfileNode} */
  const ownerOf = (n) => {
    const hit = ownerCache.get(n.id);
    if (hit) return hit;
    let cur = n;
    while (!cur.callFrame.url && !/^\(/.test(cur.callFrame.functionName)) {
      const up = byId.get(parentOf.get(cur.id) ?? -1);
      if (!up || up.callFrame.functionName === '(root)') break;
      cur = up;
    }
    ownerCache.set(n.id, cur);
    return cur;
  };
  /** @type {Map<string, Place>} */
  const places = new Map();
  let idleUs = 0;
  let gcUs = 0;
  let totalUs = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(/** @type {number} */ (samples[i]));
    // A sample's time is the gap to the next sample (the last one gets none).
    const us = Math.max(0, deltas[i + 1] ?? 0);
    if (!node) continue;
    totalUs += us;
    const cf = node.callFrame;
    const fn = cf.functionName || '(anonymous)';
    if (IDLE.has(fn)) {
      idleUs += us;
      continue;
    }
    if (fn === '(garbage collector)') gcUs += us;
    const url = cf.url ?? '';
    const line = url ? (cf.lineNumber ?? -1) + 1 : 0;
    const key = `${fn}@${url}:${line}`;
    const e = self.get(key) ?? { fn, url, line, us: 0 };
    e.us += us;
    self.set(key, e);
    const owner = ownerOf(node).callFrame;
    const ownerUrl = owner.url ?? '';
    const ownerLine = ownerUrl ? (owner.lineNumber ?? -1) + 1 : 0;
    const placeKey = ownerUrl ? `${ownerUrl}:${ownerLine}` : owner.functionName || '(native)';
    const pl = places.get(placeKey) ?? { url: ownerUrl || owner.functionName || '(native)', line: ownerLine, us: 0 };
    pl.us += us;
    places.set(placeKey, pl);
  }
  const busyUs = totalUs - idleUs;
  const top = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, topN)
    .map((e) => ({
      fn: e.fn,
      url: e.url,
      line: e.line,
      where: placeOf(e.url, e.line),
      selfMs: e.us / 1000,
      pct: busyUs > 0 ? (100 * e.us) / busyUs : 0,
    }));
  return {
    wallMs: (profile.endTime - profile.startTime) / 1000,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    gcMs: gcUs / 1000,
    top,
    functions: new Set(profile.nodes.map((n) => n.callFrame.functionName)),
    urls: new Set(profile.nodes.map((n) => n.callFrame.url ?? '').filter(Boolean)),
    places: [...places.values()],
    modules: shareByModule([...places.values()], busyUs, () => null),
  };
}

/**
 * Busy time per source module (or per file, or `(program)`/`(garbage collector)`), biggest first.
 * @param {Place[]} places
 * @param {number} busyUs
 * @param {(url: string, line: number) => string | null} moduleOf
 * @returns {ModuleShare[]}
 */
function shareByModule(places, busyUs, moduleOf) {
  /** @type {Map<string, number>} */
  const by = new Map();
  for (const p of places) {
    const isUrl = /[/:]/.test(p.url);
    const name = (p.line ? moduleOf(p.url, p.line) : null) ?? (isUrl ? placeOf(p.url, 0).replace(/:0$/, '') : p.url);
    by.set(name, (by.get(name) ?? 0) + p.us);
  }
  return [...by.entries()]
    .map(([module, us]) => ({ module, ms: us / 1000, pct: busyUs > 0 ? (100 * us) / busyUs : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

/**
 * Where a function is, for display: `file:line`, Node's own modules by their `node:` name, and the user's
 * program (a data: or blob: module) as `the program`.
 * @param {string} url
 * @param {number} line
 * @param {string | null} [module] the source module of that bundle line, from `moduleAt`
 */
export function placeOf(url, line, module = null) {
  if (!url) return '';
  if (/^(data:|blob:)|^[0-9a-f]{8}-[0-9a-f]{4}-/.test(url)) return `the program:${line}`;
  const file = url.startsWith('node:') ? url : (url.split(/[\\/]/).pop() ?? url);
  return module ? `${module}, ${file}:${line}` : `${file}:${line}`;
}

/**
 * The module boundaries of a bundle that esbuild or Vite (Rolldown) wrote unminified: each module starts
 * with a `// src/kernel/kernel.ts` (or `//#region src/...`) comment line.
 * @param {string} text
 * @returns {{ line: number; module: string }[]} ascending by line (1-based)
 */
export function moduleIndex(text) {
  const out = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^\/\/(?:#region)? ((?:src|node_modules)\/\S+)\s*$/.exec(/** @type {string} */ (lines[i]));
    if (m) out.push({ line: i + 1, module: /** @type {string} */ (m[1]) });
  }
  return out;
}

/**
 * The module a bundle line belongs to (the last boundary at or before it), or null.
 * @param {{ line: number; module: string }[]} index
 * @param {number} line
 */
export function moduleAt(index, line) {
  let lo = 0;
  let hi = index.length - 1;
  let found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const e = /** @type {{ line: number; module: string }} */ (index[mid]);
    if (e.line <= line) {
      found = e.module;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Adds the source module to each hot function of a summary whose bundle `textOf(url)` can read.
 * @param {ProfileSummary} s
 * @param {(url: string) => string | null} textOf
 */
export function annotateModules(s, textOf) {
  /** @type {Map<string, { line: number; module: string }[]>} */
  const cache = new Map();
  /** @param {string} url @param {number} line */
  const moduleOf = (url, line) => {
    let index = cache.get(url);
    if (!index) {
      const text = /^(https?|file):/.test(url) ? textOf(url) : null;
      index = text ? moduleIndex(text) : [];
      cache.set(url, index);
    }
    return moduleAt(index, line);
  };
  for (const h of s.top) {
    if (h.url && h.line) h.where = placeOf(h.url, h.line, moduleOf(h.url, h.line));
  }
  s.modules = shareByModule(s.places, s.busyMs * 1000, moduleOf);
  return s;
}

/**
 * Names a profiled thread: the main thread of `mpplay run` is the kernel; a worker is named by the first of the
 * program's functions found in its profile (e.g. `producer` → the producer process), else it is an idle spare.
 * @param {ProfileSummary} s
 * @param {boolean} isMainThread
 * @param {readonly [string, string][]} labels [function name, label] pairs, most specific first
 */
export function threadLabel(s, isMainThread, labels) {
  if (isMainThread) return 'kernel (Node main thread)';
  for (const [fn, label] of labels) if (s.functions.has(fn)) return label;
  return 'worker without program code (a spare)';
}

/**
 * The CPU profiles in a Chromium trace (category `disabled-by-default-v8.cpu_profiler`): one per profiled thread
 * (the page's main thread and every worker), assembled from its `Profile` and `ProfileChunk` events.
 * @param {any[]} events the trace's `traceEvents`
 * @returns {{ thread: string; isMain: boolean; profile: CpuProfile }[]}
 */
export function profilesFromTrace(events) {
  /** @type {Map<string, string>} */
  const names = new Map();
  /** @type {Map<string, { pid: number; tid: number; startTime: number; nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }>} */
  const profiles = new Map();
  for (const e of events) {
    if (e?.name === 'thread_name' && e.ph === 'M') names.set(`${e.pid}:${e.tid}`, String(e.args?.name ?? ''));
    else if (e?.name === 'Profile') {
      const startTime = Number(e.args?.data?.startTime ?? e.ts ?? 0);
      profiles.set(`${e.pid}:${e.id}`, { pid: e.pid, tid: e.tid, startTime, nodes: [], samples: [], timeDeltas: [] });
    }
  }
  for (const e of events) {
    if (e?.name !== 'ProfileChunk') continue;
    const p = profiles.get(`${e.pid}:${e.id}`);
    const d = e.args?.data;
    if (!p || !d) continue;
    for (const n of d.cpuProfile?.nodes ?? []) p.nodes.push(n);
    for (const s of d.cpuProfile?.samples ?? []) p.samples.push(s);
    for (const t of d.timeDeltas ?? []) p.timeDeltas.push(t);
  }
  return [...profiles.values()].map((p) => {
    const thread = names.get(`${p.pid}:${p.tid}`) ?? '?';
    const span = p.timeDeltas.reduce((a, b) => a + b, 0);
    return {
      thread,
      isMain: thread === 'CrRendererMain',
      profile: {
        nodes: p.nodes,
        startTime: p.startTime,
        endTime: p.startTime + span,
        samples: p.samples,
        timeDeltas: p.timeDeltas,
      },
    };
  });
}

/**
 * Names a thread of the mpplay page: its main thread, the kernel worker, a process worker (by the program's
 * functions it ran), Monaco's workers, or a spare.
 * @param {ProfileSummary} s
 * @param {boolean} isMainThread
 * @param {readonly [string, string][]} labels
 */
export function pageThreadLabel(s, isMainThread, labels) {
  const urls = [...s.urls].join(' ');
  if (isMainThread) return 'page (main thread: trace log, terminal, UI)';
  if (/kernelWorker/.test(urls)) return 'kernel (worker)';
  for (const [fn, label] of labels) if (s.functions.has(fn)) return label;
  if (/editor\.worker|ts\.worker/.test(urls)) return 'Monaco worker (a spare)';
  return 'worker without program code (a spare)';
}

/**
 * Markdown for one profiled run: per thread, busy time and the top self-time functions.
 * @param {{ label: string; summary: ProfileSummary }[]} threads
 * @param {number} [topN]
 */
export function profileMarkdown(threads, topN = 6) {
  const out = [];
  for (const { label, summary: s } of threads) {
    out.push(
      `- **${label}**: ${s.busyMs.toFixed(0)} ms busy of ${s.wallMs.toFixed(0)} ms (GC ${s.gcMs.toFixed(0)} ms). Top self time:`,
    );
    for (const h of s.top.slice(0, topN)) {
      out.push(`  - ${h.pct.toFixed(1)}% ${h.selfMs.toFixed(0)} ms \`${h.fn}\`${h.where ? ` (${h.where})` : ''}`);
    }
    const mods = s.modules.filter((m) => m.pct >= 2).slice(0, 6);
    if (mods.length) {
      out.push(
        `  - by source module, native calls counted in their JS caller: ${mods.map((m) => `${m.module} ${m.pct.toFixed(0)}%`).join(', ')}`,
      );
    }
  }
  return out.join('\n');
}

/** Program functions that tell which process a profiled worker was: [function, label], most specific first. */
export const PROCESS_LABELS = /** @type {[string, string][]} */ ([
  ['producer', 'producer process (worker)'],
  ['consumer', 'consumer process (worker)'],
  ['pong', 'child process `pong` (worker)'],
  ['runPoolWorker', 'SpawnPoolWorker (worker)'],
  ['runChunk', 'SpawnPoolWorker (worker)'],
  ['once', 'MainProcess (worker)'],
  ['measure', 'MainProcess (worker)'],
  ['task', 'child process `task` (worker)'],
]);

/**
 * @typedef {{ label: string; summary: ProfileSummary }} ProfiledThread
 * @typedef {{ shape: import('./table.mjs').ShapeKey; where: string; figure: number | null; error: string | null; threads: ProfiledThread[] }} Profiled
 */

/**
 * Spare workers and the finished children of the warm-up run add nothing: the busiest thread per label.
 * @param {ProfiledThread[]} threads
 */
export function busiestPerLabel(threads) {
  return [...threads]
    .sort((a, b) => b.summary.busyMs - a.summary.busyMs)
    .filter((t, i, all) => all.findIndex((u) => u.label === t.label) === i && !t.label.includes('spare'));
}
