/**
 * The audit trail, read side: the list behind Admin → Audit and the verification of the
 * hash chain that EventLog writes (hash = sha256(prevHash + canonicalJson(entry))).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { getTableColumns } from 'drizzle-orm';
import type { Output, ParsedInput } from '../../../shared/contract';
import type { AuditEntry, AuditVerifyResult, ChainProblem } from '../../../shared/contract/audit';
import { BULK_EVENT_ENTITIES, BULK_EVENT_TYPES, events, users } from '../db/schema';
import type { ServiceDeps } from './deps';
import { entryHash, GENESIS_HASH, hashHex, storedEntryHash, type EventEntry } from './events';
import { decodeCursor, fromBound, toBound, toPage, Where } from './paging';

type EventRow = typeof events.$inferSelect;

/** An entry as the list reads it: the event less its hashes, with its actor's names (null when none). */
type ListRow = Omit<EventRow, 'prevHash' | 'hash'> & { username: string | null; displayName: string | null };

/** The list's columns, named from the schema: `e."col" AS "key"` (raw SQL for its per-filter index choice). */
const LIST_COLUMNS = [
  ...Object.entries(getTableColumns(events))
    .filter(([key]) => key !== 'prevHash' && key !== 'hash')
    .map(([key, column]) => `e."${column.name}" AS "${key}"`),
  `u."${users.username.name}" AS "username"`,
  `u."${users.displayName.name}" AS "displayName"`,
].join(', ');

/** A filter matching at least this many entries is read along seq rather than through its index. */
const DENSE = 2_000;

const BULK_TYPES: readonly string[] = BULK_EVENT_TYPES;
const BULK_ENTITIES: readonly string[] = BULK_EVENT_ENTITIES;

/** The partial indexes' own conditions, word for word: a query that repeats one may read its index. */
const notIn = (column: string, values: readonly string[]) => `${column} NOT IN (${values.map((v) => `'${v}'`).join(', ')})`;
const NOT_BULK = { type: notIn('type', BULK_TYPES), entity: notIn('entity', BULK_ENTITIES) };

/** Rows verified per chunk; the event loop gets a turn between chunks, so sales go on during a long verify. */
const VERIFY_CHUNK = 5_000;

type JsonValue = AuditEntry['after'];

/** A stored before/after text as a JSON value; a text that is not JSON (a tampered row) is shown as it is. */
function parseStored(text: string | null): JsonValue {
  if (text === null) return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** A row as the verifier reads it (raw mode: an array, cheaper than an object per row). */
type ChainRow = [seq: number, at: string, actor: string | null, type: string, entity: string, entityId: string | null, before: string | null, after: string | null, prevHash: string | Buffer, hash: string | Buffer];

/** Whether a stored hash is in the form its entry's format keeps: 64 hex characters before the compact format, 32 bytes since. */
function inForm(hash: string | Buffer, compact: boolean): boolean {
  return compact ? Buffer.isBuffer(hash) && hash.length === 32 : typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash);
}

