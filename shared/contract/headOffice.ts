import { z } from 'zod';
import { empty, isoTime } from './common';
import { managers } from '../domain/roles';
import { method } from './define';
import { contractMessage as msg } from '../errors';

/**
 * Where shipping the till's books to the head office stands.
 * - `detached`: no head office is set (the till keeps its books alone).
 * - `connecting`: starting, or trying again after a failure (see `error`).
 * - `sending`: entries are on their way; `synced`: the head office holds them all.
 * - `offline`: the head office does not answer; sales go on and wait here (`pending`).
 * - `refused`: the head office answered no (credentials, role, schema): someone must act.
 * - `diverged`: the head office holds records from this till that this database does not (a
 *   backup restored, or another till's credentials): nothing more is sent until resolved.
 */
export const syncStates = ['detached', 'connecting', 'sending', 'synced', 'offline', 'refused', 'diverged'] as const;
export const syncState = z.enum(syncStates);
export type SyncState = z.infer<typeof syncState>;

export const headOfficeStatus = z.object({
  state: syncState,
  /** This till at the head office, once it has said hello. */
  installation: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Where the head office is: host, port and database, never the credentials. */
  target: z.string().nullable(),
  /** Changes recorded here that the head office does not hold yet. */
  pending: z.number().int().min(0),
  lastSuccessAt: isoTime.nullable(),
  /** What went wrong last, in words (cleared by the next success). */
  error: z.string().nullable(),
  /** This till's register codes that another installation already holds: rename them here. */
  takenRegisterCodes: z.array(z.string()),
  /** Whether the app may set the head office (the desktop app; the HTTP host takes it at its start). */
  settable: z.boolean(),
});
export type HeadOfficeStatus = z.infer<typeof headOfficeStatus>;

export const installationProgress = z.object({
  id: z.string(),
  name: z.string(),
  registerCodes: z.array(z.string()),
  /** The last audit entry of that installation the head office holds. */
  shippedSeq: z.number().int().min(0),
  lastReceivedAt: isoTime.nullable(),
  /** Seconds since the head office last heard from it (null: never). */
  lagSeconds: z.number().int().min(0).nullable(),
});
export type InstallationProgress = z.infer<typeof installationProgress>;

/** A PostgreSQL URL: what the app, `serve --head-office` and `tessera headoffice` take. */
export const HEAD_OFFICE_URL = /^postgres(ql)?:\/\/\S+$/;

/** A head office URL as `tessera headoffice add-installation` printed it. */
export const headOfficeUrl = z
  .string()
  .trim()
  .min(1, msg('notEmpty'))
  .max(2000, msg('atMostChars', { max: 2000 }))
  .regex(HEAD_OFFICE_URL, msg('headOfficeUrlFormat'));

export const headOfficeMethods = {
  'headOffice.status': method({
    summary: "Shipping this till's books to the head office: state, changes waiting, last success, the error in words",
    access: 'signedIn',
    input: empty,
    output: headOfficeStatus,
  }),
  'headOffice.installations': method({
    summary: 'Every installation attached to the head office and how far behind it is (Admin → Head office)',
    access: managers,
    input: empty,
    output: z.object({
      items: z.array(installationProgress),
      /** Why the head office could not be asked, in words (items are then empty). */
      error: z.string().nullable(),
    }),
  }),
  'headOffice.attach': method({
    summary: 'Desktop: set the head office (the URL is checked, then kept in the OS keychain) and start shipping the books',
    access: ['admin'],
    input: z.strictObject({ url: headOfficeUrl }),
    output: headOfficeStatus,
  }),
  'headOffice.detach': method({
    summary: 'Desktop: stop shipping and forget the head office URL (what was shipped stays there)',
    access: ['admin'],
    input: empty,
    output: headOfficeStatus,
  }),
};
