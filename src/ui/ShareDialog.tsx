// The Share dialog: the link (with its length against 2,000 and 8,000 characters) and the code to embed the program.
import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { encodeShareLink, linkLengthVerdict, RunTooLargeError, type SharedSnippet } from '../share/codec';
import { DEFAULT_EMBED, embedSnippet, PANES, type EmbedParams, type Pane } from '../share/embedApi';
import { DEFAULT_OPTIONS } from '../share/options';
import { encodeSchedule, programFingerprint } from '../share/schedule';
import { findExample } from './examples';
import { browserLang, type Strings } from './i18n/strings';
import { useT } from './i18n/useT';
import { useModal } from './HelpDialog';
import { currentRecording } from './runController';
import { appStore } from './store/store';
import './dialogs.css';

/** The snippet the page shows now: the language only when the reader chose one other than their browser's. */
function currentSnippet(): SharedSnippet {
  const s = appStore.getState();
  return {
    code: s.code,
    options: {
      ...DEFAULT_OPTIONS,
      example: s.exampleId,
      speed: s.speed,
      seed: s.seed,
      lang: s.lang === browserLang(globalThis.navigator?.languages) ? null : s.lang,
      theme: s.theme,
    },
  };
}

const sourceOf = (id: string) => findExample(id)?.source;

/** The last controlled run's schedule as a string, when that run was of the editor's program (else null). */
async function currentSchedule(): Promise<string | null> {
  const { lastSchedule: l, code } = appStore.getState();
  if (!l || l.code !== code) return null;
  return encodeSchedule({ fingerprint: programFingerprint(code), seed: l.seed, choices: l.choices });
}

/** Copies text; falls back to selecting an input's text with the old command when the Clipboard API is refused. */
async function copyText(text: string, fallback: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!fallback) return false;
    fallback.select();
    return document.execCommand('copy');
  }
}

function CopyButton({
  text,
  target,
  label,
  testId,
}: {
  text: string;
  target: React.RefObject<HTMLInputElement | HTMLTextAreaElement | null>;
  label: string;
  testId: string;
}) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => setState('idle'), [text]);
  return (
    <>
      <button
        type="button"
        data-testid={testId}
        disabled={!text}
        onClick={async () => setState((await copyText(text, target.current)) ? 'copied' : 'failed')}
      >
        {label}
      </button>
      <span className="copy-state" role="status">
        {state === 'copied' ? t.copied : state === 'failed' ? t.copyFailed : ''}
      </span>
    </>
  );
}

function verdictText(t: Strings, length: number): string {
  const v = linkLengthVerdict(length);
  return v === 'server' ? t.linkServer : v === 'chat' ? t.linkChat : t.linkOk;
}

