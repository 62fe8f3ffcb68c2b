/**
 * One process at a time owns a data folder: the app (either host) while it runs, or
 * `tessera restore` while it swaps the database. The owner writes `tessera.lock` (its pid)
 * with an exclusive create; a lock whose process is gone (killed, crashed) is stale and taken over.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'tessera.lock';

interface LockInfo {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    super(
      `The data folder ${dataDir} is in use by ${holder.purpose} (process ${holder.pid}${holder.host !== os.hostname() ? ` on ${holder.host}` : ''}, since ${holder.since}). ` +
        `Stop it first. If no Tessera is running, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid !== 'number') return null;
    return { pid: info.pid, host: String(info.host ?? ''), purpose: String(info.purpose ?? 'Tessera'), since: String(info.since ?? '?') };
  } catch {
    return null;
  }
}

/** Who holds the folder's lock now, if a live process does. */
export function lockHolder(dataDir: string): LockInfo | null {
  const info = readLock(path.join(dataDir, LOCK_FILE));
  if (!info || info.pid === process.pid) return null;
  if (info.host === os.hostname() && !alive(info.pid)) return null;
  return info;
}

/**
 * Takes the folder's lock for this process, or throws DataDirInUseError. Returns the release
 * function (also run when the process exits normally).
 */
export function acquireDataLock(dataDir: string, purpose: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), purpose, since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw err;
      const holder = lockHolder(dataDir);
      if (holder) throw new DataDirInUseError(dataDir, holder);
      // Stale (its process is gone) or our own: take it over.
      fs.rmSync(file, { force: true });
    }
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return release;
}
