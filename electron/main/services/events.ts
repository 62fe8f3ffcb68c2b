import crypto from 'node:crypto';
import type { Sqlite } from '../db/open';

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

export function entryHash(prevHash: string, entry: EventEntry): string {
  return crypto.createHash('sha256').update(prevHash).update(canonicalJson(entry)).digest('hex');
}

/**
 * The append-only audit trail. `append` must run inside the transaction of the change
 * it records, so the change and its event commit or roll back together.
 */
export class EventLog {
  private readonly lastHash;
  private readonly insert;

  constructor(sqlite: Sqlite) {
    this.lastHash = sqlite.prepare<[], { hash: string }>('SELECT hash FROM events ORDER BY seq DESC LIMIT 1');
    this.insert = sqlite.prepare(
      `INSERT INTO events (at, actor, type, entity, entity_id, before, after, prev_hash, hash)
       VALUES (@at, @actor, @type, @entity, @entityId, @before, @after, @prevHash, @hash)`,
    );
  }

  append(entry: EventEntry): void {
    const prevHash = this.lastHash.get()?.hash ?? GENESIS_HASH;
    // Store exactly the JSON that was hashed, so verification can recompute it.
    const normalized: EventEntry = {
      at: entry.at,
      actor: entry.actor === null ? null : storable(entry.actor),
      type: storable(entry.type),
      entity: storable(entry.entity),
      entityId: entry.entityId === null ? null : storable(entry.entityId),
      before: entry.before === undefined ? null : JSON.parse(canonicalJson(entry.before)),
      after: entry.after === undefined ? null : JSON.parse(canonicalJson(entry.after)),
    };
    this.insert.run({
      at: normalized.at,
      actor: normalized.actor,
      type: normalized.type,
      entity: normalized.entity,
      entityId: normalized.entityId,
      before: normalized.before === null ? null : canonicalJson(normalized.before),
      after: normalized.after === null ? null : canonicalJson(normalized.after),
      prevHash,
      hash: entryHash(prevHash, normalized),
    });
  }
}
