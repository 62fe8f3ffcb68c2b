/**
 * The head office's PostgreSQL tables (drizzle, migrations in migrations/headoffice/).
 *
 * Each installation (a till's data folder) appends what it commits to its own change log,
 * through tessera_ingest alone (migration SQL): the function works out the installation
 * from the database role that calls it, so a till can neither name nor touch another's rows.
 * `documents` holds each document's latest state, built from the log; the reporting views
 * read it.
 */
import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const installations = pgTable('installations', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  name: text('name').notNull().unique(),
  /** The login role the installation signs in with (one per installation). */
  roleName: text('role_name').notNull().unique(),
  /** Where its business day is counted (IANA name). */
  timeZone: text('time_zone').notNull().default('UTC'),
  /** The last audit seq received and that entry's chain hash (hex): a batch must follow on from them. */
  shippedSeq: bigint('shipped_seq', { mode: 'number' }).notNull().default(0),
  shippedHash: text('shipped_hash'),
  lastReceivedAt: timestamp('last_received_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Register codes are unique across the head office, so offline tills never number alike. */
export const registers = pgTable('registers', {
  code: text('code').primaryKey(),
  installationId: uuid('installation_id')
    .notNull()
    .references(() => installations.id),
  claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Append-only: every document state an installation shipped, keyed by its audit seq. */
export const changeLog = pgTable(
  'change_log',
  {
    installationId: uuid('installation_id')
      .notNull()
      .references(() => installations.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    docId: text('doc_id').notNull(),
    data: jsonb('data').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.installationId, t.seq, t.kind, t.docId] })],
);

/** Each document's latest state (the change log's last entry for it). */
export const documents = pgTable(
  'documents',
  {
    installationId: uuid('installation_id')
      .notNull()
      .references(() => installations.id),
    kind: text('kind').notNull(),
    id: text('id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    data: jsonb('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.installationId, t.kind, t.id] }), index('documents_kind_idx').on(t.kind, t.installationId)],
);

/**
 * The catalogue the head office owns once installations are attached: products (with their
 * prices) and tax classes, each item's latest state and the version that last changed it.
 * Versions commit in order (tessera_catalogue_put takes a lock), so an installation at version
 * v applies everything after v up to the head, whole, and is then at the head.
 */
export const catalogueItems = pgTable(
  'catalogue_items',
  {
    kind: text('kind').notNull(),
    id: text('id').notNull(),
    version: bigint('version', { mode: 'number' }).notNull(),
    data: jsonb('data').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.id] }), index('catalogue_items_version_idx').on(t.version)],
);
