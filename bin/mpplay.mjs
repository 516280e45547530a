#!/usr/bin/env node
// mpplay's command line: `mpplay run FILE.ts`. Bundles the TypeScript sources on first use (esbuild).
import { nodeBundle } from '../scripts/nodeBundle.mjs';

const { cli, worker } = await nodeBundle();
const { main } = await import(cli.href);
const code = await main(process.argv.slice(2), worker);
process.exitCode = code;
// Workers are already terminated when the run ends; leave at once even if a stray handle lingers.
setImmediate(() => process.exit(code));
