// The embed's side of the postMessage API (src/share/embedApi.ts): commands from the host page, events and height to it.
import { stripSgr } from '../../protocol/safeText';
import { EMBED_API_VERSION, parseHostMessage, type EmbedToHost, type HostToEmbed } from '../../share/embedApi';
import { observeRuns } from '../runController';
import { appStore } from '../store/store';

type Payload = EmbedToHost extends infer E ? (E extends EmbedToHost ? Omit<E, 'mpplay' | 'id'> : never) : never;

/**
 * Connects an embed to the page that holds it. `commands` handles `run`, `stop` and `setCode` from the parent
 * window only; events go to the parent with `id` attached. Returns the function that disconnects.
 * Outside an iframe (the embed opened on its own) nothing is posted.
 */
export function connectHost(
  id: string | null,
  commands: (msg: HostToEmbed) => void,
  root: HTMLElement,
  win: Window = window,
): { post(p: Payload): void; disconnect(): void } {
  const parent = win.parent !== win ? win.parent : null;
  const post = (p: Payload) => parent?.postMessage({ ...p, mpplay: EMBED_API_VERSION, id }, '*');

  const onMessage = (e: MessageEvent) => {
    if (!parent || e.source !== parent) return;
    const msg = parseHostMessage(e.data);
    if (msg) commands(msg);
  };
  win.addEventListener('message', onMessage);

  // Output as it comes (one event per printed chunk), and how each run ended.
  const names = new Map<number, string>();
  const stopObserving = observeRuns({
    onEvents(events) {
      for (const ev of events) {
        if (ev.kind === 'spawn') names.set(ev.pid, ev.name);
        else if (ev.kind === 'output')
          // Already safe (runController): no control characters; its colour escapes mean nothing to a host page.
          post({
            type: 'output',
            pid: ev.pid,
            name: names.get(ev.pid) ?? '?',
            stream: ev.stream,
            text: stripSgr(ev.text),
          });
      }
    },
    onEnd(end) {
      names.clear();
      post({ type: 'exit', ...end });
    },
  });

  // The content's height, whenever it changes, so the host can size the iframe to fit (no inner scrollbar).
  let last = -1;
  const report = () => {
    const h = Math.ceil(root.getBoundingClientRect().height);
    if (h > 0 && h !== last) {
      last = h;
      post({ type: 'resize', height: h });
    }
  };
  const ro = new ResizeObserver(report);
  ro.observe(root);
  // ResizeObserver runs with rendering, which Chromium pauses in iframes out of view; state changes (a run, a
  // new code) also re-measure after React has drawn them, on a timer, which keeps running there.
  let pending: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = appStore.subscribe(() => {
    if (pending === null)
      pending = setTimeout(() => {
        pending = null;
        report();
      }, 50);
  });
  report();

  return {
    post,
    disconnect() {
      win.removeEventListener('message', onMessage);
      stopObserving();
      unsubscribe();
      if (pending !== null) clearTimeout(pending);
      ro.disconnect();
    },
  };
}
