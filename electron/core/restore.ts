/**
 * The one restore: check a backup, stage a copy beside the database while the current store
 * keeps working, let go of the current file, swap the files (the current one is kept as
 * tessera.db.before-restore-<stamp>), open the restored one and record the restore in its
 * trail. A compressed backup is decompressed into the staged copy first (its hash must match
 * what it records), and the staged copy is what is checked. The running host (coreHost.ts) and `tessera restore` both run it; they differ only in
 * how they let go of the current file and open the new one.
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import type { ErrorParams } from '../../shared/errors';
import { archiveRefusal, inspectDatabaseFile, recordRestore, restoringPath, stageRestoreCopy, swapDatabase, undoSwap, type readBackupRecords } from './services/backup';
import { ArchiveDamagedError, expandArchive, isArchive } from './services/backupArchive';

type BackupRecord = ReturnType<typeof readBackupRecords>[number];

/** The backup failed its checks; nothing was changed. */
export class RestoreRefused extends Error {
  /** `reason` in English; `params` the same in any language (errors.restoreRefusal). */
  constructor(
    readonly reason: string,
    readonly params: ErrorParams,
  ) {
    super(reason);
  }
}

export interface RestoreSteps {
  dbPath: string;
  migrationsFolder: string;
  nativeBinding?: string;
  /** For the names of the staged and the kept files. */
  stamp: string;
  /**
   * Lets go of the current file once the copy is staged; says what to carry into the restored
   * one (its record of backups) and whether it is sound (then it is checkpointed into one file;
   * a damaged one is only renamed, never written).
   */
  release(): Promise<{ carried: BackupRecord[]; sound: boolean }>;
  /** Opens the restored file; the connection the restore is recorded through. */
  open(): Database.Database;
  /** Who restored it, for the trail. */
  by: { at: string; actorId: string | null; by: string | null };
}

/** Restores `file` (named `name` in the trail); the previous file's new name, or null when there was none. */
export async function restoreDatabase(file: string, name: string, steps: RestoreSteps): Promise<{ keptAs: string | null }> {
  const { dbPath, nativeBinding, stamp } = steps;
  let staged: string | null = isArchive(file) ? restoringPath(dbPath, stamp) : null;
  try {
    if (staged) await expandStaged(file, name, staged);
    const check = await inspectDatabaseFile(staged ?? file, { label: name, migrationsFolder: steps.migrationsFolder, nativeBinding });
    if (!check.ok) throw new RestoreRefused(check.reason, check.params);
    staged ??= await stageRestoreCopy(file, dbPath, stamp, nativeBinding);
    const { carried, sound } = await steps.release();
    const keptAs = swapDatabase(staged, dbPath, stamp, { checkpoint: sound, nativeBinding });
    staged = null;
    let sqlite: Database.Database;
    try {
      sqlite = steps.open();
    } catch (err) {
      undoSwap(dbPath, keptAs);
      throw err;
    }
    recordRestore(sqlite, { ...steps.by, restored: name, keptAs, carried });
    return { keptAs };
  } finally {
    if (staged) removeStaged(staged);
  }
}

/** Decompresses a compressed backup into the staged copy; a backup that does not read back whole is refused. */
async function expandStaged(file: string, name: string, staged: string): Promise<void> {
  removeStaged(staged);
  try {
    await expandArchive(file, staged);
  } catch (err) {
    if (!(err instanceof ArchiveDamagedError)) throw err;
    const refusal = archiveRefusal(name, err.message);
    throw new RestoreRefused(refusal.reason, refusal.params);
  }
}

function removeStaged(staged: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    try {
      fs.rmSync(staged + suffix, { force: true });
    } catch {
      // gone
    }
  }
}
