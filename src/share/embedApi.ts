// The embed's URL parameters and its postMessage API (host ⇄ iframe), as pure types, parsers and writers. See docs/EMBED.md.

/** Bumped when a message below changes shape; every message carries it as `mpplay`. */
export const EMBED_API_VERSION = 1 as const;

/** The panes an embed can show, in their on-page order. */
export const PANES = ['code', 'chart', 'terminal'] as const;
export type Pane = (typeof PANES)[number];

/** How an embed is set up, from its URL (besides the share options and code of codec.ts). */
export interface EmbedParams {
  /** Shown panes, in PANES order; all three by default. */
  panes: Pane[];
  /** Whether the reader may edit the code (loads the editor); read-only by default. */
  editable: boolean;
  /**
   * 'click': runs when Run is pressed (default); 'visible': also runs once when first scrolled into view, and only
   * inside another page's frame (opened in a tab of its own, an embed never runs without a click: see `mayRun`).
   */
  autorun: 'click' | 'visible';
  /** Whether the host page may start runs with a `run` message before the reader has used the embed (`hostrun=1`). */
  hostRun: boolean;
  /** Echoed in every event, so a host page with several embeds knows which one spoke. */
  id: string | null;
  /**
   * A trace file on the embed's own site (a path or address, `trace=runs/zombie.trace.json`) whose recorded run the
   * embed shows before the reader presses Run; null for none.
   */
  trace: string | null;
}

/** The longest `trace` parameter read. */
export const MAX_TRACE_PARAM = 500;

export const DEFAULT_EMBED: Readonly<EmbedParams> = Object.freeze({
  panes: [...PANES],
  editable: false,
  autorun: 'click',
  hostRun: false,
  id: null,
  trace: null,
});

/** Reads the embed's parameters; anything unknown falls back to the default. */
export function readEmbedParams(params: URLSearchParams): EmbedParams {
  const raw = params.get('panes');
  const asked = raw === null ? null : raw.split(',').map((p) => p.trim());
  const panes = asked ? PANES.filter((p) => asked.includes(p)) : [...PANES];
  const id = params.get('id');
  const trace = params.get('trace');
  return {
    panes: panes.length ? panes : [...PANES],
    editable: params.get('editable') === '1' || params.get('editable') === 'true',
    autorun: params.get('autorun') === 'visible' ? 'visible' : 'click',
    hostRun: params.get('hostrun') === '1',
    id: id !== null && id.length <= 100 ? id : null,
    trace: trace !== null && trace !== '' && trace.length <= MAX_TRACE_PARAM ? trace : null,
  };
}

/** Writes the non-default embed parameters (after `embed=1` when `marker` is set, for index.html). */
export function writeEmbedParams(p: EmbedParams, marker = false): URLSearchParams {
  const out = new URLSearchParams();
  if (marker) out.set('embed', '1');
  const panes = PANES.filter((x) => p.panes.includes(x));
  if (panes.length && panes.length < PANES.length) out.set('panes', panes.join(','));
  if (p.editable) out.set('editable', '1');
  if (p.autorun !== 'click') out.set('autorun', p.autorun);
  if (p.hostRun) out.set('hostrun', '1');
  if (p.id !== null) out.set('id', p.id);
  if (p.trace !== null) out.set('trace', p.trace);
  return out;
}

/** What asks an embed to run: the reader's Run button, the `autorun=visible` sight of it, or a host `run` message. */
export type RunAsker = 'reader' | 'autorun' | 'host';

/** What an embed knows when something asks it to run. */
export interface RunContext {
  /** The embed is inside another page's frame (`window.top !== window`, which no page can fake). */
  framed: boolean;
  /** Its parameters (the URL's opt-ins). */
  params: Pick<EmbedParams, 'autorun' | 'hostRun'>;
  /** The reader has clicked or pressed a key inside the embed (trusted input events in its own document). */
  readerActed: boolean;
}

/** Why an embed did not run when asked. */
export type RunRefusal = 'not-framed' | 'not-opted-in' | 'needs-click';

/**
 * The embed's one rule on running without a click (docs/EMBED.md, "Who may run the program"). The reader's own Run
 * always runs. Opened in a tab of its own (a link), nothing else does: a link never runs code. Inside a page's
 * frame, `autorun=visible` runs once when seen, and a host `run` message runs when the URL opted in (`hostrun=1`)
 * or once the reader has used the embed. Returns null when the run may go ahead, else why not.
 */
