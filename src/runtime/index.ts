// The runtime's entry: what a process worker calls. Hosts supply the endpoint and how to turn JS into a module URL.
export { runProcess } from './worker';
export type { ModuleImporter, ModuleUrlMaker } from './loader';
export { setEndingProbe, setStopCell } from './loopGuard';
