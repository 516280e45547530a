// The module src/tooling/workerBundles.ts makes: each worker's bundled source, self-contained.
declare module 'virtual:mpplay/worker-sources' {
  export const kernel: string;
  export const process: string;
}
