#!/usr/bin/env node
// The command line: `tessera serve` (the HTTP host) and the support commands. It runs
// out/main/tessera.js, the bundle `npm run build` makes (see build.mjs; a source checkout
// builds it on first use), so a start loads plain JavaScript, no TypeScript compiler.
import { pathToFileURL } from 'node:url';
import { ensureBuilt, entry } from './build.mjs';

const [command, ...rest] = process.argv.slice(2);
try {
  ensureBuilt();
  const cli = await import(pathToFileURL(entry).href);
  if (command === 'serve') await cli.serve(rest);
  else process.exitCode = await cli.runCli(command, rest);
} catch (err) {
  console.error(`tessera: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
