// Text a program wrote, made safe to show: control characters become visible symbols; only colour escapes survive.
//
// A program's output and the names it gives processes and items reach a terminal (xterm), HTML (the process
// table, tooltips), canvases, SVG and JSON exports, and a host page's listener. Each of those would obey or choke
// on control characters: ESC sequences move xterm's cursor, erase lines, hide text (SGR 8) or make links whose
// text lies about their target (OSC 8); a carriage return lets a print overwrite the `[pid name]` prefix; bidi
// overrides reorder what a table cell shows; C0 bytes are not even allowed in SVG. So every string of a trace
// goes through this once, where events enter the page (`safeEvent`, `safeItems`, `safeTraceFile`).
/* eslint-disable no-control-regex -- this module exists to find control characters */
import type { PackedItems } from './packedItems';
import type { TraceEvent, TraceFile } from './trace';

/** C0 controls but newline and tab, DEL, C1 controls, and the bidi embedding, override and isolate controls. */
const UNSAFE_OUTPUT = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
/** The same, and newline and tab too: a name is one line. */
const UNSAFE_NAME = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
/** One SGR sequence (`ESC [ params m`), as the terminal keeps it when every parameter is allowed. */
const SGR = /\x1b\[([0-9;]{0,64})m/y;
/** The SGR sequences a safe text may hold (all of them allowed ones). */
const KEPT_SGR = /\x1b\[[0-9;]*m/g;

/**
 * The visible stand-in for one unsafe character: the Unicode control pictures for C0 and DEL (␛ for ESC, ␍ for a
 * carriage return, ␊ for a newline in a name), the replacement character for C1 and bidi controls.
 */
export function visibleControl(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c < 0x20) return String.fromCharCode(0x2400 + c);
  if (c === 0x7f) return '\u2421';
  return '\ufffd';
}

/** SGR parameters the terminal keeps: reset, bold, faint, italic, underline, inverse, strike, their offs, colours. */
const PLAIN_SGR: ReadonlySet<number> = new Set([
  0, 1, 2, 3, 4, 7, 9, 21, 22, 23, 24, 27, 29, 39, 49, 30, 31, 32, 33, 34, 35, 36, 37, 40, 41, 42, 43, 44, 45, 46, 47,
  90, 91, 92, 93, 94, 95, 96, 97, 100, 101, 102, 103, 104, 105, 106, 107,
]);

/**
 * Whether an SGR parameter list only styles text: no concealing (8), no blinking (5, 6), no fonts, and colours
 * only in their plain forms (`38;5;n`, `38;2;r;g;b`, the same for 48) with every value 0–255.
 */
export function allowedSgr(params: string): boolean {
  if (params === '') return true;
  const p = params.split(';').map((x) => (x === '' ? 0 : Number(x)));
  for (let i = 0; i < p.length; i++) {
    const n = p[i]!;
    if (n === 38 || n === 48) {
      const mode = p[i + 1];
      const count = mode === 5 ? 1 : mode === 2 ? 3 : -1;
      if (count < 0 || i + 1 + count >= p.length) return false;
      for (let k = i + 2; k <= i + 1 + count; k++) if (!(p[k]! <= 255)) return false;
      i += 1 + count;
    } else if (!PLAIN_SGR.has(n)) return false;
  }
  return true;
}

/** Global copies of the two unsafe classes, to walk a string from one unsafe character to the next. */
const UNSAFE_OUTPUT_G = new RegExp(UNSAFE_OUTPUT.source, 'g');
const UNSAFE_NAME_G = new RegExp(UNSAFE_NAME.source, 'g');

function replaceUnsafe(text: string, unsafe: RegExp, keepSgr: boolean): string {
  let out = '';
  let last = 0;
  unsafe.lastIndex = 0;
  for (let m = unsafe.exec(text); m; m = unsafe.exec(text)) {
    const i = m.index;
    if (keepSgr && m[0] === '\x1b') {
      SGR.lastIndex = i;
      const sgr = SGR.exec(text);
      if (sgr && allowedSgr(sgr[1]!)) {
        unsafe.lastIndex = i + sgr[0].length;
        continue;
      }
    }
    out += text.slice(last, i) + visibleControl(m[0]);
    last = i + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * A program's printed text, safe for the terminal: newlines and tabs stay, a CRLF becomes a newline, colour and
 * style escapes (SGR, see `allowedSgr`) stay, every other control character becomes a visible symbol. The
 * terminal resets the style at each line's end, so a colour never runs into another process's line.
 */
export function safeOutput(text: string): string {
  if (!UNSAFE_OUTPUT.test(text)) return text;
  return replaceUnsafe(text.replace(/\r\n/g, '\n'), UNSAFE_OUTPUT_G, true);
}

/** A name (of a process, an object, a function) or a one-line summary: every control character made visible. */
export function safeName(text: string): string {
  return UNSAFE_NAME.test(text) ? replaceUnsafe(text, UNSAFE_NAME_G, false) : text;
}

/** Multi-line text that is not a terminal's (a report): newlines and tabs stay, every other control made visible. */
export function safeLines(text: string): string {
  return UNSAFE_OUTPUT.test(text) ? replaceUnsafe(text.replace(/\r\n/g, '\n'), UNSAFE_OUTPUT_G, false) : text;
}

/** `safeOutput`'s text without its colour escapes: for places that are not a terminal (tooltips, exports, a host page). */
export function stripSgr(text: string): string {
  return text.includes('\x1b') ? text.replace(KEPT_SGR, '') : text;
}

/** An event with every string a program could have chosen made safe; the same object when nothing changes. */
export function safeEvent(ev: TraceEvent): TraceEvent {
  switch (ev.kind) {
    case 'output': {
      const text = safeOutput(ev.text);
      return text === ev.text ? ev : { ...ev, text };
    }
    case 'spawn': {
      const name = safeName(ev.name);
      const pool = ev.pool === undefined ? undefined : safeName(ev.pool);
      return name === ev.name && pool === ev.pool ? ev : { ...ev, name, ...(pool === undefined ? {} : { pool }) };
    }
    case 'blocked': {
      const { obj, op, label } = ev.on;
      const on = { ...ev.on, obj: safeName(obj), op: safeName(op), label: safeName(label) };
      return on.obj === obj && on.op === op && on.label === label ? ev : { ...ev, on };
    }
    case 'put': {
      const obj = safeName(ev.obj);
      const summary = safeName(ev.summary);
      return obj === ev.obj && summary === ev.summary ? ev : { ...ev, obj, summary };
    }
    case 'task': {
      const [obj, fn, summary] = [safeName(ev.obj), safeName(ev.fn), safeName(ev.summary)];
      return obj === ev.obj && fn === ev.fn && summary === ev.summary ? ev : { ...ev, obj, fn, summary };
    }
    case 'object': {
      const [obj, objKind, id] = [safeName(ev.obj), safeName(ev.objKind), safeName(ev.id)];
      return obj === ev.obj && objKind === ev.objKind && id === ev.id ? ev : { ...ev, obj, objKind, id };
    }
    case 'take':
    case 'taskDone':
    case 'lock':
    case 'untaken': {
      const obj = safeName(ev.obj);
      return obj === ev.obj ? ev : { ...ev, obj };
    }
    case 'deadlock': {
      const report = safeLines(ev.report);
      const waits = ev.waits.map((w) => {
        const [name, on, cause] = [safeName(w.name), safeName(w.on), safeName(w.cause)];
        return name === w.name && on === w.on && cause === w.cause ? w : { ...w, name, on, cause };
      });
      return report === ev.report && waits.every((w, i) => w === ev.waits[i]) ? ev : { ...ev, report, waits };
    }
    case 'start':
    case 'running':
    case 'unblocked':
    case 'sleeping':
    case 'signal':
    case 'exit':
    case 'zombie':
    case 'reaped':
    case 'reparented':
      return ev;
  }
}

/** Packed item events (their object names and summaries) made safe; the same object when nothing changes. */
export function safeItems(items: PackedItems): PackedItems {
  const names = items.names.map(safeName);
  const refs = items.refs.map((r) => (typeof r === 'string' ? safeName(r) : r));
  const same = names.every((n, i) => n === items.names[i]) && refs.every((r, i) => r === items.refs[i]);
  return same ? items : { ...items, names, refs };
}

/** A trace file (opened from disk, or carried by a link) with every event and process name made safe. */
export function safeTraceFile(file: TraceFile): TraceFile {
  return {
    ...file,
    meta: { ...file.meta, file: safeName(String(file.meta.file)) },
    processes: file.processes.map((p) => ({ ...p, name: safeName(String(p.name)) })),
    events: file.events.map(safeEvent),
  };
}
