#!/usr/bin/env node
// The command line: `tessera serve` (the HTTP host) and the support commands. It runs
// out/server/tessera.js, bundled from electron/server/ when missing or older than its
// sources, so a start loads plain JavaScript instead of compiling TypeScript.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverOut = path.join(root, 'out', 'server');

/** Newest modification time of any file under the given paths. */
function newest(paths) {
  let latest = 0;
  const walk = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else latest = Math.max(latest, st.mtimeMs);
  };
  for (const p of paths) if (fs.existsSync(p)) walk(p);
  return latest;
}

function stale(output, sources) {
  return !fs.existsSync(output) || fs.statSync(output).mtimeMs < newest(sources.map((s) => path.join(root, s)));
}

/** Builds the UI when it is missing or older than its sources (a fresh clone, a pull). */
function ensureRendererBuilt() {
  if (!stale(path.join(root, 'out', 'renderer', 'index.html'), ['renderer', 'shared', 'vite.renderer.config.ts'])) return;
  console.error('Building the UI…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Bundles the server, the command line and the export worker; each file is renamed into place whole. */
async function ensureServerBuilt() {
  if (!stale(path.join(serverOut, 'tessera.js'), ['electron', 'shared', 'bin/tessera.mjs'])) return;
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: {
      tessera: path.join(root, 'electron', 'server', 'entry.ts'),
      'export-worker': path.join(root, 'electron', 'core', 'services', 'exports', 'worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: serverOut,
    write: false,
    logLevel: 'warning',
  });
  fs.mkdirSync(serverOut, { recursive: true });
  for (const file of result.outputFiles) {
    const temp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(temp, file.contents);
    fs.renameSync(temp, file.path);
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'serve' && !rest.includes('--help')) ensureRendererBuilt();
  await ensureServerBuilt();
  const cli = await import(pathToFileURL(path.join(serverOut, 'tessera.js')).href);
  if (command === 'serve') await cli.serve(rest);
  else process.exitCode = await cli.runCli(command, rest);
} catch (err) {
  console.error(`tessera: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
