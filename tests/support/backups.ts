import fs from 'node:fs';
import { expandArchive, isArchive } from '../../electron/core/services/backupArchive';

/** A backup as a plain database file at `to` (a compressed one decompressed and checked), for tests to open with SQLite. */
export async function plainCopy(backup: string, to: string): Promise<string> {
  if (isArchive(backup)) await expandArchive(backup, to);
  else fs.copyFileSync(backup, to);
  return to;
}
