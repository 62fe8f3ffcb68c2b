import { z } from 'zod';
import { empty } from './common';
import { backupFailureKinds, backupKinds } from '../domain/backups';
import { managers } from '../domain/roles';
import { method } from './define';
import { contractMessage as msg } from '../errors';
import { exportId } from './exports';

/**
 * `ok`: the store is open. `corrupt`: the database is damaged (found by the start, by the
 * integrity check that runs after every start and daily, or by any call that met the damage);
 * from that moment the app serves nothing but the recovery methods (system.health,
 * system.backups, system.recover) and writes nothing more to the damaged file.
 */
export const healthStatus = z.enum(['ok', 'corrupt']);
export type HealthStatus = z.infer<typeof healthStatus>;

export const health = z.object({
  status: healthStatus,
  version: z.string(),
  schemaVersion: z.number().int(),
  /** When corrupt: what the check (or the call that met the damage) found, in a sentence. */
  problem: z.string().optional(),
});
export type Health = z.infer<typeof health>;

/**
 * `manual`: system.backup (or `tessera backup`); `automatic`: the daily one; `before-restore`:
 * the database a restore set aside; `other`: a file in the backups folder the app did not make
 * (copied in by hand): restorable after the same checks, never rotated.
 */
export const backupKind = z.enum(backupKinds);
export type BackupKind = z.infer<typeof backupKind>;

/** A backup as API callers see it: its name, never a path. */
export const backupFile = z.object({
  /** The file's name: what system.restore and system.recover take. */
  name: z.string(),
  bytes: z.number().int().min(0),
  /** When the app made it (its record); for a file it did not make, the file's modification time. */
  createdAt: z.string(),
  /** Absent in the recovery state, where the damaged database's record cannot be trusted. */
  kind: backupKind.optional(),
});
export type BackupFile = z.infer<typeof backupFile>;

export const backupName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._-]+$/, msg('backupNameFormat'));

export const backupFailure = z.object({
  at: z.string(),
  kind: z.enum(backupFailureKinds),
  reason: z.string(),
});
export type BackupFailure = z.infer<typeof backupFailure>;

const backupsOutput = z.object({
  /** Newest first. */
  items: z.array(backupFile),
  /** The name (not the path) of the second folder automatic backups are copied into; null when none. */
  copyFolder: z.string().nullable().optional(),
  /** The last backup or copy that failed since the app started, until one succeeds. */
  lastFailure: backupFailure.nullable().optional(),
});

const restoreResult = z.object({
  /** The backup that is now the store's database. */
  restored: z.string(),
  /** The name the replaced database is now listed under (a `before-restore` backup). */
  keptAs: z.string().nullable(),
  schemaVersion: z.number().int(),
});
export type RestoreResult = z.infer<typeof restoreResult>;

/** Admin → About: what a support person asks first. */
export const about = z.object({
  version: z.string(),
  schemaVersion: z.number().int(),
  node: z.string(),
  /** Null outside the desktop app (the HTTP host runs on Node alone). */
  electron: z.string().nullable(),
  chromium: z.string().nullable(),
  /** e.g. `linux x64 6.1.0` */
  os: z.string(),
  /** The data folder on the machine that runs the core. */
  dataDir: z.string(),
  /** tessera.db with its write-ahead log. */
  databaseBytes: z.number().int().min(0),
  /** The log folder (`<data dir>/logs`). */
  logsDir: z.string(),
});
export type About = z.infer<typeof about>;

export const diagnosticsResult = z.object({
  /** Fetched like an export: exports.download (browser) or exports.saveAs (desktop app). */
  id: exportId,
  fileName: z.string(),
  bytes: z.number().int().min(0),
  /** How many log lines it holds. */
  logLines: z.number().int().min(0),
});
export type DiagnosticsResult = z.infer<typeof diagnosticsResult>;

export const systemMethods = {
  'system.health': method({ summary: 'Liveness and versions', access: 'public', input: empty, output: health }),
  'system.backup': method({
    summary: 'Copy the database into the backups folder (a name the app chooses) while the store keeps selling',
    access: managers,
    input: z.strictObject({
      /** Refused: API callers never choose where a file goes (`tessera backup --out` does, as the OS user). */
      destination: z.never({ error: msg('backupDestinationRefused') }).optional(),
    }),
    output: z.object({ name: z.string(), bytes: z.number().int().min(0), createdAt: z.string(), durationMs: z.number().int().min(0) }),
  }),
  'system.backups': method({
    summary: 'The backups in the data folder, newest first',
    access: managers,
    input: empty,
    output: backupsOutput,
  }),
  'system.restore': method({
    summary: 'Replace the database with a backup (checked first); the current one is kept aside',
    access: ['admin'],
    input: z.strictObject({ name: backupName }),
    output: restoreResult,
  }),
  'system.chooseBackupFolder': method({
    summary: 'Desktop only: the OS folder dialog picks a second folder every automatic backup is also copied into',
    access: ['admin'],
    input: z.strictObject({ clear: z.literal(true).optional() }),
    output: z.object({ copyFolder: z.string().nullable() }),
  }),
  'system.copyBackup': method({
    summary: 'Desktop only: the OS folder dialog picks a folder (a USB stick, say) and the backup is copied there',
    access: managers,
    input: z.strictObject({ name: backupName }),
    output: z.object({ copied: z.boolean(), name: z.string().nullable() }),
  }),
  'system.about': method({
    summary: 'Versions, the data folder and the database size (Admin → About)',
    access: ['admin'],
    input: empty,
    output: about,
  }),
  'system.diagnostics': method({
    summary: 'Write a diagnostics bundle (NDJSON: versions, settings without secrets, recent log lines) to fetch like an export',
    access: ['admin'],
    input: z.strictObject({
      /** Days of logs to include, today counted (the logs keep 14). */
      days: z.number().int().min(1).max(14).default(3),
    }),
    output: diagnosticsResult,
  }),
  'system.recover': method({
    summary: 'While the database is damaged: restore a backup, signing in as an administrator of that backup',
    access: 'public',
    input: z.strictObject({
      name: backupName,
      username: z.string().trim().toLowerCase().min(1).max(64),
      password: z.string().min(1).max(256),
    }),
    output: restoreResult,
  }),
};
