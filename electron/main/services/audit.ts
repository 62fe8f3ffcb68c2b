/**
 * The audit trail, read side: the list behind Admin → Audit and the verification of the
 * hash chain that EventLog writes (hash = sha256(prevHash + canonicalJson(entry))).
 */
import crypto from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Output, ParsedInput } from '../../../shared/contract';
import type { AuditEntry, AuditVerifyResult, ChainProblem } from '../../../shared/contract/audit';
import type { ServiceDeps } from './deps';
import { entryHash, GENESIS_HASH, type EventEntry } from './events';
import { decodeCursor, fromBound, toBound, toPage, Where } from './paging';

interface EventRow {
  seq: number;
  at: string;
  actor: string | null;
  type: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

interface ListRow extends Omit<EventRow, 'prev_hash' | 'hash'> {
  username: string | null;
  display_name: string | null;
}

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

/**
 * The canonical JSON of a stored row's entry, built from the stored texts: EventLog stores
 * `before`/`after` as their canonical JSON, so they go in verbatim (keys in canonical order:
 * actor, after, at, before, entity, entityId, type).
 */
function storedCanonical(r: EventRow): string {
  return (
    `{"actor":${JSON.stringify(r.actor)},"after":${r.after ?? 'null'},"at":${JSON.stringify(r.at)},"before":${r.before ?? 'null'},` +
    `"entity":${JSON.stringify(r.entity)},"entityId":${JSON.stringify(r.entity_id)},"type":${JSON.stringify(r.type)}}`
  );
}

/** The hash a row must have after `prevHash`; null when its before/after is not JSON at all. */
function recompute(prevHash: string, r: EventRow): { fast: string; slow: () => string | null } {
  const fast = crypto.createHash('sha256').update(prevHash).update(storedCanonical(r)).digest('hex');
  return {
    fast,
    // The same entry re-serialised canonically (tolerates a stored text that is equal JSON written differently).
    slow: () => {
      try {
        const entry: EventEntry = {
          at: r.at,
          actor: r.actor,
          type: r.type,
          entity: r.entity,
          entityId: r.entity_id,
          before: r.before === null ? null : (JSON.parse(r.before) as unknown),
          after: r.after === null ? null : (JSON.parse(r.after) as unknown),
        };
        return entryHash(prevHash, entry);
      } catch {
        return null;
      }
    },
  };
}

export class AuditService {
  private readonly q;

  constructor(private readonly d: ServiceDeps) {
    const s = d.sqlite;
    this.q = {
      chunk: s.prepare<{ after: number; limit: number }, EventRow>(
        'SELECT seq, at, actor, type, entity, entity_id, before, after, prev_hash, hash FROM events WHERE seq > @after ORDER BY seq LIMIT @limit',
      ),
      count: s.prepare<[], { n: number }>('SELECT count(*) AS n FROM events'),
      /** AUTOINCREMENT keeps the highest seq ever given out: more than the last row means entries were removed from the end. */
      highest: s.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'events'"),
      entities: s.prepare<[], { entity: string }>('SELECT DISTINCT entity FROM events ORDER BY entity'),
      types: s.prepare<[], { type: string }>('SELECT DISTINCT type FROM events ORDER BY type'),
    };
  }

  /** Newest first, keyset-paged on seq; every filter is optional. */
  list(input: ParsedInput<'audit.list'>): Output<'audit.list'> {
    const after = decodeCursor(input.cursor, ['number'] as const);
    const where = new Where();
    const from = fromBound(input.from);
    const to = toBound(input.to);
    if (from !== null) where.add('e.at >= @atFrom', { atFrom: from });
    if (to !== null) where.add('e.at < @atTo', { atTo: to });
    if (input.entity !== undefined) where.add('e.entity = @entity', { entity: input.entity });
    if (input.entityId !== undefined) where.add('e.entity_id = @entityId', { entityId: input.entityId });
    if (input.type !== undefined) where.add('e.type = @type', { type: input.type });
    if (after) where.add('e.seq < @afterSeq', { afterSeq: after[0] });
    const sql = `SELECT e.seq, e.at, e.actor, e.type, e.entity, e.entity_id, e.before, e.after, u.username, u.display_name
      FROM events e LEFT JOIN users u ON u.id = e.actor ${where.sql()} ORDER BY e.seq DESC LIMIT @limit`;
    const rows = this.d.stmt(sql).all({ ...where.params, limit: input.limit + 1 }) as ListRow[];
    return toPage(rows, input.limit, toEntry, (r) => [r.seq]);
  }

  types(): Output<'audit.types'> {
    return { entities: this.q.entities.all().map((r) => r.entity), types: this.q.types.all().map((r) => r.type) };
  }

  /**
   * Walks the whole chain in seq order and stops at the first bad entry: a changed entry
   * (its hash does not match its content), a missing one (a gap in seq, or entries gone
   * from the end), or one that does not follow the entry before it (prev_hash). Reads in
   * chunks and yields between them, so a long trail does not hold up other requests.
   */
  async verify(): Promise<AuditVerifyResult> {
    const started = Date.now();
    let prevHash = GENESIS_HASH;
    let expected = 1;
    let lastSeq = 0;
    let bad: { seq: number; problem: ChainProblem; message: string } | null = null;

    chunks: for (;;) {
      let read = 0;
      // Streamed: the connection is busy only for this synchronous stretch.
      for (const r of this.q.chunk.iterate({ after: lastSeq, limit: VERIFY_CHUNK })) {
        read += 1;
        if (r.seq !== expected) {
          bad =
            r.seq > expected
              ? { seq: expected, problem: 'missing', message: missingMessage(expected, r.seq - 1) }
              : { seq: r.seq, problem: 'unlinked', message: `Entry #${r.seq} is out of sequence (expected #${expected}).` };
          break chunks;
        }
        if (r.prev_hash !== prevHash) {
          bad = {
            seq: r.seq,
            problem: 'unlinked',
            message:
              r.seq === 1
                ? 'Entry #1 does not start the chain: entries before it were removed or it was replaced.'
                : `Entry #${r.seq} does not follow entry #${r.seq - 1}: an entry was replaced, removed or inserted here.`,
          };
          break chunks;
        }
        const hash = recompute(prevHash, r);
        if (hash.fast !== r.hash && hash.slow() !== r.hash) {
          bad = { seq: r.seq, problem: 'changed', message: `Entry #${r.seq} was changed after it was recorded.` };
          break chunks;
        }
        prevHash = r.hash;
        lastSeq = r.seq;
        expected = r.seq + 1;
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
    actor: r.actor !== null && r.username !== null ? { id: r.actor, username: r.username, displayName: r.display_name ?? r.username } : null,
    type: r.type,
    entity: r.entity,
    entityId: r.entity_id,
    before: parseStored(r.before),
    after: parseStored(r.after),
  };
}
