#!/usr/bin/env node
// @ts-check
// Typechecks every TypeScript project of the repo in turn (`tsc --noEmit -p`); optional ones that do not exist yet are skipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** Each project, and whether its absence is an error. The kernel and runtime ones hold STYLE habit 1. */
const projects = [
  { path: 'tsconfig.json', what: 'app, tests and tooling (DOM + Node)', required: true },
  { path: 'src/kernel/tsconfig.json', what: 'kernel + protocol (ES2022 only)', required: true },
  { path: 'src/runtime/tsconfig.json', what: 'runtime + protocol (ES2022 + WebWorker)', required: true },
  { path: 'src/trace/tsconfig.json', what: 'trace model and exporters + protocol (ES2022 only)', required: true },
  { path: 'src/examples/lessons/tsconfig.json', what: 'lesson checks + protocol (ES2022 only)', required: true },
  { path: 'src/examples/programs/tsconfig.json', what: 'example programs (against src/api)', required: false },
  { path: 'bench/tsconfig.json', what: "the bench's scripts (checkJs, Node)", required: true },
];

let failed = 0;
for (const { path, what, required } of projects) {
  if (!existsSync(join(root, path))) {
    if (required) {
      console.error(`typecheck: ${path} is missing`);
      failed++;
    } else {
      console.log(`typecheck: skipped ${path} (${what}): it does not exist yet`);
    }
    continue;
  }
  const started = performance.now();
  const { status, error } = spawnSync(process.execPath, [tsc, '--noEmit', '-p', path], { cwd: root, stdio: 'inherit' });
  const secs = ((performance.now() - started) / 1000).toFixed(1);
  if (error || status !== 0) {
    failed++;
    console.error(`typecheck: FAIL ${path} (${what}) in ${secs} s`);
  } else {
    console.log(`typecheck: ok   ${path} (${what}) in ${secs} s`);
  }
}
process.exit(failed ? 1 : 0);