/** The hash a stored row must have after `prevHash`. */
function storedHash(prevHash: string, r: ChainRow): string {
  return storedEntryHash(prevHash, r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
}

/** The same entry re-serialised canonically: accepts a stored text that is equal JSON written differently; null when it is not JSON. */
function parsedHash(prevHash: string, r: ChainRow): string | null {
  try {
    const entry: EventEntry = {
      at: r[1],
      actor: r[2],
      type: r[3],
      entity: r[4],
      entityId: r[5],
      before: r[6] === null ? null : (JSON.parse(r[6]) as unknown),
      after: r[7] === null ? null : (JSON.parse(r[7]) as unknown),
    };
    return entryHash(prevHash, entry);
  } catch {
    return null;
  }
}

export class AuditService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    /** The store's time zone: date filters cut days at its midnight. */
    private readonly timeZone: () => string = () => 'UTC',
  ) {
    const s = d.sqlite;
    this.q = {
      chunk: s
        .prepare<{ after: number; limit: number }, ChainRow>(
          'SELECT seq, at, actor, type, entity, entity_id, before, after, prev_hash, hash FROM events WHERE seq > @after ORDER BY seq LIMIT @limit',
        )
        .raw(),
      count: s.prepare<[], { n: number }>('SELECT count(*) AS n FROM events'),
      /** AUTOINCREMENT keeps the highest seq ever given out: more than the last row means entries were removed from the end. */
      highest: s.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'"),
      /** Whether the store records a compact format boundary (a backup of an earlier version does not). */
      hasFormat: s.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'audit_format'"),
    };
  }

  /** Newest first, keyset-paged on seq; every filter is optional. */
  list(input: ParsedInput<'audit.list'>): Output<'audit.list'> {
    const after = decodeCursor(input.cursor, ['number'] as const);
    const zone = this.timeZone();
    const from = fromBound(input.from, zone);
    const to = toBound(input.to, zone);
    // A filter that matches many entries is read along seq (newest first, stopping at the page's
    // end); one that matches few is read through its index and sorted. `+col` keeps SQLite off an index.
    const sparse = (sql: string, params: Record<string, string>) => this.countUpTo(sql, params) < DENSE;
    const where = new Where();
    if (from !== null || to !== null) {
      const params = { atFrom: from ?? '', atTo: to ?? '\uffff' };
      const dense = !sparse('at >= @atFrom AND at < @atTo', params);
      where.add(`${dense ? '+' : ''}e.at >= @atFrom AND ${dense ? '+' : ''}e.at < @atTo`, params);
    }
    // A sale's entities and types are most of the trail and stay out of their partial indexes: read along seq.
    const byIndex = (column: 'entity' | 'type', value: string) =>
      input.entityId === undefined && !(column === 'entity' ? BULK_ENTITIES : BULK_TYPES).includes(value) && sparse(`${column} = @v AND ${NOT_BULK[column]}`, { v: value });
    if (input.entityId !== undefined) where.add('e.entity_id = @entityId', { entityId: input.entityId });
    if (input.entity !== undefined) {
      where.add(byIndex('entity', input.entity) ? `e.entity = @entity AND e.${NOT_BULK.entity}` : '+e.entity = @entity', { entity: input.entity });
    }
    if (input.type !== undefined) {
      where.add(byIndex('type', input.type) ? `e.type = @type AND e.${NOT_BULK.type}` : '+e.type = @type', { type: input.type });
    }
    if (after) where.add('e.seq < @afterSeq', { afterSeq: after[0] });
    const sql = `SELECT ${LIST_COLUMNS}
      FROM events e LEFT JOIN users u ON u.id = e.actor ${where.sql()} ORDER BY e.seq DESC LIMIT @limit`;
    const rows = this.d.stmt(sql).all({ ...where.params, limit: input.limit + 1 }) as ListRow[];
    return toPage(rows, input.limit, toEntry, (r) => [r.seq]);
  }

  /** The entities and types to filter by: a sale's always, the others as the trail holds them. */
  types(): Output<'audit.types'> {
    return { entities: [...BULK_ENTITIES, ...this.distinct('entity')].sort(), types: [...BULK_TYPES, ...this.distinct('type')].sort() };
  }

  /** How many entries match `condition`, counted through its index up to DENSE. */
  private countUpTo(condition: string, params: Record<string, string>): number {
    const row = this.d.stmt(`SELECT count(*) AS n FROM (SELECT 1 FROM events WHERE ${condition} LIMIT ${DENSE})`).get(params) as { n: number };
    return row.n;
  }

  /** The distinct values of a column other than a sale's, one lookup of its partial index per value (a loose index scan). */
  private distinct(column: 'entity' | 'type'): string[] {
    const only = ` AND ${NOT_BULK[column]}`;
    const rows = this.d
      .stmt(
        `WITH RECURSIVE v(x) AS (SELECT min(${column}) FROM events WHERE 1${only} UNION ALL SELECT (SELECT min(${column}) FROM events WHERE ${column} > v.x${only}) FROM v WHERE v.x IS NOT NULL)
         SELECT x FROM v WHERE x IS NOT NULL`,
      )
      .all() as { x: string }[];
    return rows.map((r) => r.x);
  }

  /**
   * Walks the whole chain in seq order and stops at the first bad entry: a changed entry
   * (its hash does not match its content), a missing one (a gap in seq, or entries gone
   * from the end), or one that does not follow the entry before it (prev_hash). Entries
   * before the compact format's boundary keep hex hashes, those from it 32-byte ones; the
   * chain runs through it unbroken. Reads in chunks and yields between them, so a long trail
   * does not hold up other requests.
   */
  async verify(): Promise<AuditVerifyResult> {
    const started = Date.now();
    const compactFrom = this.compactFrom();
    let prevHash = GENESIS_HASH;
    let expected = 1;
    let lastSeq = 0;
    let bad: { seq: number; problem: ChainProblem; message: string } | null = null;

    chunks: for (;;) {
      let read = 0;
      // Streamed: the connection is busy only for this synchronous stretch.
      for (const r of this.q.chunk.iterate({ after: lastSeq, limit: VERIFY_CHUNK })) {
        read += 1;
        const seq = r[0];
        if (seq !== expected) {
          bad =
            seq > expected
              ? { seq: expected, problem: 'missing', message: missingMessage(expected, seq - 1) }
              : { seq, problem: 'unlinked', message: `Entry #${seq} is out of sequence (expected #${expected}).` };
          break chunks;
        }
        const compact = seq >= compactFrom;
        if (!inForm(r[8], compact) || hashHex(r[8]) !== prevHash) {
          bad = {
            seq,
            problem: 'unlinked',
            message:
              seq === 1
                ? 'Entry #1 does not start the chain: entries before it were removed or it was replaced.'
                : `Entry #${seq} does not follow entry #${seq - 1}: an entry was replaced, removed or inserted here.`,
          };
          break chunks;
        }
        const hash = inForm(r[9], compact) ? hashHex(r[9]) : null;
        if (hash === null || (storedHash(prevHash, r) !== hash && parsedHash(prevHash, r) !== hash)) {
          bad = { seq, problem: 'changed', message: `Entry #${seq} was changed after it was recorded.` };
          break chunks;
        }
        prevHash = hash;
        lastSeq = seq;
        expected = seq + 1;
      }
      if (read < VERIFY_CHUNK) break;
      await yieldToEventLoop();
    }

    if (!bad) {
      // Re-read: entries appended while the last chunk was checked are verified next time.
      const highest = this.q.highest.get()?.seq ?? 0;
      const last = lastSeq;
      if (highest > last && !this.hasRowsAfter(last)) {
        bad = { seq: last + 1, problem: 'missing', message: missingMessage(last + 1, highest) };
      }
    }
    const entries = this.q.count.get()?.n ?? 0;
    const durationMs = Date.now() - started;
    if (bad) {
      this.d.log.warn('audit chain broken', { firstBadEntry: bad.seq, problem: bad.problem });
      return { ok: false, entries, firstBadEntry: bad.seq, problem: bad.problem, message: bad.message, durationMs };
    }
    return { ok: true, entries, firstBadEntry: null, problem: null, message: null, durationMs };
  }

  /**
   * The first entry in the compact format. A store from before it (a backup of an earlier
   * version, checked before a restore) has every entry in the earlier one.
   */
  private compactFrom(): number {
    if (this.q.hasFormat.get()?.n !== 1) return Number.POSITIVE_INFINITY;
    return (this.d.stmt('SELECT compact_from AS compactFrom FROM audit_format').get() as { compactFrom: number } | undefined)?.compactFrom ?? 1;
  }

  private hasRowsAfter(seq: number): boolean {
    return this.q.chunk.all({ after: seq, limit: 1 }).length > 0;
  }
}

function missingMessage(from: number, to: number): string {
  return from === to ? `Entry #${from} is missing: it was deleted.` : `Entries #${from} to #${to} are missing: they were deleted.`;
}

function toEntry(r: ListRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actorId: r.actor,
    actor: r.actor !== null && r.username !== null ? { id: r.actor, username: r.username, displayName: r.displayName ?? r.username } : null,
    type: r.type,
    entity: r.entity,
    entityId: r.entityId,
    before: parseStored(r.before),
    after: parseStored(r.after),
  };
}
