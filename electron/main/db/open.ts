import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
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
}

/**
 * Opens the store: durable pragmas (checked, not assumed), then every pending
 * migration, before anything else may use it.
 */
export function openStore({ file, migrationsFolder, nativeBinding }: OpenOptions): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    sqlite.pragma('journal_mode = WAL');
    // better-sqlite3 leaves WAL at NORMAL, which can lose the last commits on power loss.
    sqlite.pragma('synchronous = FULL');
    if (process.platform === 'darwin') sqlite.pragma('fullfsync = ON');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    checkPragmas(sqlite);
    const orm = drizzle(sqlite, { schema });
    migrate(orm, { migrationsFolder });
    const problems = sqlite.pragma('foreign_key_check') as unknown[];
    if (problems.length > 0) throw new Error(`foreign_key_check found ${problems.length} problems after migrating`);
    return { sqlite, orm, file, schemaVersion: schemaVersion(sqlite) };
  } catch (err) {
    sqlite.close();
    throw err;
  }
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
