import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const APP_NAME = 'Tessera';

/** The folder Electron's app.getPath('userData') gives, for hosts that run without Electron. */
export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

/** --data-dir, else TESSERA_DATA_DIR, else the OS app-data folder. */
export function resolveDataDir(flag: string | undefined): string {
  return path.resolve(flag ?? process.env.TESSERA_DATA_DIR ?? defaultDataDir());
}

/**
 * Files the app creates from now on are private to the OS user (0600, folders 0700). Called
 * at the start of each host and command; worker threads cannot change the process's umask.
 */
export function usePrivateUmask(): void {
  if (process.platform === 'win32' || !isMainThread) return;
  process.umask(0o077);
}

/** Where `fix` could not make a path private: the path and why. */
export interface PrivacyProblem {
  path: string;
  message: string;
}

/**
 * Makes the data folder 0700 and every regular file directly in it (the database, its WAL
 * and SHM, the lock, set-aside copies) 0600, creating the folder if missing. Returns what
 * could not be repaired (a file owned by another user, a read-only mount), for a warning.
 * Symbolic links are left alone: chmod would change their target. On Windows the per-user
 * profile folder is what keeps the data private.
 */
export function protectDataDir(dataDir: string): PrivacyProblem[] {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return [];
  const problems: PrivacyProblem[] = [];
  const ensure = (p: string, want: number) => {
    try {
      const st = fs.lstatSync(p);
      if (st.isSymbolicLink() || (st.mode & 0o777) === want) return;
      fs.chmodSync(p, want);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') problems.push({ path: p, message: err instanceof Error ? err.message : String(err) });
    }
  };
  ensure(dataDir, 0o700);
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dataDir, { withFileTypes: true });
  } catch (err) {
    problems.push({ path: dataDir, message: err instanceof Error ? err.message : String(err) });
  }
  for (const e of entries) if (e.isFile()) ensure(path.join(dataDir, e.name), 0o600);
  return problems;
}

/** chmod 0600 of files the app just created or opened (missing ones are skipped); failures are returned, not thrown. */
export function makePrivate(files: readonly string[]): PrivacyProblem[] {
  if (process.platform === 'win32') return [];
  const problems: PrivacyProblem[] = [];
  for (const file of files) {
    try {
      if ((fs.statSync(file).mode & 0o777) !== 0o600) fs.chmodSync(file, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') problems.push({ path: file, message: err instanceof Error ? err.message : String(err) });
    }
  }
  return problems;
}
