// The playground page: toolbar, editor (and the Python original on request), timeline, terminal, lesson, process table, status.
import { useStore } from 'zustand';
import { CompiledPane } from './CompiledPane';
import { CodeEditor, PythonPane } from './Editor';
import { ExploreDialog } from './explore/ExploreDialog';
import { ScheduleStrip } from './explore/ScheduleStrip';
import { findExample } from './examples';
import { HelpDialog } from './HelpDialog';
import { Workspace } from './layout/Workspace';
import { LessonPanel } from './LessonPanel';
import { NoticeBar } from './NoticeBar';
import { ProcessTable } from './ProcessTable';
import { SchedulerPanel } from './SchedulerPanel';
import { ShareDialog } from './ShareDialog';
import { StatusLine } from './StatusLine';
import { appStore } from './store/store';
import { Terminal } from './Terminal';
import { Timeline } from './timeline/Timeline';
import { useDocumentThemeAndLang } from './theme';
import { Toolbar } from './Toolbar';

export function App() {
  useDocumentThemeAndLang();
  const showPython = useStore(appStore, (s) => s.showPython);
  const showJs = useStore(appStore, (s) => s.showJs);
  const python = useStore(appStore, (s) => findExample(s.exampleId)?.python ?? null);
  return (
    <div className="app">
      <Toolbar />
      <NoticeBar />
      <ScheduleStrip />
      <Workspace
        code={
          <div className={`code${showJs || (showPython && python !== null) ? ' split' : ''}`}>
            <CodeEditor />
            {showJs ? <CompiledPane /> : showPython && python !== null && <PythonPane python={python} />}
          </div>
        }
        chart={<Timeline />}
        terminal={<Terminal />}
        side={
          <aside className="side">
            <SchedulerPanel />
            <LessonPanel />
            <ProcessTable />
          </aside>
        }
      />
      <StatusLine />
      <ShareDialog />
      <ExploreDialog />
      <HelpDialog />
    </div>
  );
}
