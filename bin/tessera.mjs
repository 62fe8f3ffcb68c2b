#!/usr/bin/env node
// The command line: `tessera serve` (the HTTP host) and the support commands.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time of any file under the given folders. */
function newest(dirs) {
  let latest = 0;
  const walk = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else latest = Math.max(latest, st.mtimeMs);
  };
  for (const d of dirs) if (fs.existsSync(d)) walk(d);
  return latest;
}

/** Builds the UI when it is missing or older than its sources (a fresh clone, a pull). */
function ensureRendererBuilt() {
  const index = path.join(root, 'out', 'renderer', 'index.html');
  const sources = ['renderer', 'shared', 'vite.renderer.config.ts'].map((p) => path.join(root, p));
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newest(sources)) return;
  console.error('Building the UI…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const [command, ...rest] = process.argv.slice(2);
register();
try {
  if (command === 'serve') {
    if (!rest.includes('--help')) ensureRendererBuilt();
    const { serve } = await import('../electron/server/main.ts');
    await serve(rest);
  } else {
    const { runCli } = await import('../electron/server/cli.ts');
    process.exitCode = await runCli(command, rest);
  }
} catch (err) {
  console.error(`tessera: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
