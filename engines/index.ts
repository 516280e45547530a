// What tools outside the test runner use of the cross-engine suite (bench/engines.mjs bundles this): engines and page helpers.
export { launchEngine } from './engines';
export { appState, openApp, runToEnd, setCode, terminalText } from './app';
export { waitFor } from './driver';
export type { Driver, Engine, EngineName } from './driver';
