/**
 * `tessera restore FILE`: puts a backup in place of the store's database, from the command
 * line, while no Tessera runs on the folder (it takes the folder's lock, as the app does).
 * Works whatever state the current database is in, damaged included.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DB_FILE } from '../core/core';
import { acquireDataLock, DataDirInUseError } from '../core/dataLock';
import { resolveDataDir } from '../core/dataDir';
import { checkDatabaseFile, openStore, type Store } from '../core/db/open';
import { restoreDatabase, RestoreRefused } from '../core/restore';
import { fileStamp, readBackupRecords } from '../core/services/backup';
import { repoRoot } from './main';

export const restoreUsage = `Usage: tessera restore FILE [--data-dir DIR]

Replaces the store's database with FILE, a backup (for example one in DATA_DIR/backups/):
a compressed .backup file, or a plain database (.db). A compressed one is decompressed
beside the database and must match the checksum it records. FILE is checked first: PRAGMA integrity_check; that it is a Tessera database this version
can open, whose tables, indexes, triggers and views are exactly what its migrations define;
and that its audit trail verifies. The current database is not deleted: it is kept beside
it as tessera.db.before-restore-<timestamp>. Every session ends (everyone signs in again).
Tessera must not be running on the folder.

Options:
  --data-dir DIR  folder of tessera.db     default TESSERA_DATA_DIR or the app-data folder
  --help          show this help

Exit codes: 0 restored, 1 FILE was refused or the restore failed, 2 bad arguments,
3 the data folder is in use by a running Tessera.`;

export const RESTORE_EXIT = { ok: 0, refused: 1, usage: 2, inUse: 3 } as const;

function usageFailure(message: string): number {
  console.error(`tessera restore: ${message}\nRun "tessera restore --help" for the options.`);
  return RESTORE_EXIT.usage;
}

export async function restoreCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { 'data-dir': { type: 'string' }, help: { type: 'boolean' } } });
  } catch (err) {
    return usageFailure(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(restoreUsage);
    return RESTORE_EXIT.ok;
  }
  const [given, ...extra] = positionals;
  if (given === undefined) return usageFailure('name the backup file to restore');
  if (extra.length > 0) return usageFailure(`unexpected argument "${extra[0]}"`);

  let file = path.resolve(given);
  const dataDir = resolveDataDir(values['data-dir']);
  const dbPath = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) return usageFailure(`${file} does not exist`);
  // The OS user may name a link to their file; what is checked and copied is the file itself.
  file = fs.realpathSync(file);
  if (path.resolve(file) === path.resolve(dbPath)) return usageFailure(`${file} is the store's database itself; name a backup`);

  process.env.TESSERA_LOG ??= 'error';
  let release: () => void;
  try {
    release = acquireDataLock(dataDir, 'tessera restore');
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      console.error(`tessera restore: ${err.message}`);
      return RESTORE_EXIT.inUse;
    }
    throw err;
  }
  try {
    const migrationsFolder = path.join(repoRoot, 'migrations');
    console.error(`Checking ${file}…`);
    let keptAs: string | null;
    let store: Store | null = null;
    try {
      ({ keptAs } = await restoreDatabase(file, path.basename(file), {
        dbPath,
        migrationsFolder,
        stamp: fileStamp(Date.now()),
        // Nothing has it open (the lock says so): only what to carry and whether it is sound.
        release: () => {
          const exists = fs.existsSync(dbPath);
          const sound = !exists || checkDatabaseFile(dbPath).length === 0;
          if (!sound) console.error(`The current database is damaged; it is set aside as it is.`);
          return Promise.resolve({ carried: sound && exists ? recordsOf(dbPath) : [], sound });
        },
        // Opened as the app will (pragmas, pending migrations), to record the restore in its trail.
        open: () => (store = openStore({ file: dbPath, migrationsFolder })).sqlite,
        by: { at: new Date().toISOString(), actorId: null, by: 'tessera restore' },
      }));
    } catch (err) {
      if (err instanceof RestoreRefused) {
        console.error(`tessera restore: refused: ${err.reason}\nNothing was changed.`);
        return RESTORE_EXIT.refused;
      }
      if (!store) {
        console.error(`tessera restore: the restored database could not be opened (${err instanceof Error ? err.message : String(err)}); the previous one is back in place.`);
        return RESTORE_EXIT.refused;
      }
      throw err;
    } finally {
      (store as Store | null)?.sqlite.close();
    }
    console.error(`Restored ${file} (schema ${(store as Store | null)?.schemaVersion}).`);
    console.error(keptAs ? `The previous database is kept as ${keptAs}.` : 'There was no database before.');
    console.log(dbPath);
    return RESTORE_EXIT.ok;
  } finally {
    release();
  }
}

/** The record of backups in the database about to be replaced (none when it has no such table yet). */
function recordsOf(dbPath: string): ReturnType<typeof readBackupRecords> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'backups'").get() ? readBackupRecords(db) : [];
  } finally {
    db.close();
  }
}
