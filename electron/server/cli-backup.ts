/**
 * `tessera backup --out FILE`: a checked copy of the store's database written where the OS
 * user running the command asks (a USB stick, another disk), never over an existing file.
 * It runs as that user, who can read the data folder anyway; API callers never choose a path.
 * Works while the app runs (SQLite's online backup API), and the backup is audited.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';

export const backupUsage = `Usage: tessera backup --out FILE [--data-dir DIR]

Writes a copy of the store's database to FILE (a new file, readable only by you), with
SQLite's online backup API, so it works while Tessera runs. The copy must pass
PRAGMA quick_check before it is kept. FILE is never overwritten. A FILE ending in
.backup is written compressed, as the app's own backups are, and read back against
the checked copy before it is kept; any other name gets a plain SQLite database.

Options:
  --out FILE      the file to write (its folder must exist); *.backup: compressed
  --data-dir DIR  folder of tessera.db     default TESSERA_DATA_DIR or the app-data folder
  --help          show this help

The written file's path is printed on stdout.
Exit codes: 0 written, 1 the backup failed (FILE exists, the check failed, …), 2 bad arguments.`;

export const BACKUP_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

function usageFailure(message: string): number {
  console.error(`tessera backup: ${message}\nRun "tessera backup --help" for the options.`);
  return BACKUP_EXIT.usage;
}

export async function backupCommand(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, options: { out: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean' } } });
  } catch (err) {
    return usageFailure(err instanceof Error ? err.message : String(err));
  }
  const { values } = parsed;
  if (values.help) {
    console.log(backupUsage);
    return BACKUP_EXIT.ok;
  }
  if (!values.out) return usageFailure('--out FILE is required');
  if (values.out.includes('\0')) return usageFailure('--out: the path contains a NUL character');
  const out = path.resolve(values.out);
  if (!fs.statSync(path.dirname(out), { throwIfNoEntry: false })?.isDirectory()) return usageFailure(`the folder ${path.dirname(out)} does not exist`);

  const { resolveDataDir } = await import('../core/dataDir');
  const { createCore, DB_FILE } = await import('../core/core');
  const { packageVersion, repoRoot } = await import('./main');
  const dataDir = resolveDataDir(values['data-dir']);
  if (!fs.existsSync(path.join(dataDir, DB_FILE))) return usageFailure(`there is no Tessera store in ${dataDir} (${DB_FILE} not found); pass --data-dir`);

  process.env.TESSERA_LOG ??= 'error';
  let core;
  try {
    core = createCore({ dataDir, migrationsFolder: path.join(repoRoot, 'migrations'), version: packageVersion() });
  } catch (err) {
    console.error(`tessera backup: cannot open the store in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`);
    return BACKUP_EXIT.failed;
  }
  try {
    const r = await core.services.backup.backupTo(out, 'tessera backup');
    console.error(`Backed up ${dataDir} to ${out} (${r.bytes.toLocaleString('en')} bytes, ${(r.durationMs / 1000).toFixed(1)} s).`);
    console.log(out);
    return BACKUP_EXIT.ok;
  } catch (err) {
    const text = err instanceof AppError && err.code === 'CONFLICT' ? `${out} already exists; choose another file` : err instanceof Error ? err.message : String(err);
    console.error(`tessera backup: ${text}`);
    return BACKUP_EXIT.failed;
  } finally {
    core.close();
  }
}
