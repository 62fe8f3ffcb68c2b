// The one build, `electron-vite build` (npm run build): the Electron app, the HTTP host and
// command line (out/main/tessera.js), the export and PDF workers and the UI. From a source checkout a
// missing or out-of-date build is made here, once, under a lock so that parallel starts wait
// for one build instead of writing out/ over each other, and built aside then renamed into
// place so that a host already running from out/ never finds it half written.
// TESSERA_NO_BUILD=1 (the end-to-end tests, after their one build) only runs what is built.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const entry = path.join(root, 'out', 'main', 'tessera.js');
/** What `serve` and the commands need from the build. */
const outputs = [entry, path.join(root, 'out', 'main', 'export-worker.js'), path.join(root, 'out', 'main', 'pdf-worker.js'), path.join(root, 'out', 'renderer', 'index.html')];
/** What the build is made from. */
const sources = ['electron', 'shared', 'renderer', 'electron.vite.config.ts', 'vite.renderer.config.ts'];
const electronVite = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
const lockFile = path.join(root, 'out', '.build-lock');
const LOCK_WAIT_MS = 5 * 60_000;

/** Newest modification time of any file under the given paths. */
function newest(paths) {
  let latest = 0;
  const walk = (p) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return; // removed while walking
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else latest = Math.max(latest, st.mtimeMs);
  };
  for (const p of paths) walk(p);
  return latest;
}

function missing() {
  return outputs.some((f) => !fs.existsSync(f));
}

function stale() {
  if (missing()) return true;
  const built = Math.min(...outputs.map((f) => fs.statSync(f).mtimeMs));
  return built < newest(sources.map((s) => path.join(root, s)));
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Takes the build lock (waiting while another start builds); false when it was not free in time. */
function lock() {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return true;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder;
    try {
      holder = Number(fs.readFileSync(lockFile, 'utf8'));
    } catch (err) {
      if (err.code === 'ENOENT') continue; // released meanwhile
      throw err;
    }
    // A lock whose builder has gone (killed mid-build) is taken over.
    if (holder && !alive(holder)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) return false;
    if (!told) console.error('Waiting for another start that is building Tessera…');
    told = true;
    Atomics.wait(pause, 0, 0, 200);
  }
}

/**
 * Makes the build when it is missing or older than its sources (a fresh clone, a pull, an
 * edit), or always with `force`.
 */
export function ensureBuilt({ force = false } = {}) {
  if (!force && process.env.TESSERA_NO_BUILD === '1') {
    if (missing()) throw new Error('out/ holds no build: run `npm run build` first.');
    return;
  }
  if (!force && !stale()) return;
  if (!fs.existsSync(electronVite)) {
    // An installation without the development tools: run whatever build there is.
    if (force || missing()) throw new Error('electron-vite is not installed: run `npm install` then `npm run build`.');
    return;
  }
  if (!lock()) throw new Error(`another start has held ${path.relative(root, lockFile)} for minutes; remove it if no build is running.`);
  try {
    // Another start may have built while this one waited.
    if (!force && !stale()) return;
    if (!force) console.error(missing() ? 'Building Tessera (once, a few seconds)…' : 'The sources changed since the last build: building Tessera…');
    // The build's output goes to stderr: a command's stdout stays its answer.
    const temp = path.join(root, 'out', `.build-${process.pid}`);
    try {
      const r = spawnSync(process.execPath, [electronVite, 'build', '--outDir', temp, '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 2, 2] });
      if (r.status !== 0) throw new Error(`the build failed (exit ${r.status ?? r.signal}); \`npm run build\` shows why.`);
      for (const part of fs.readdirSync(temp)) {
        const target = path.join(root, 'out', part);
        const old = path.join(temp, `${part}.old`);
        if (fs.existsSync(target)) fs.renameSync(target, old);
        fs.renameSync(path.join(temp, part), target);
      }
    } finally {
      fs.rmSync(temp, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

