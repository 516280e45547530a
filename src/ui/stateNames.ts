// A process state's name in the page's language (the process table and the status line say it the same way).
import type { ProcStatus } from '../trace/processStates';
import type { Strings } from './i18n/strings';

const STATE_NAME: Record<ProcStatus, keyof Strings> = {
  created: 'stateCreated',
  running: 'stateRunning',
  sleeping: 'stateSleeping',
  blocked: 'stateBlocked',
  exiting: 'stateExiting',
  zombie: 'stateZombie',
  reaped: 'stateReaped',
};

/** `zombie`, `僵尸`… */
export function stateName(t: Strings, s: ProcStatus): string {
  return t[STATE_NAME[s]] as string;
}
