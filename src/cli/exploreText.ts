// What the controlled-run commands say when a strategy stops a run (shared with the page: kernel/sched/stopText.ts).
export { stopMessage } from '../kernel/sched/stopText';
