/**
 * `PRAGMA quick_check` of a whole database file on a worker thread, on a read-only
 * connection of its own: it reads every page (seconds on a large store) without blocking
 * the main thread or writing a byte (a read-only connection never checkpoints).
 *
 * The worker is a few lines of plain JavaScript evaluated in place, so every build (tests
 * from source, the bundled command line, Electron) runs it without a file of its own.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { summarizeProblems } from './open';

export interface IntegrityResult {
  ok: boolean;
  /** What the check found, in a sentence; null when ok. */
  problem: string | null;
}

// Only dynamic imports: the code runs as a script or as a module, whichever the process's
// --input-type says (the tests start the host with --input-type=module).
const workerSource = `
(async () => {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { createRequire } = await import('node:module');
  const Database = createRequire(workerData.module)(workerData.module);
  const corrupt = (e) => /^SQLITE_(CORRUPT|NOTADB)/.test(String(e && e.code));
  let db = null;
  try {
    db = new Database(workerData.file, { readonly: true, fileMustExist: true, ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}) });
    const rows = db.pragma(workerData.full ? 'integrity_check' : 'quick_check');
    const messages = rows.map((r) => String(Object.values(r)[0]));
    parentPort.postMessage({ problems: messages.length === 1 && messages[0] === 'ok' ? [] : messages.slice(0, 20) });
  } catch (e) {
    if (corrupt(e)) parentPort.postMessage({ problems: [String(e.message)] });
    else parentPort.postMessage({ error: String(e && e.message ? e.message : e) });
  } finally {
    if (db) db.close();
  }
})();
`;

/** The better-sqlite3 addon this process loaded (the Electron build in the desktop app), for the worker to load the same one. */
function loadedAddon(): string | undefined {
  const require = createRequire(import.meta.url);
  return Object.keys(require.cache).find((file) => path.basename(file) === 'better_sqlite3.node');
}

/**
 * Checks `file` (the whole of it; `full` runs integrity_check, which also checks indexes
 * against their tables). Resolves `{ok: false, problem}` when the file is damaged or not a
 * database; rejects when the check could not run (a missing file, a busy disk).
 */
export function quickCheck(file: string, { nativeBinding, full = false }: { nativeBinding?: string; full?: boolean } = {}): Promise<IntegrityResult> {
  const sqliteModule = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerSource, { eval: true, workerData: { file, module: sqliteModule, full, nativeBinding: nativeBinding ?? loadedAddon() } });
    // A check in progress never keeps a process alive that is otherwise done.
    worker.unref();
    let settled = false;
    worker.once('message', (m: { problems?: string[]; error?: string }) => {
      settled = true;
      if (m.error !== undefined) reject(new Error(`The integrity check of ${file} could not run: ${m.error}`));
      else if (!m.problems || m.problems.length === 0) resolve({ ok: true, problem: null });
      else resolve({ ok: false, problem: summarizeProblems(m.problems) });
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The integrity check of ${file} stopped (exit ${code}).`));
    });
  });
}
