// Fails when a schema and its migrations disagree (electron/core/db/schema.ts and migrations/,
// electron/headoffice/schema.ts and migrations/headoffice/): generating into a copy must produce nothing new.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
/** Generates `schema` into a copy of `folder` (drizzle-kit wants a relative --out: under out/, git-ignored); fails on anything new. */
function check(name, dialect, schema, folder) {
  const rel = path.join('out', `migrations-check-${name}`);
  const copy = path.join(root, rel);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.mkdirSync(copy, { recursive: true });
  fs.cpSync(path.join(root, folder), copy, { recursive: true });
  const before = fs.readdirSync(copy).sort();
  const kit = path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');
  const r = spawnSync(process.execPath, [kit, 'generate', '--dialect', dialect, '--schema', schema, '--out', rel], { cwd: root, encoding: 'utf8' });
  const after = fs.readdirSync(copy).sort();
  fs.rmSync(copy, { recursive: true, force: true });
  if (r.status !== 0 || /error/i.test(r.stderr) || !/No schema changes|Your SQL migration file/.test(r.stdout + r.stderr)) {
    console.error(r.stdout, r.stderr);
    console.error(`db:check: drizzle-kit generate failed (${name})`);
    process.exit(1);
  }
  const added = after.filter((f) => !before.includes(f));
  if (added.length > 0) {
    console.error(`db:check: the ${name} schema has changes without a migration (${added.join(', ')}). Run drizzle-kit generate${name === 'head office' ? ' --config drizzle.headoffice.config.ts' : ''}.`);
    process.exit(1);
  }
}

check('till', 'sqlite', 'electron/core/db/schema.ts', 'migrations');
check('head office', 'postgresql', 'electron/headoffice/schema.ts', path.join('migrations', 'headoffice'));
console.log('db:check: schemas and migrations agree (the till and the head office)');
