import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { hashPassword } from '../../electron/core/services/passwords';

const migrationsFolder = path.resolve(import.meta.dirname, '..', '..', 'migrations');

/** A copy of the migrations folder whose journal stops before `tag`: a store as an earlier version made it (tests and the bench). */
export function migrationsBefore(tag: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-migrations-'));
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((e) => e.tag === tag);
  if (upTo < 1) throw new Error(`no migration ${tag} after the first`);
  fs.cpSync(migrationsFolder, folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
  return folder;
}

/** An admin (id u-admin, user name admin) written straight into an earlier version's store. */
export async function insertAdmin(db: Database.Database, password: string, at: string): Promise<void> {
  db.prepare(`INSERT INTO users (id, username, display_name, role, active, password_hash, created_at, updated_at) VALUES ('u-admin', 'admin', 'Ada Admin', 'admin', 1, ?, ?, ?)`).run(
    await hashPassword(password),
    at,
    at,
  );
}
