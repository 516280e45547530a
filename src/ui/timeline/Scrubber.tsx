// The replay bar under the chart: play/pause, a slider over the run's program time, and the speed (0.25×–4×).
import { useStore } from 'zustand';
import { appStore } from '../store/store';
import { REPLAY_RATES } from '../store/timelineSlice';
import { formatTime, time } from '../../trace/time';
import { useTimelineStrings } from './strings';

/** Shown once a run has ended: the chart and the terminal then follow the replay's moment. */
export function Scrubber({ end }: { end: number }) {
  const t = useTimelineStrings();
  const replay = useStore(appStore, (s) => s.replay);
  const set = appStore.getState().setReplay;
  const at = replay?.at ?? end;
  const rate = replay?.rate ?? 1;
  const toggle = () => {
    if (!replay) set({ at: 0, playing: true, rate });
    else if (replay.playing) set({ ...replay, playing: false });
    else set({ ...replay, at: replay.at >= end ? 0 : replay.at, playing: true });
  };
  return (
    <div className="tl-scrubber" data-testid="timeline-scrubber">
      <button type="button" onClick={toggle} title={t.replayTitle} data-testid="replay-toggle">
        {replay?.playing ? `❚❚ ${t.pause}` : `▶ ${t.replay}`}
      </button>
      <input
        type="range"
        min={0}
        max={Math.max(1, Math.ceil(end))}
        step="any"
        value={at}
        aria-label={t.scrubber}
        aria-valuetext={formatTime(time(at))}
        data-testid="replay-slider"
        onChange={(e) => set({ at: Number(e.target.value), playing: false, rate })}
      />
      <span className="tl-at" translate="no" data-testid="replay-at">
        {formatTime(time(at))}
      </span>
      <select
        aria-label={t.rate}
        value={rate}
        data-testid="replay-rate"
        onChange={(e) => set({ at, playing: replay?.playing ?? false, rate: Number(e.target.value) })}
      >
        {REPLAY_RATES.map((r) => (
          <option key={r} value={r}>
            ×{r}
          </option>
        ))}
      </select>
      {replay && (
        <button type="button" onClick={() => set(null)} title={t.replayDoneTitle} data-testid="replay-done">
          {t.replayDone}
        </button>
      )}
    </div>
  );
}
