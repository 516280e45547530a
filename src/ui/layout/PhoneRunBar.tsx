// On a phone, Run and Stop again right below the code (the toolbar's are a lesson and a program above), with the status.
import { useStore } from 'zustand';
import { MOD_KEY, useT } from '../i18n/useT';
import { run, stop } from '../runController';
import { appStore } from '../store/store';

export function PhoneRunBar() {
  const t = useT();
  const status = useStore(appStore, (s) => s.status);
  const busy = status === 'compiling' || status === 'running';
  return (
    <div className="phone-run" data-testid="phone-run">
      <button type="button" className="run" data-testid="phone-run-button" onClick={run} title={t.runTitle(MOD_KEY)}>
        {busy ? t.restart : t.run}
      </button>
      <button type="button" className="stop" onClick={stop} disabled={!busy} title={t.stopTitle(MOD_KEY)}>
        {t.stop}
      </button>
      <span className="phone-run-hint">{t.phoneRunHint}</span>
    </div>
  );
}
