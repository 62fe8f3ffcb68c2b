/**
 * One process at a time owns a data folder: the app (either host) while it runs, or
 * `tessera restore` while it swaps the database.
 *
 * The lock is the kernel's, not a pid: `tessera.lock` is a small SQLite database and its
 * owner keeps a write transaction open on it (SQLite's RESERVED lock, a byte-range lock
 * through fcntl / LockFileEx) for as long as it runs. The kernel drops that lock when the
 * process ends, however it ends, so a leftover file never blocks a start (whatever pid it
 * names), while a second process's BEGIN IMMEDIATE fails for as long as the owner lives.
 * Others can still read who holds it.
 *
 * The file also says whether its last owner ended cleanly: `running` from acquire until the
 * release writes `clean`. A start that finds `running` (killed, crashed, power cut) checks
 * the whole database before opening it.
 *
 * Never open tessera.lock with `fs` in a process that may hold it: closing any descriptor
 * of a file drops the process's POSIX locks on it. stat and chmod do not open it.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makePrivate, usePrivateUmask } from './dataDir';

export const LOCK_FILE = 'tessera.lock';

export interface LockHolder {
  pid: number;
  host: string;
  purpose: string;
  since: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    /** Who holds it, when its record could be read. */
    readonly holder: LockHolder | null,
  ) {
    const who = holder
      ? `${holder.purpose} (process ${holder.pid}${holder.host !== os.hostname() ? ` on ${holder.host}` : ''}, since ${holder.since})`
      : 'another Tessera process';
    super(`The data folder ${dataDir} is in use by ${who}. Stop it first.`);
    this.name = 'DataDirInUseError';
  }
}

/** Releasing the lock: call it (also run when the process exits normally). */
export interface DataLock {
  (): void;
  /** The previous owner did not release the lock: it was killed, crashed or lost power. */
  readonly endedUncleanly: boolean;
}

/** How long a start waits for an owner that is just releasing the lock. */
const WAIT_MS = 250;

const code = (err: unknown) => (err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : '');
const isBusy = (err: unknown) => code(err).startsWith('SQLITE_BUSY') || code(err).startsWith('SQLITE_LOCKED');
const isDamaged = (err: unknown) => code(err).startsWith('SQLITE_NOTADB') || code(err).startsWith('SQLITE_CORRUPT');

function readHolder(db: Database.Database): LockHolder | null {
  try {
    const row = db.prepare('SELECT pid, host, purpose, since FROM holder WHERE id = 1').get() as LockHolder | undefined;
    return row ?? null;
  } catch {
    return null;
  }
}

/**
 * Takes the folder's lock for this process, or throws DataDirInUseError. `nativeBinding`:
 * the better-sqlite3 addon of the Electron host.
 */
export function acquireDataLock(dataDir: string, purpose: string, { nativeBinding }: { nativeBinding?: string } = {}): DataLock {
  usePrivateUmask();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, LOCK_FILE);
  // A file with content but no record: the pid file of an older version, left by a run that did not end cleanly.
  const existed = (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0;
  let damaged = false;
  /** Refuses when another process holds the lock; a lock file that is no database (a large leftover, a damaged one) starts afresh once. */
  const startAfresh = (db: Database.Database, err: unknown, attempt: number): void => {
    const holder = isBusy(err) ? readHolder(db) : null;
    db.close();
    if (isBusy(err)) throw new DataDirInUseError(dataDir, holder);
    if (!isDamaged(err) || attempt > 0) throw err;
    // Truncated, keeping the inode: a rename would let two processes lock two different files.
    fs.truncateSync(file, 0);
    damaged = true;
  };
  for (let attempt = 0; ; attempt++) {
    const db = new Database(file, { timeout: WAIT_MS, ...(nativeBinding ? { nativeBinding } : {}) });
    makePrivate([file]);
    try {
      // Nothing here is worth an fsync (a start would pay for three): the lock is the kernel's,
      // and a clean mark lost to a power cut, or a file left damaged by one, only means that
      // the next start checks the whole database first.
      db.pragma('journal_mode = MEMORY');
      db.pragma('synchronous = OFF');
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      startAfresh(db, err, attempt);
      continue;
    }
    let endedUncleanly: boolean;
    try {
      db.exec('CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, purpose TEXT NOT NULL, since TEXT NOT NULL)');
      const last = db.prepare('SELECT state FROM holder WHERE id = 1').pluck().get() as string | undefined;
      endedUncleanly = damaged || (last === undefined ? existed : last !== 'clean');
      db.prepare("INSERT OR REPLACE INTO holder (id, state, pid, host, purpose, since) VALUES (1, 'running', ?, ?, ?, ?)").run(process.pid, os.hostname(), purpose, new Date().toISOString());
      db.exec('COMMIT');
      // Held from now on. Another process that took it in between wins; this one refuses.
      db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      startAfresh(db, err, attempt);
      continue;
    }
    makePrivate([file]);
    return holdUntilReleased(db, endedUncleanly);
  }
}

function holdUntilReleased(db: Database.Database, endedUncleanly: boolean): DataLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      db.prepare("UPDATE holder SET state = 'clean' WHERE id = 1").run();
      db.exec('COMMIT');
    } catch {
      // The clean mark is lost: the next start checks the whole database, nothing worse.
    } finally {
      db.close();
    }
  };
  process.on('exit', release);
  return Object.assign(release, { endedUncleanly });
}
