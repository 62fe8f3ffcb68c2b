import { z } from 'zod';
import { empty, page, pageInput, timeFilter } from './common';
import { managers } from '../domain/roles';
import { method } from './define';

/** Who made a change, as the users table knows them now (null for the system or a failed sign-in). */
export const auditActor = z.object({ id: z.string(), username: z.string(), displayName: z.string() });

/**
 * One entry of the audit trail. `before` and `after` are the recorded JSON values (null when
 * there is none). `at` is kept as text: a tampered row is still listed as it is stored.
 */
export const auditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  /** The user id recorded with the entry; null for entries made without a signed-in user. */
  actorId: z.string().nullable(),
  /** That user, when they exist. */
  actor: auditActor.nullable(),
  type: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.json(),
  after: z.json(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** What went wrong at the first bad entry: its content changed, entries are missing, or it does not follow the one before. */
export const chainProblem = z.enum(['changed', 'missing', 'unlinked']);
export type ChainProblem = z.infer<typeof chainProblem>;

export const auditVerifyResult = z.object({
  /** True when every entry is intact and none is missing. */
  ok: z.boolean(),
  /** How many entries the trail holds. */
  entries: z.number().int().min(0),
  /** The seq of the first bad entry (for missing entries, the first missing seq); null when ok. */
  firstBadEntry: z.number().int().nullable(),
  problem: chainProblem.nullable(),
  /** A sentence describing the problem; null when ok. */
  message: z.string().nullable(),
  durationMs: z.number().int().min(0),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResult>;

const name = z.string().trim().min(1).max(64);
const access = managers;

export const auditMethods = {
  'audit.list': method({
    summary: 'Entries of the audit trail, newest first',
    access,
    input: z.strictObject({
      /** The kind of record changed: order, invoice, payment, product, user, settings, auth. */
      entity: name.optional(),
      /** The id of that record (for auth entries: the username). */
      entityId: z.string().trim().min(1).max(200).optional(),
      /** The exact entry type, e.g. `order.cancelled`. */
      type: name.optional(),
      /** Inclusive; a date is that day's start at the store's midnight (settings.timeZone). */
      from: timeFilter.optional(),
      /** Inclusive; a date includes the whole store day (to the next midnight in settings.timeZone). */
      to: timeFilter.optional(),
      ...pageInput,
    }),
    output: page(auditEntry),
  }),
  'audit.types': method({
    summary: 'The entities and entry types present in the audit trail (for filters)',
    access,
    input: empty,
    output: z.object({ entities: z.array(z.string()), types: z.array(z.string()) }),
  }),
  'audit.verify': method({
    summary: 'Recompute the hash chain of the audit trail and name the first bad entry',
    access,
    input: empty,
    output: auditVerifyResult,
  }),
};
