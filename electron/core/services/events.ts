import crypto from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type { Sqlite } from '../db/open';
import { events } from '../db/schema';

export interface EventEntry {
  at: string;
  actor: string | null;
  type: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** SQLite stores text as UTF-8, where a lone surrogate becomes U+FFFD: hash what will be stored. */
function storable(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

/** JSON with keys sorted at every level and text as SQLite stores it, so an entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string') return storable(v);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .map(([k, x]) => [storable(k), x] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

/** sha256 in one call where Node has it (20.12+), else through a Hash object. */
const sha256: (text: string) => string =
  typeof (crypto as { hash?: unknown }).hash === 'function'
    ? (text) => crypto.hash('sha256', text)
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export function entryHash(prevHash: string, entry: EventEntry): string {
  return sha256(prevHash + canonicalJson(entry));
}

/**
 * entryHash of an entry as it is stored: text fields as SQLite keeps them and before/after
 * as their canonical JSON text (null for none), which go into the entry's canonical JSON
 * verbatim (keys in canonical order: actor, after, at, before, entity, entityId, type).
 * The same hash without serialising before/after again.
 */
export function storedEntryHash(
  prevHash: string,
  at: string,
  actor: string | null,
  type: string,
  entity: string,
  entityId: string | null,
  before: string | null,
  after: string | null,
): string {
  return sha256(
    `${prevHash}{"actor":${JSON.stringify(actor)},"after":${after ?? 'null'},"at":${JSON.stringify(at)},"before":${before ?? 'null'},` +
      `"entity":${JSON.stringify(entity)},"entityId":${JSON.stringify(entityId)},"type":${JSON.stringify(type)}}`,
  );
}

/** A before/after value as stored: its canonical JSON, or null when there is none. */
function storedJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = canonicalJson(value) as string | undefined;
  return text === undefined || text === 'null' ? null : text;
}

/**
 * The append-only audit trail. `append` must run inside the transaction of the change
 * it records, so the change and its event commit or roll back together.
 */
export class EventLog {
  private readonly lastHash;
  private readonly insert;

  constructor(sqlite: Sqlite) {
    // Its own drizzle handle: a restore also records itself in the restored file, through another connection.
    const db = drizzle(sqlite);
    const ph = sql.placeholder;
    this.lastHash = db.select({ hash: events.hash }).from(events).orderBy(desc(events.seq)).limit(1).prepare();
    this.insert = db
      .insert(events)
      .values({
        at: ph('at'),
        actor: ph('actor'),
        type: ph('type'),
        entity: ph('entity'),
        entityId: ph('entityId'),
        before: ph('before'),
        after: ph('after'),
        prevHash: ph('prevHash'),
        hash: ph('hash'),
      })
      .prepare();
  }

  append(entry: EventEntry): void {
    const prevHash = this.lastHash.get()?.hash ?? GENESIS_HASH;
    // Store exactly the text that is hashed, so verification can recompute it.
    const at = storable(entry.at);
    const actor = entry.actor === null ? null : storable(entry.actor);
    const type = storable(entry.type);
    const entity = storable(entry.entity);
    const entityId = entry.entityId === null ? null : storable(entry.entityId);
    const before = storedJson(entry.before);
    const after = storedJson(entry.after);
    this.insert.run({ at, actor, type, entity, entityId, before, after, prevHash, hash: storedEntryHash(prevHash, at, actor, type, entity, entityId, before, after) });
  }
}
