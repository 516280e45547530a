// Offers another tab's newer draft of the open program, when there is one (the two tabs never overwrite each other).
import { pageDrafts } from './store/persistence';
import { appStore } from './store/store';

/**
 * Shows a notice with "Open it" when another tab saved a different text of the open example after this tab
 * last saved its own. Opening it is undoable like any replacement. Call when the page has opened.
 */
export function offerOtherDrafts(): void {
  const s = appStore.getState();
  if (s.notice) return; // a link or an undo is being reported: do not cover it
  const drafts = pageDrafts();
  const all = drafts.records(s.exampleId);
  const mine = all.find((r) => r.tabId === drafts.tabId);
  const newer = drafts.others(s.exampleId, s.code).find((r) => !mine || r.at > mine.at);
  if (!newer || newer.code === null) return;
  const code = newer.code;
  const exampleId = s.exampleId;
  s.showNotice({
    tone: 'info',
    text: (t) => t.otherDraft,
    action: {
      label: (t) => t.openOtherDraft,
      run: () =>
        appStore.getState().replaceEditor({ exampleId, code }, { tone: 'info', text: (t) => t.otherDraftOpened }),
    },
  });
}
