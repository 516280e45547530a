// Above the chart after a controlled run: its decisions that had a choice, one mark each in order, the switches
// that mattered (the process chosen was not the one that ran last and could go on) highlighted and listed.
import { useStore } from 'zustand';
import type { DecisionMark } from '../../hosts/browser/exploreProtocol';
import { useT } from '../i18n/useT';
import { traceLog } from '../runController';
import { appStore } from '../store/store';
import './explore.css';

/** Switches listed in words at most (every one is marked). */
const LISTED = 6;

export function ScheduleStrip() {
  const t = useT();
  const last = useStore(appStore, (s) => s.lastSchedule);
  useStore(appStore, (s) => s.traceVersion); // process names come with the trace
  if (!last) return null;
  const name = (pid: number) => traceLog.procs.get(pid)?.name ?? `pid ${pid}`;
  const switches = last.marks.filter((m) => m.mattered);
  const words = (m: DecisionMark) => `#${m.step + 1} ${name(m.pid)}: ${m.label}`;
  return (
    <div className="schedule-strip" data-testid="schedule-strip">
      <span className="strip-title">{t.stripTitle(last.marks.length, switches.length)}</span>
      <span className="strip-marks" aria-hidden="true" translate="no">
        {last.marks.map((m) => (
          <span
            key={m.step}
            className={m.mattered ? 'mark mattered' : 'mark'}
            data-testid={m.mattered ? 'strip-switch' : 'strip-mark'}
            title={`${words(m)} · ${m.mattered ? t.stripMattered : t.stripPlain}`}
          />
        ))}
      </span>
      <span className="strip-list" translate="no" data-testid="strip-list">
        {switches.slice(0, LISTED).map(words).join(' · ')}
        {switches.length > LISTED ? ` · … +${switches.length - LISTED}` : ''}
      </span>
      {last.marksCut && <span className="strip-cut">{t.stripCut(last.marks.length)}</span>}
    </div>
  );
}
