// The message bar above the workspace: what a link or an action did, with Undo when it replaced the editor's text.
import { useStore } from 'zustand';
import { useT } from './i18n/useT';
import { appStore } from './store/store';
import './dialogs.css';

export function NoticeBar() {
  const t = useT();
  const notice = useStore(appStore, (s) => s.notice);
  if (!notice) return <div className="notice-slot" role="status" aria-live="polite" />;
  const details = notice.details?.(t) ?? [];
  return (
    <div className="notice-slot" role="status" aria-live="polite">
      <div className={`notice ${notice.tone}`} data-testid="notice" key={notice.id}>
        <span className="notice-text">
          {notice.text(t)}
          {details.map((d) => (
            <span key={d} className="notice-detail">
              {d}
            </span>
          ))}
        </span>
        {notice.undo && (
          <button type="button" data-testid="undo" onClick={() => appStore.getState().undo()}>
            {notice.redo ? t.redo : t.undo}
          </button>
        )}
        {notice.action && (
          <button type="button" data-testid="notice-action" onClick={notice.action.run}>
            {notice.action.label(t)}
          </button>
        )}
        <button
          type="button"
          className="notice-close"
          data-testid="dismiss"
          aria-label={t.dismiss}
          title={t.dismiss}
          onClick={() => appStore.getState().showNotice(null)}
        >
          ×
        </button>
      </div>
    </div>
  );
}
