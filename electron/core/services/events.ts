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

/** A chain hash as hex text, whichever form it is stored in (hex text before the compact format, 32 bytes since). */
export function hashHex(hash: string | Buffer): string {
  return typeof hash === 'string' ? hash : hash.toString('hex');
}

/** SQL reading a chain hash column as hex text, whichever form each row keeps it in. */
export function hashHexSql(column: string): string {
  return `(CASE typeof(${column}) WHEN 'blob' THEN lower(hex(${column})) ELSE ${column} END)`;
}

/** A before/after value as stored: its canonical JSON, or null when there is none. */
function storedJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const text = canonicalJson(value) as string | undefined;
  return text === undefined || text === 'null' ? null : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value without the fields that hold null, at every level: they say nothing a reader needs. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) kept[key] = withoutNulls(v);
  return kept;
}

/**
 * What an entry records in the compact format: for an edit (both sides records), only the
 * fields that differ, each on the side that has it; for a creation or a deletion, the
 * record's fields that hold a value.
 */
export function compactChange(before: unknown, after: unknown): { before: unknown; after: unknown } {
  if (!isRecord(before) || !isRecord(after)) return { before: withoutNulls(before), after: withoutNulls(after) };
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (canonicalJson(before[key] ?? null) === canonicalJson(after[key] ?? null)) continue;
    if (before[key] !== undefined) was[key] = withoutNulls(before[key]);
    if (after[key] !== undefined) now[key] = withoutNulls(after[key]);
  }
  return { before: was, after: now };
}

/**
 * The append-only audit trail. `append` must run inside the transaction of the change
 * it records, so the change and its event commit or roll back together. Entries are written
 * in the compact format (audit_format): what changed, hashes as 32-byte BLOBs.
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
    const last = this.lastHash.get();
    const prevHash = last === undefined ? GENESIS_HASH : hashHex(last.hash);
    // Store exactly the text that is hashed, so verification can recompute it.
    const at = storable(entry.at);
    const actor = entry.actor === null ? null : storable(entry.actor);
    const type = storable(entry.type);
    const entity = storable(entry.entity);
    const entityId = entry.entityId === null ? null : storable(entry.entityId);
    const change = compactChange(entry.before, entry.after);
    const before = storedJson(change.before);
    const after = storedJson(change.after);
    const hash = storedEntryHash(prevHash, at, actor, type, entity, entityId, before, after);
    this.insert.run({ at, actor, type, entity, entityId, before, after, prevHash: Buffer.from(prevHash, 'hex'), hash: Buffer.from(hash, 'hex') });
  }
}
