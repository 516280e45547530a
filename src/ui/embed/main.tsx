// The embed's entry (embed.html, or index.html?embed=1): a <Playground> for iframes in pages we do not control.
import { StrictMode, useRef } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { decodeShareLink } from '../../share/codec';
import { readEmbedParams } from '../../share/embedApi';
import { EXAMPLES, findExample } from '../examples';
import { browserLang } from '../i18n/strings';
import { bootWorkersOnInteraction } from '../runBridge';
import { run, runCount, showRecording, stop } from '../runController';
import { fetchRecording } from './recording';
import { disablePersistence } from '../store/persistence';
import { appStore } from '../store/store';
import { connectHost } from './hostBridge';
import { Playground } from './Playground';
import { createRunGate } from './runGate';
import '../styles';
import './embed.css';

disablePersistence(); // an embed keeps nothing in the reader's storage
bootWorkersOnInteraction(); // nor boots workers for readers who never reach for it
document.documentElement.classList.add('embed-mode');

const params = new URLSearchParams(location.search);
const embed = readEmbedParams(params);
/** Made first, before anything else runs: whether the embed is framed, and the reader's own input from the start. */
const gate = createRunGate(embed);
const fullPage = new URL(`./${location.search}${location.hash}`, location.href);
for (const p of ['embed', 'panes', 'editable', 'autorun', 'hostrun', 'id', 'trace']) fullPage.searchParams.delete(p);

/** Test hooks (like the page's): tests wait on state, never on sleeps. */
(globalThis as unknown as { __mpplay: unknown }).__mpplay = {
  getCode: () => appStore.getState().code,
  state: () => {
    const s = appStore.getState();
    return { status: s.status, exitCode: s.exitCode, recorded: s.recorded, recordedProblem: s.recordedProblem };
  },
  /** How many runs the embed has started. */
  runs: runCount,
  /** Whether the embed is framed, and every decision on a run the reader did not start. */
  gate: () => ({
    framed: gate.framed,
    readerActed: gate.readerActed,
    unseen: gate.unseen,
    decisions: [...gate.decisions],
  }),
};

function Root() {
  const ref = useRef<HTMLDivElement | null>(null);
  return (
    <Playground
      panes={embed.panes}
      editable={embed.editable}
      autorun={embed.autorun}
      gate={gate}
      fullPageUrl={fullPage.href}
      rootRef={ref}
    />
  );
}

async function start(): Promise<void> {
  const link = await decodeShareLink(location, (id) => EXAMPLES.some((e) => e.id === id));
  const o = link.snippet?.options;
  appStore.setState({
    exampleId: o?.example ?? null,
    code:
      link.snippet?.code ?? findExample(o?.example ?? null)?.source ?? (link.snippet ? '' : appStore.getState().code),
    speed: o?.speed ?? 1,
    seed: o?.seed ?? 0,
    lang: o?.lang ?? browserLang(navigator.languages),
    theme: o?.theme ?? 'auto',
    linkProblems: link.problems,
  });
  const rootEl = document.getElementById('root');
  if (!rootEl) throw new Error('embed.html has no #root');
  // Render synchronously: an iframe below the fold gets no animation frames (Chromium throttles them), and the
  // host must still hear `ready` and the height at once.
  const root = createRoot(rootEl);
  flushSync(() =>
    root.render(
      <StrictMode>
        <Root />
      </StrictMode>,
    ),
  );
  const host = connectHost(
    embed.id,
    (msg) => {
      if (msg.type === 'run') {
        const refusal = gate.ask('host', run);
        if (refusal) host.post({ type: 'refused', command: 'run', reason: refusal });
      } else if (msg.type === 'stop') stop();
      else appStore.getState().setCode(msg.code);
    },
    document.querySelector<HTMLElement>('[data-testid="embed"]') ?? rootEl,
  );
  host.post({
    type: 'ready',
    example: appStore.getState().exampleId,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  });
  // A recorded run to show before the reader presses Run: carried by the link, or in a trace file next to the post.
  const badRun = link.problems.find((p) => p.code === 'bad-run');
  if (link.snippet?.run) showRecording(link.snippet.run, 'link');
  else if (badRun?.code === 'bad-run') appStore.setState({ recordedProblem: badRun.why });
  else if (embed.trace) {
    const r = await fetchRecording(embed.trace, location.href);
    if ('file' in r) showRecording(r.file, 'file');
    else appStore.setState({ recordedProblem: r.problem });
  }
}

void start();
