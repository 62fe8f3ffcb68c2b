import { z } from 'zod';
import { empty } from './common';
import { method } from './define';

/**
 * `ok`: the store is open. `corrupt`: the start-up check found the database damaged; the
 * app serves nothing but the recovery methods (system.health, system.backups, system.recover)
 * and never writes to the damaged file.
 */
export const healthStatus = z.enum(['ok', 'corrupt']);
export type HealthStatus = z.infer<typeof healthStatus>;

export const health = z.object({
  status: healthStatus,
  version: z.string(),
  schemaVersion: z.number().int(),
  /** When corrupt: what the check found, in a sentence. */
  problem: z.string().optional(),
});
export type Health = z.infer<typeof health>;

/** `manual`: system.backup; `automatic`: the daily one; `before-restore`: the database a restore set aside. */
export const backupKind = z.enum(['manual', 'automatic', 'before-restore']);
export type BackupKind = z.infer<typeof backupKind>;

export const backupFile = z.object({
  /** The file's name: what system.restore and system.recover take. */
  name: z.string(),
  path: z.string(),
  bytes: z.number().int().min(0),
  /** When the backup was made (from its name; else the file's modification time). */
  createdAt: z.string(),
  kind: backupKind,
});
export type BackupFile = z.infer<typeof backupFile>;

export const backupName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._-]+$/, 'a backup file name from system.backups');

const backupsOutput = z.object({
  /** The folder the backups are kept in. */
  folder: z.string(),
  /** Newest first. */
  items: z.array(backupFile),
});

const restoreResult = z.object({
  /** The backup that is now the store's database. */
  restored: z.string(),
  /** Where the database that was replaced now is. */
  keptAs: z.string().nullable(),
  schemaVersion: z.number().int(),
});
export type RestoreResult = z.infer<typeof restoreResult>;

export const systemMethods = {
  'system.health': method({ summary: 'Liveness and versions', access: 'public', input: empty, output: health }),
  'system.backup': method({
    summary: 'Copy the database to a backup file while the store keeps selling',
    access: ['admin', 'manager'],
    input: z.strictObject({
      /** An absolute file path in an existing, writable folder; never overwritten. Default `<data dir>/backups/tessera-<timestamp>.db`. */
      destination: z.string().min(1).max(4096).optional(),
    }),
    output: z.object({ path: z.string(), bytes: z.number().int().min(0), durationMs: z.number().int().min(0) }),
  }),
  'system.backups': method({
    summary: 'The backups in the data folder, newest first',
    access: ['admin', 'manager'],
    input: empty,
    output: backupsOutput,
  }),
  'system.restore': method({
    summary: 'Replace the database with a backup (checked first); the current one is kept aside',
    access: ['admin'],
    input: z.strictObject({ name: backupName }),
    output: restoreResult,
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
