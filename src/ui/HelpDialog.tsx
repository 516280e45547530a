// The help panel: what the page is, the keyboard shortcuts, and how work is kept (opened with ? or the Help button).
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { MOD_KEY, useT } from './i18n/useT';
import { shortcutGroups } from './shortcuts';
import { useTimelineStrings } from './timeline/strings';
import { appStore } from './store/store';
import './dialogs.css';

export function HelpDialog() {
  const t = useT();
  const open = useStore(appStore, (s) => s.helpOpen);
  const ref = useRef<HTMLDialogElement | null>(null);
  useModal(ref, open, () => appStore.getState().setHelpOpen(false));
  const chartKeys = useTimelineStrings().keys.split(' · ');
  const groups = shortcutGroups(t, MOD_KEY, chartKeys);
  return (
    <dialog ref={ref} className="dialog help-dialog" data-testid="help-dialog" aria-labelledby="help-title">
      <h2 id="help-title">{t.helpDialogTitle}</h2>
      <p>{t.helpIntro}</p>
      <h3>{t.shortcuts}</h3>
      {groups.map((g) => (
        <table className="keys" key={g.title} data-testid="help-keys">
          <caption>{g.title}</caption>
          <tbody>
            {g.keys.map(([k, what]) => (
              <tr key={k + what}>
                {what ? (
                  <>
                    <td>
                      <kbd>{k}</kbd>
                    </td>
                    <td>{what}</td>
                  </>
                ) : (
                  <td colSpan={2}>{k}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <p>{t.helpWork}</p>
      <div className="dialog-actions">
        <button type="button" data-testid="help-close" onClick={() => appStore.getState().setHelpOpen(false)}>
          {t.close}
        </button>
      </div>
    </dialog>
  );
}

/** Shows a <dialog> as a modal while `open`; Esc and the dialog's own close report back through `onClose`. */
export function useModal(ref: React.RefObject<HTMLDialogElement | null>, open: boolean, onClose: () => void): void {
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open, ref]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    d.addEventListener('close', onClose);
    return () => d.removeEventListener('close', onClose);
  }, [ref, onClose]);
}