export function ShareDialog() {
  const t = useT();
  const open = useStore(appStore, (s) => s.shareOpen);
  const lang = useStore(appStore, (s) => s.lang);
  const ref = useRef<HTMLDialogElement | null>(null);
  const linkRef = useRef<HTMLInputElement | null>(null);
  const embedRef = useRef<HTMLTextAreaElement | null>(null);
  const [embed, setEmbed] = useState<EmbedParams>({ ...DEFAULT_EMBED, panes: [...PANES] });
  const [link, setLink] = useState<{ page: string; embed: string } | null>(null);
  const [tooLarge, setTooLarge] = useState<string | false>(false);
  const [withRun, setWithRun] = useState(false);
  const [withSchedule, setWithSchedule] = useState(true);
  const scheduled = useStore(appStore, (s) => s.lastSchedule !== null && s.lastSchedule.code === s.code);
  /** The finished run of this code, if any: a link may carry it (format 2). */
  const recording = open ? currentRecording() : null;
  useModal(ref, open, () => appStore.getState().setShareOpen(false));

  useEffect(() => {
    if (!open) return;
    let live = true;
    const base = new URL('.', location.href).href;
    const extra = new URLSearchParams();
    const panes = PANES.filter((p) => embed.panes.includes(p));
    if (panes.length < PANES.length) extra.set('panes', panes.join(','));
    if (embed.editable) extra.set('editable', '1');
    if (embed.autorun === 'visible') extra.set('autorun', 'visible');
    const snippetNow = async () => ({
      ...currentSnippet(),
      run: withRun ? currentRecording() : null,
      schedule: withSchedule ? await currentSchedule() : null,
    });
    snippetNow()
      .then((snippet) => Promise.all([encodeShareLink(snippet, sourceOf), encodeShareLink(snippet, sourceOf, extra)]))
      .then(
        ([p, e]) => {
          if (!live) return;
          setTooLarge(false);
          setLink({ page: `${base}${p.search}${p.hash}`, embed: `${base}embed.html${e.search}${e.hash}` });
        },
        (e: unknown) => {
          if (!live) return;
          setTooLarge(e instanceof RunTooLargeError ? t.runTooLarge(e.chars, e.events) : t.linkTooLarge);
          setLink(null);
        },
      );
    return () => {
      live = false;
    };
  }, [open, embed, withRun, withSchedule, scheduled, t]);

  const ex = findExample(appStore.getState().exampleId);
  const title = `mpplay: ${ex ? ex.title[lang] : t.scratchTitle}`;
  const snippet = link ? embedSnippet(link.embed, title) : '';
  const length = link?.page.length ?? 0;
  const verdict = linkLengthVerdict(length);
  const togglePane = (p: Pane) =>
    setEmbed((e) => ({
      ...e,
      panes: e.panes.includes(p) ? (e.panes.length > 1 ? e.panes.filter((x) => x !== p) : e.panes) : [...e.panes, p],
    }));

  return (
    <dialog ref={ref} className="dialog share-dialog" data-testid="share-dialog" aria-labelledby="share-title">
      <h2 id="share-title">{t.shareDialogTitle}</h2>
      {tooLarge && (
        <p className="warn" data-testid="share-too-large">
          {tooLarge}
        </p>
      )}
      <label className="include-run">
        <input
          type="checkbox"
          checked={withRun && recording !== null}
          disabled={recording === null}
          onChange={(e) => setWithRun(e.target.checked)}
          data-testid="include-run"
        />
        {recording ? t.includeRun : t.includeRunNone}
      </label>
      <label className="include-run">
        <input
          type="checkbox"
          checked={withSchedule && scheduled}
          disabled={!scheduled}
          onChange={(e) => setWithSchedule(e.target.checked)}
          data-testid="include-schedule"
        />
        {scheduled ? t.includeSchedule : t.includeScheduleNone}
      </label>
      <label className="field">
        <span>{t.linkLabel}</span>
        <input
          ref={linkRef}
          readOnly
          value={link?.page ?? ''}
          data-testid="share-link"
          translate="no"
          onFocus={(e) => e.target.select()}
        />
      </label>
      <div className="row">
        <CopyButton text={link?.page ?? ''} target={linkRef} label={t.copy} testId="copy-link" />
      </div>
      <p className={`length ${verdict}`} data-testid="link-length" data-verdict={verdict}>
        <span>{t.linkLength(length.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en'))}</span>{' '}
        <span>{verdictText(t, length)}</span>
      </p>
      <h3>{t.embedTitle}</h3>
      <fieldset className="embed-options">
        <legend>{t.panes}</legend>
        {PANES.map((p) => (
          <label key={p}>
            <input
              type="checkbox"
              checked={embed.panes.includes(p)}
              onChange={() => togglePane(p)}
              data-testid={`pane-${p}`}
            />
            {t[p === 'code' ? 'paneCode' : p === 'chart' ? 'paneChart' : 'paneTerminal']}
          </label>
        ))}
      </fieldset>
      <div className="embed-options">
        <label>
          <input
            type="checkbox"
            checked={embed.editable}
            onChange={(e) => setEmbed({ ...embed, editable: e.target.checked })}
          />
          {t.editable}
        </label>
        <label>
          <input
            type="checkbox"
            checked={embed.autorun === 'visible'}
            onChange={(e) => setEmbed({ ...embed, autorun: e.target.checked ? 'visible' : 'click' })}
          />
          {t.autorunVisible}
        </label>
      </div>
      <label className="field">
        <span>{t.embedCodeLabel}</span>
        <textarea ref={embedRef} readOnly rows={6} value={snippet} data-testid="embed-code" translate="no" />
      </label>
      <div className="dialog-actions">
        <CopyButton text={snippet} target={embedRef} label={t.copyEmbed} testId="copy-embed" />
        <span className="spacer" />
        <button type="button" data-testid="share-close" onClick={() => appStore.getState().setShareOpen(false)}>
          {t.close}
        </button>
      </div>
    </dialog>
  );
}
