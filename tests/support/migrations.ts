import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { migrationsFolder, tempDir } from './core';

/** A copy of the migrations folder whose journal stops before `tag`: a store as an earlier version made it. */
export function migrationsBefore(tag: string): string {
  const folder = tempDir('tessera-migrations-');
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const upTo = journal.entries.findIndex((e) => e.tag === tag);
  expect(upTo).toBeGreaterThan(0);
  fs.cpSync(migrationsFolder, folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
  return folder;
}
