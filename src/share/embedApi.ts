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
  /** 'click': runs when Run is pressed (default); 'visible': also runs once when first scrolled into view. */
  autorun: 'click' | 'visible';
  /** Echoed in every event, so a host page with several embeds knows which one spoke. */
  id: string | null;
}

export const DEFAULT_EMBED: Readonly<EmbedParams> = Object.freeze({
  panes: [...PANES],
  editable: false,
  autorun: 'click',
  id: null,
});

/** Reads the embed's parameters; anything unknown falls back to the default. */
export function readEmbedParams(params: URLSearchParams): EmbedParams {
  const raw = params.get('panes');
  const asked = raw === null ? null : raw.split(',').map((p) => p.trim());
  const panes = asked ? PANES.filter((p) => asked.includes(p)) : [...PANES];
  const id = params.get('id');
  return {
    panes: panes.length ? panes : [...PANES],
    editable: params.get('editable') === '1' || params.get('editable') === 'true',
    autorun: params.get('autorun') === 'visible' ? 'visible' : 'click',
    id: id !== null && id.length <= 100 ? id : null,
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
  if (p.id !== null) out.set('id', p.id);
  return out;
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
  | Tagged<{ type: 'resize'; height: number }>;

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

/** The HTML a blog pastes: the iframe, and a few lines that size it to the height the embed reports. */
export function embedSnippet(src: string, title: string, height = 420): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    `<iframe src="${esc(src)}" title="${esc(title)}" loading="lazy" style="width:100%;height:${height}px;border:0"></iframe>`,
    '<script>',
    'addEventListener("message", function (e) {',
    '  var d = e.data;',
    '  if (!d || d.mpplay !== 1 || d.type !== "resize") return;',
    '  document.querySelectorAll("iframe").forEach(function (f) {',
    '    if (f.contentWindow === e.source) f.style.height = d.height + "px";',
    '  });',
    '});',
    '</script>',
  ].join('\n');
}
