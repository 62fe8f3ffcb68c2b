// Fails when electron/core/db/schema.ts and migrations/ disagree: generating into a copy
// of migrations/ must produce nothing new.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// drizzle-kit wants a relative --out: work in a copy under out/ (git-ignored).
const rel = path.join('out', 'migrations-check');
const copy = path.join(root, rel);
fs.rmSync(copy, { recursive: true, force: true });
fs.mkdirSync(copy, { recursive: true });
fs.cpSync(path.join(root, 'migrations'), copy, { recursive: true });
const before = fs.readdirSync(copy).sort();
const kit = path.join(root, 'node_modules', 'drizzle-kit', 'bin.cjs');
const r = spawnSync(process.execPath, [kit, 'generate', '--dialect', 'sqlite', '--schema', 'electron/core/db/schema.ts', '--out', rel], {
  cwd: root,
  encoding: 'utf8',
});
const after = fs.readdirSync(copy).sort();
fs.rmSync(copy, { recursive: true, force: true });
if (r.status !== 0 || /error/i.test(r.stderr) || !/No schema changes|Your SQL migration file/.test(r.stdout + r.stderr)) {
  console.error(r.stdout, r.stderr);
  console.error('db:check: drizzle-kit generate failed');
  process.exit(1);
}
const added = after.filter((f) => !before.includes(f));
if (added.length > 0) {
  console.error(`db:check: the schema has changes without a migration (${added.join(', ')}). Run \`npm run db:generate\`.`);
  process.exit(1);
}
console.log('db:check: schema and migrations agree');
