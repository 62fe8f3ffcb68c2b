/**
 * What a restore checks before it trusts a file (system.restore, system.recover, `tessera
 * restore`): SQLite's integrity_check; that the migrations it records are this app's own;
 * that its schema objects (tables, indexes, triggers, views) are exactly what those
 * migrations define, built afresh in memory (an extra trigger that rewrites payments, or the
 * audit trail's append-only guards dropped, is refused by name); and that its audit chain
 * verifies. Every message names the backup, never a path.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { quickCheck, type IntegrityResult } from '../db/integrity';
import { createLogger } from '../log';
import { AuditService } from './audit';
import { makeStmtCache, type ServiceDeps } from './deps';
import { errorText, type ErrorParams } from '../../../shared/errors';

/** A refusal's `reason` is English (the command line's); `params` say it in any language (errors.restoreRefusal). */
export type Inspection = { ok: true; schemaVersion: number } | { ok: false; reason: string; params: ErrorParams };

type Refusal = Extract<Inspection, { ok: false }>;

function refused(params: ErrorParams & { why: string; label: string }): Refusal {
  return { ok: false, reason: errorText('restoreRefusal', params), params };
}

/** The refusal of a compressed backup that does not read back whole (backupArchive.ts says what is wrong in `error`). */
export function archiveRefusal(label: string, error: string): Refusal {
  return refused({ why: 'compressed', label, error });
}

interface Migration {
  tag: string;
  when: number;
  hash: string;
  statements: string[];
}

const journals = new Map<string, Migration[]>();

/** The migrations this build ships, in order (as drizzle's migrator reads and hashes them). */
function migrations(folder: string): Migration[] {
  let cached = journals.get(folder);
  if (!cached) {
    const journal = JSON.parse(fs.readFileSync(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
    cached = journal.entries.map((e) => {
      const text = fs.readFileSync(path.join(folder, `${e.tag}.sql`), 'utf8');
      return { tag: e.tag, when: e.when, hash: crypto.createHash('sha256').update(text).digest('hex'), statements: text.split('--> statement-breakpoint') };
    });
    journals.set(folder, cached);
  }
  return cached;
}

/** How many migrations this build of the app ships. */
export function migrationCount(migrationsFolder: string): number {
  return migrations(migrationsFolder).length;
}

type SchemaObjects = Map<string, string | null>;

/** `type name` → its CREATE statement; drizzle's own bookkeeping table and planner statistics aside. */
function schemaObjects(db: Database.Database): SchemaObjects {
  const rows = db.prepare('SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master').all() as { type: string; name: string; tbl: string; sql: string | null }[];
  const out: SchemaObjects = new Map();
  for (const r of rows) {
    if ((r.type === 'table' || r.type === 'index') && r.tbl === '__drizzle_migrations') continue;
    if (r.type === 'table' && r.name.startsWith('sqlite_stat')) continue;
    out.set(`${r.type} ${r.name}`, r.sql);
  }
  return out;
}

const expectedSchemas = new Map<string, SchemaObjects>();

/** The schema objects the first `version` migrations define, applied to a fresh in-memory database. */
function expectedSchema(migrationsFolder: string, version: number, nativeBinding?: string): SchemaObjects {
  const key = `${migrationsFolder}\0${version}`;
  let cached = expectedSchemas.get(key);
  if (!cached) {
    const db = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
    try {
      for (const m of migrations(migrationsFolder).slice(0, version)) for (const stmt of m.statements) db.exec(stmt);
      cached = schemaObjects(db);
    } finally {
      db.close();
    }
    expectedSchemas.set(key, cached);
  }
  return cached;
}

/** What differs between a backup's schema and the expected one, in words ('extra trigger x', 'changed table y'). */
export function schemaDifferences(actual: SchemaObjects, expected: SchemaObjects): string[] {
  const found: string[] = [];
  for (const [key, sql] of actual) {
    if (!expected.has(key)) found.push(`extra ${key}`);
    else if (expected.get(key) !== sql) found.push(`changed ${key}`);
  }
  for (const key of expected.keys()) if (!actual.has(key)) found.push(`missing ${key}`);
  return found.sort();
}

/** A store's own audit chain (a backup's, on its read-only connection), verified with the app's verifier. */
export async function verifyTrail(db: Database.Database): Promise<{ ok: boolean; message: string | null }> {
  // The verifier reads only the connection, its statement cache and the log.
  const deps: Pick<ServiceDeps, 'sqlite' | 'stmt' | 'log'> = { sqlite: db, stmt: makeStmtCache(db), log: createLogger('restore-check') };
  const result = await new AuditService(deps as ServiceDeps).verify();
  return { ok: result.ok, message: result.message };
}

/**
 * Whether `file` may be restored. `label` names it in the reason (the backup's name; the CLI
 * gives the path it was given). Opens it read-only.
 */
export async function inspectDatabaseFile(
  file: string,
  opts: { label: string; migrationsFolder: string; nativeBinding?: string },
): Promise<Inspection> {
  const { label } = opts;
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!st) return refused({ why: 'missing', label });
  if (!st.isFile()) return refused({ why: 'notFile', label });
  if (st.size === 0) return refused({ why: 'empty', label });
  // integrity_check reads every page: on a worker thread, so the store keeps serving meanwhile.
  const keepAlive = setInterval(() => {}, 60_000); // the worker is unref'd; `tessera restore` must wait for it
  let checked: IntegrityResult;
  try {
    checked = await quickCheck(file, { full: true, nativeBinding: opts.nativeBinding });
  } catch (err) {
    return refused({ why: 'unreadable', label, error: err instanceof Error ? err.message : String(err) });
  } finally {
    clearInterval(keepAlive);
  }
  if (!checked.ok) return refused({ why: 'damaged', label, problem: checked.problem ?? 'damaged' });
  const known = migrations(opts.migrationsFolder);
  const db = new Database(file, { readonly: true, fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  try {
    const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
    if (!hasMigrations) return refused({ why: 'notTessera', label });
    const recorded = db.prepare('SELECT hash, created_at AS at FROM __drizzle_migrations ORDER BY id').all() as { hash: string; at: number | string }[];
    const schemaVersion = recorded.length;
    if (schemaVersion > known.length) {
      return refused({ why: 'newer', label, version: schemaVersion, known: known.length });
    }
    const foreign = recorded.findIndex((r, i) => r.hash !== known[i]!.hash || Number(r.at) !== known[i]!.when);
    if (foreign >= 0) return refused({ why: 'foreign', label, index: foreign + 1, tag: known[foreign]!.tag });
    const differences = schemaDifferences(schemaObjects(db), expectedSchema(opts.migrationsFolder, schemaVersion, opts.nativeBinding));
    if (differences.length > 0) {
      const shown = differences.slice(0, 8).join(', ') + (differences.length > 8 ? `, and ${differences.length - 8} more` : '');
      return refused({ why: 'schema', label, version: schemaVersion, differences: shown });
    }
    const trail = await verifyTrail(db);
    if (!trail.ok) return refused({ why: 'trail', label, message: trail.message ?? 'the chain is broken' });
    return { ok: true, schemaVersion };
  } finally {
    db.close();
  }
}
