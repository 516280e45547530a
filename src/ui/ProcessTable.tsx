// The process table: pid, ppid, name, state (Z for zombie), exit code — folded from the trace, live.
import { useStore } from 'zustand';
import { traceLog } from './runController';
import { stateLetter, type ProcRow } from './store/procTable';
import { appStore } from './store/store';
import { pidCssColour } from './terminalFormat';

function stateText(r: ProcRow): string {
  if (r.state === 'zombie') return 'zombie';
  if ((r.state === 'blocked' || r.state === 'sleeping' || r.state === 'exiting') && r.blockedOn) return r.blockedOn;
  return r.state;
}

export function ProcessTable() {
  // Re-render when the trace moves; the rows themselves are read from the TraceLog, not from React state.
  useStore(appStore, (s) => s.traceVersion);
  const rows = traceLog.rows();
  return (
    <section className="procs">
      <h2>Processes</h2>
      <table data-testid="process-table">
        <thead>
          <tr>
            <th>PID</th>
            <th>PPID</th>
            <th>NAME</th>
            <th title="R running, S sleeping/blocked, Z zombie (exited, not yet joined), X reaped">S</th>
            <th>STATE</th>
            <th>EXIT</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr className="empty">
              <td colSpan={6}>Run a program to see its processes.</td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.pid} className={`st-${r.state}`} data-pid={r.pid} data-state={r.state}>
              <td style={{ color: pidCssColour(r.index) }}>{r.pid}</td>
              <td>{r.ppid}</td>
              <td>
                {r.name}
                {r.daemon ? <span className="tag">daemon</span> : null}
              </td>
              <td className="letter">{stateLetter(r.state)}</td>
              <td>{stateText(r)}</td>
              <td>{r.exitCode ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