export function mayRun(asker: RunAsker, ctx: RunContext): RunRefusal | null {
  if (asker === 'reader') return null;
  if (!ctx.framed) return 'not-framed';
  if (asker === 'autorun') return ctx.params.autorun === 'visible' ? null : 'not-opted-in';
  return ctx.params.hostRun || ctx.readerActed ? null : 'needs-click';
}

/** Host → embed. Post with `iframe.contentWindow.postMessage(msg, '*')`. */
export type HostToEmbed =
  | { mpplay: typeof EMBED_API_VERSION; type: 'run' }
  | { mpplay: typeof EMBED_API_VERSION; type: 'stop' }
  | { mpplay: typeof EMBED_API_VERSION; type: 'setCode'; code: string };

/** How a run ended, in an `exit` event. */
export type ExitReason = 'exit' | 'stopped' | 'compile-error' | 'error';

type Tagged<T> = T & { mpplay: typeof EMBED_API_VERSION; id: string | null };

/** Embed → host, posted to the parent window. */
export type EmbedToHost =
  /** The embed has drawn and listens for messages. */
  | Tagged<{ type: 'ready'; example: string | null; crossOriginIsolated: boolean }>
  /** A line (or part of one) a process printed. */
  | Tagged<{ type: 'output'; pid: number; name: string; stream: 'stdout' | 'stderr'; text: string }>
  /** The run ended; `exitCode` is MainProcess's (null when stopped or not compiled). */
  | Tagged<{ type: 'exit'; reason: ExitReason; exitCode: number | null; wallMs: number | null }>
  /** The embed's content height in CSS pixels: set the iframe's height to it. */
  | Tagged<{ type: 'resize'; height: number }>
  /** A host command the embed did not carry out, and why (a `run` before the reader used the embed, without `hostrun=1`). */
  | Tagged<{ type: 'refused'; command: 'run'; reason: RunRefusal }>;

/** Reads a message from the host; null for anything that is not a well-formed one of ours (ignore those). */
export function parseHostMessage(data: unknown): HostToEmbed | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as { mpplay?: unknown; type?: unknown; code?: unknown };
  if (d.mpplay !== EMBED_API_VERSION) return null;
  if (d.type === 'run' || d.type === 'stop') return { mpplay: EMBED_API_VERSION, type: d.type };
  if (d.type === 'setCode' && typeof d.code === 'string' && d.code.length <= 256 * 1024)
    return { mpplay: EMBED_API_VERSION, type: 'setCode', code: d.code };
  return null;
}

/** Whether a message from an embed is one of ours (for host pages). */
export function isEmbedEvent(data: unknown): data is EmbedToHost {
  return typeof data === 'object' && data !== null && (data as { mpplay?: unknown }).mpplay === EMBED_API_VERSION;
}

/** The tallest height the pasted snippet gives an iframe, whatever an embed reports. */
export const SNIPPET_MAX_HEIGHT = 4000;

/**
 * The HTML a blog pastes: the iframe, and a few lines that size it to the height the embed reports. The lines
 * listen only to mpplay's origin and to the iframe's own window, and take only a number, clamped: what an embed
 * posts is data from a page the blog does not control (its output text, above all, is untrusted).
 */
export function embedSnippet(src: string, title: string, height = 420): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  let origin = '';
  try {
    origin = new URL(src).origin;
  } catch {
    // a relative address: the origin check is left out
  }
  return [
    `<iframe src="${esc(src)}" title="${esc(title)}" loading="lazy" style="width:100%;height:${height}px;border:0"></iframe>`,
    '<script>',
    'addEventListener("message", function (e) {',
    '  var d = e.data;',
    ...(origin && origin !== 'null'
      ? [`  if (e.origin !== ${JSON.stringify(origin).replace(/</g, '\\u003c')}) return;`]
      : []),
    '  if (!d || d.mpplay !== 1 || d.type !== "resize" || typeof d.height !== "number" || !(d.height > 0)) return;',
    `  var h = Math.min(Math.ceil(d.height), ${SNIPPET_MAX_HEIGHT});`,
    '  document.querySelectorAll("iframe").forEach(function (f) {',
    '    if (f.contentWindow === e.source) f.style.height = h + "px";',
    '  });',
    '});',
    '</script>',
  ].join('\n');
}
