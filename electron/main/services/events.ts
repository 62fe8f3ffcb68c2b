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

/** JSON with keys sorted at every level, so the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
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
      ...entry,
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
