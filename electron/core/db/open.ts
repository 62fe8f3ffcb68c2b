import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivate } from '../dataDir';
import * as schema from './schema';

export type Sqlite = Database.Database;
export type Orm = BetterSQLite3Database<typeof schema>;

export interface Store {
  sqlite: Sqlite;
  orm: Orm;
  file: string;
  schemaVersion: number;
}

export interface OpenOptions {
  /** The SQLite file; its folder is created if missing. */
  file: string;
  migrationsFolder: string;
  /** A better-sqlite3 addon built for another ABI (the Electron host). */
  nativeBinding?: string;
  /** Run `PRAGMA quick_check` on an existing file before anything writes to it (default true). */
  quickCheck?: boolean;
}

/** The start-up check found the database damaged: it was not opened for writing. */
export class CorruptDatabaseError extends Error {
  constructor(
    readonly file: string,
    /** What the check reported (the first few problems). */
    readonly problems: string[],
  ) {
    super(`The database ${file} is damaged: ${summarizeProblems(problems)}`);
    this.name = 'CorruptDatabaseError';
  }
}

/** The check's report in one short line: its first few findings. */
export function summarizeProblems(problems: readonly string[], max = 300): string {
  const lines = problems
    .flatMap((p) => p.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !/^\*\*\* in database/.test(l));
  const text = lines.slice(0, 3).join('; ') || 'the integrity check failed';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const CORRUPTION_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX']);

/** Whether an error from SQLite says the file is damaged or not a database. */
export function isCorruptionError(err: unknown): boolean {
  const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : '';
  return CORRUPTION_CODES.has(code);
}

/**
 * `PRAGMA quick_check` (or `integrity_check` when `full`) on a read-only connection, so a
 * damaged file is never written to (a read-only connection never checkpoints its WAL).
 * Returns the problems found; an empty list means the file is sound.
 */
export function checkDatabaseFile(file: string, { full = false, nativeBinding }: { full?: boolean; nativeBinding?: string } = {}): string[] {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
    const rows = db.pragma(full ? 'integrity_check' : 'quick_check') as Record<string, string>[];
    const messages = rows.map((r) => String(Object.values(r)[0]));
    return messages.length === 1 && messages[0] === 'ok' ? [] : messages.slice(0, 20);
  } catch (err) {
    if (isCorruptionError(err)) return [err instanceof Error ? err.message : String(err)];
    throw err;
  } finally {
    db?.close();
  }
}

/**
 * Opens the store: a quick_check of an existing file (CorruptDatabaseError, nothing
 * written, when it fails), durable pragmas (checked, not assumed), then every pending
 * migration, before anything else may use it.
 */
export function openStore({ file, migrationsFolder, nativeBinding, quickCheck = true }: OpenOptions): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (quickCheck && (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0) {
    const problems = checkDatabaseFile(file, { nativeBinding });
    if (problems.length > 0) throw new CorruptDatabaseError(file, problems);
  }
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    // Private before the WAL and SHM exist: SQLite gives them the database file's mode.
    makePrivate([file]);
    sqlite.pragma('journal_mode = WAL');
    // better-sqlite3 leaves WAL at NORMAL, which can lose the last commits on power loss.
    sqlite.pragma('synchronous = FULL');
    if (process.platform === 'darwin') sqlite.pragma('fullfsync = ON');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    checkPragmas(sqlite);
    makePrivate([`${file}-wal`, `${file}-shm`]);
    const orm = drizzle(sqlite, { schema });
    const before = appliedMigrations(sqlite);
    migrate(orm, { migrationsFolder });
    const version = schemaVersion(sqlite);
    // A migration that rebuilt a table could have orphaned rows: check then (it reads every table).
    if (version > before) {
      const problems = sqlite.pragma('foreign_key_check') as unknown[];
      if (problems.length > 0) throw new Error(`foreign_key_check found ${problems.length} problems after migrating`);
    }
    return { sqlite, orm, file, schemaVersion: version };
  } catch (err) {
    sqlite.close();
    if (isCorruptionError(err)) throw new CorruptDatabaseError(file, [err instanceof Error ? err.message : String(err)]);
    throw err;
  }
}

/** Migrations applied so far (0 on a new file, before drizzle has made its table). */
function appliedMigrations(sqlite: Sqlite): number {
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  return table ? schemaVersion(sqlite) : 0;
}

function checkPragmas(sqlite: Sqlite): void {
  const expect: [string, string | number][] = [
    ['journal_mode', 'wal'],
    ['synchronous', 2],
    ['foreign_keys', 1],
    ['busy_timeout', 5000],
  ];
  for (const [name, value] of expect) {
    const actual = sqlite.pragma(name, { simple: true }) as string | number;
    if (actual !== value) throw new Error(`SQLite pragma ${name} is ${actual}, expected ${value}`);
  }
}

function schemaVersion(sqlite: Sqlite): number {
  const row = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
  return row.n;
}
