// The Explore… dialog: strategy, runs, seed and condition; live progress with the outcomes' histogram; Stop; and,
// when a run is found, "Show this run" (replayed as a controlled run so that every pane shows it).
import { useRef } from 'react';
import { useStore } from 'zustand';
import { MAX_EXPLORE_RUNS, type ExploreRow } from '../../hosts/browser/exploreProtocol';
import { sharedMemoryUsable } from '../../hosts/browser/sharedMemory';
import {
  EXPLORE_STRATEGIES,
  EXPLORE_UNTILS,
  MAX_EXPLORE_DEPTH,
  type ExploreStrategy,
  type ExploreUntil,
} from '../../protocol/sched/explore';
import type { Strings } from '../i18n/strings';
import { useT } from '../i18n/useT';
import { useModal } from '../HelpDialog';
import { appStore } from '../store/store';
import { searchStore, setExploreOpen, showFound, startSearch, stopSearch } from './search';
import '../dialogs.css';
import './explore.css';

const STRATEGY_LABEL = { random: 'strategyRandom', pct: 'strategyPct', dfs: 'strategyDfs' } as const;
const UNTIL_LABEL = {
  deadlock: 'untilDeadlock',
  'exit!=0': 'untilExit',
  assert: 'untilAssert',
  output: 'untilOutput',
} as const;

/** A whole number from an input, kept within bounds (a cleared field keeps the previous value). */
function wholeIn(text: string, lo: number, hi: number, was: number): number {
  const n = Number(text);
  return text.trim() === '' || !Number.isFinite(n) ? was : Math.min(hi, Math.max(lo, Math.floor(n)));
}

/** The outcomes as bars, most frequent first. */
function Histogram({ rows, t }: { rows: readonly ExploreRow[]; t: Strings }) {
  if (!rows.length) return null;
  const most = Math.max(1, ...rows.map((r) => r.runs));
  return (
    <table className="explore-histogram" data-testid="explore-histogram">
      <caption>{t.exploreHistogram}</caption>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label} data-testid="explore-row">
            <td className="label" translate="no">
              {r.label}
            </td>
            <td className="bar">
              <span style={{ width: `${Math.max(2, (r.runs / most) * 100)}%` }} />
            </td>
            <td className="count">{r.runs}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Verdict({ t }: { t: Strings }) {
  const { phase, summary, error, done, histogram, code } = useStore(searchStore);
  const editorCode = useStore(appStore, (s) => s.code);
  if (phase === 'searching' || phase === 'stopping')
    return (
      <p className="explore-status" role="status" data-testid="explore-status" data-phase={phase}>
        {phase === 'stopping' ? t.exploreStopping : t.exploreSearching(done, histogram.length)}
      </p>
    );
  if (phase === 'failed')
    return (
      <p className="warn" role="status" data-testid="explore-status" data-phase={phase}>
        {t.exploreFailed(error ?? '?')}
      </p>
    );
  if (phase !== 'done' || !summary) return null;
  const f = summary.found;
  let text: string;
  if (f) text = t.exploreFound(f.run + 1);
  else if (summary.problem) text = t.exploreFailed(summary.problem);
  else if (summary.interrupted) text = t.exploreInterrupted(summary.runs);
  else if (summary.exhausted) text = t.exploreExhausted(summary.schedules ?? 0);
  else text = t.exploreNotFound(summary.runs);
  const edited = f !== null && code !== editorCode;
  return (
    <div className="explore-verdict">
      <p role="status" data-testid="explore-status" data-phase={phase} data-found={f ? 'yes' : 'no'}>
        {text}
        {f && (
          <>
            {' '}
            <span translate="no" data-testid="explore-found-label">
              {f.label}
            </span>
          </>
        )}
        {!f && summary.schedules !== undefined && !summary.exhausted && !summary.problem && (
          <> {t.exploreSchedules(summary.schedules)}</>
        )}
      </p>
      {f && (
        <p className="row">
          <button
            type="button"
            className="primary"
            data-testid="explore-show"
            disabled={edited}
            title={t.exploreShowTitle}
            onClick={showFound}
          >
            {t.exploreShow}
          </button>
          {edited && <span className="warn">{t.exploreEdited}</span>}
        </p>
      )}
    </div>
  );
}

export function ExploreDialog() {
  const t = useT();
  const st = useStore(searchStore);
  const ref = useRef<HTMLDialogElement | null>(null);
  useModal(ref, st.open, () => setExploreOpen(false));
  const busy = st.phase === 'searching' || st.phase === 'stopping';
  const set = (patch: Partial<typeof st>) => searchStore.setState(patch);
  return (
    <dialog ref={ref} className="dialog explore-dialog" data-testid="explore-dialog" aria-labelledby="explore-title">
      <h2 id="explore-title">{t.exploreDialogTitle}</h2>
      <p>{t.exploreIntro}</p>
      {!sharedMemoryUsable() && (
        <p className="warn" data-testid="explore-no-shared">
          {t.exploreNoShared}
        </p>
      )}
      <form
        className="explore-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) startSearch();
        }}
      >
        <label>
          {t.exploreStrategy}
          <select
            data-testid="explore-strategy"
            value={st.strategy}
            disabled={busy}
            onChange={(e) => set({ strategy: e.target.value as ExploreStrategy })}
          >
            {EXPLORE_STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {t[STRATEGY_LABEL[s]]}
              </option>
            ))}
          </select>
        </label>
        {st.strategy === 'pct' && (
          <label>
            {t.exploreDepth}
            <input
              type="number"
              data-testid="explore-depth"
              min={1}
              max={MAX_EXPLORE_DEPTH}
              value={st.depth}
              disabled={busy}
              onChange={(e) => set({ depth: wholeIn(e.target.value, 1, MAX_EXPLORE_DEPTH, st.depth) })}
            />
          </label>
        )}
        <label>
          {t.exploreUntil}
          <select
            data-testid="explore-until"
            value={st.until}
            disabled={busy}
            onChange={(e) => set({ until: e.target.value as ExploreUntil })}
          >
            {EXPLORE_UNTILS.map((u) => (
              <option key={u} value={u}>
                {t[UNTIL_LABEL[u]]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.exploreRuns}
          <input
            type="number"
            data-testid="explore-runs"
            min={1}
            max={MAX_EXPLORE_RUNS}
            value={st.runs}
            disabled={busy}
            onChange={(e) => set({ runs: wholeIn(e.target.value, 1, MAX_EXPLORE_RUNS, st.runs) })}
          />
        </label>
        {st.strategy !== 'dfs' && (
          <label>
            {t.exploreSeed}
            <input
              type="number"
              data-testid="explore-seed"
              min={0}
              value={st.strategySeed}
              disabled={busy}
              onChange={(e) => set({ strategySeed: wholeIn(e.target.value, 0, 0xffffffff, st.strategySeed) })}
            />
          </label>
        )}
        <span className="row">
          {busy ? (
            <button type="button" data-testid="explore-stop" onClick={() => stopSearch(st.phase === 'stopping')}>
              {t.exploreStop}
            </button>
          ) : (
            <button type="submit" className="primary" data-testid="explore-start">
              {t.exploreStart}
            </button>
          )}
        </span>
      </form>
      <Verdict t={t} />
      <Histogram rows={st.histogram} t={t} />
      <div className="dialog-actions">
        <span className="spacer" />
        <button type="button" data-testid="explore-close" onClick={() => setExploreOpen(false)}>
          {t.close}
        </button>
      </div>
    </dialog>
  );
}
