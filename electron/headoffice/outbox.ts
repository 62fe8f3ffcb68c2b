/**
 * The till's outbox is its audit trail: every committed change already writes one hash-chained
 * row there, in the change's own transaction, keyed by seq. Shipping reads the entries after
 * the head office's position and, for each document they touch, the document's stored state
 * (raw columns, JSON columns parsed, the register's code added), on a read-only connection of
 * its own. A sale writes nothing more for the head office.
 */
import type Database from 'better-sqlite3';
import { hashHex } from '../core/services/events';

/** The document kinds shipped (audit entity names); the rest of the trail (users, settings, sign-ins) stays local. */
export const SHIPPED_KINDS = ['order', 'invoice', 'payment', 'credit_note', 'voucher', 'cash_session', 'z_report', 'register'] as const;
export type ShippedKind = (typeof SHIPPED_KINDS)[number];

interface Source {
  /** One row by id, as `t`. */
  sql: string;
  /** Columns holding JSON text, shipped parsed. */
  json?: string[];
  /** Rows under the document (key in the shipped data → query by the document's id). */
  children?: { key: string; sql: string; json?: string[] }[];
  /** Documents a change of this one also changes without an entry of their own (an invoice's credited, paid). */
  touches?: (row: Record<string, unknown>) => [ShippedKind, unknown][];
}

const REGISTER_OF = (column: string) =>
  `(SELECT r.code FROM cash_sessions s JOIN registers r ON r.id = s.register_id WHERE s.id = t.${column}) AS register_code`;

const SOURCES: Record<ShippedKind, Source> = {
  order: {
    sql: 'SELECT t.* FROM orders t WHERE t.id = ?',
    json: ['discount'],
    children: [{ key: 'lines', sql: 'SELECT * FROM order_lines WHERE order_id = ? ORDER BY position', json: ['discount'] }],
  },
  invoice: { sql: `SELECT t.*, ${REGISTER_OF('cash_session_id')} FROM invoices t WHERE t.id = ?`, json: ['lines', 'tax_breakdown', 'seller', 'customer', 'discount'] },
  payment: {
    // The idempotency key and request hash are the till's own business.
    sql: `SELECT t.id, t.invoice_id, t.order_id, t.method, t.kind, t.amount, t.tendered, t.change, t.reference, t.refund_of, t.created_by, t.created_at,
      t.rounding, t.cash_session_id, t.credit_note_id, t.voucher_code, ${REGISTER_OF('cash_session_id')} FROM payments t WHERE t.id = ?`,
    touches: (row) => [['invoice', row.invoice_id]],
  },
  credit_note: {
    sql: `SELECT t.id, t.seq, t.number, t.kind, t.invoice_id, t.order_id, t.currency, t.lines, t.tax_breakdown, t.seller, t.customer, t.price_basis,
      t.discount_total, t.subtotal, t.tax, t.total, t.refunded, t.issued_at, t.issued_by, t.approved_by, t.cash_session_id, t.exchange_invoice_id,
      ${REGISTER_OF('cash_session_id')} FROM credit_notes t WHERE t.id = ?`,
    json: ['lines', 'tax_breakdown', 'seller', 'customer'],
    touches: (row) => [['invoice', row.invoice_id], ['invoice', row.exchange_invoice_id]],
  },
  voucher: {
    sql: `SELECT t.*, ${REGISTER_OF('cash_session_id')} FROM vouchers t WHERE t.id = ?`,
    children: [{ key: 'entries', sql: 'SELECT * FROM voucher_entries WHERE voucher_id = ? ORDER BY id' }],
  },
  cash_session: {
    sql: 'SELECT t.*, r.code AS register_code FROM cash_sessions t JOIN registers r ON r.id = t.register_id WHERE t.id = ?',
    json: ['opening_count', 'closing_count'],
    children: [{ key: 'movements', sql: 'SELECT * FROM cash_movements WHERE session_id = ? ORDER BY created_at, id' }],
  },
  z_report: { sql: 'SELECT t.*, r.code AS register_code FROM z_reports t JOIN registers r ON r.id = t.register_id WHERE t.id = ?', json: ['body'] },
  register: { sql: 'SELECT t.id, t.code, t.name, t.active, t.grand_total, t.z_seq, t.created_at, t.updated_at FROM registers t WHERE t.id = ?' },
};

function isShipped(entity: string): entity is ShippedKind {
  return (SHIPPED_KINDS as readonly string[]).includes(entity);
}

function parseJson(row: Record<string, unknown>, columns: string[] = []): Record<string, unknown> {
  for (const c of columns) {
    const v = row[c];
    if (typeof v === 'string') {
      try {
        row[c] = JSON.parse(v) as unknown;
      } catch {
        // Plain text in a JSON column ships as it is.
      }
    }
  }
  return row;
}

export interface ShippedDoc {
  seq: number;
  kind: ShippedKind;
  id: string;
  data: Record<string, unknown>;
}

export interface Batch {
  /** The head office's position the batch follows on from, and the local chain hash there (null at the start). */
  after: number;
  afterHash: string | null;
  /** The last entry it covers, and that entry's chain hash: the audit chain's head once it is in. */
  upto: number;
  uptoHash: string;
  docs: ShippedDoc[];
}

/** The local trail does not hold the entry the head office's position names with the same hash: a restored backup, or another till's URL. */
export class DivergedError extends Error {
  constructor(readonly at: number) {
    super(`the head office holds this till's records up to entry ${at}, and this database's entry ${at} differs`);
  }
}

/** Reads batches from a read-only connection to tessera.db. */
export class Outbox {
  private readonly entries;
  private readonly hashAt;
  private readonly last;
  private readonly rows = new Map<ShippedKind, Database.Statement>();
  private readonly children = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {
    this.entries = db.prepare('SELECT seq, entity, entity_id AS entityId, hash FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.hashAt = db.prepare('SELECT hash FROM events WHERE seq = ?');
    this.last = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events');
  }

  /** The last entry written locally. */
  head(): number {
    return (this.last.get() as { seq: number }).seq;
  }

  /** The local chain hash at `seq` (null for 0, before the first entry), or undefined when there is no such entry. */
  hashAtSeq(seq: number): string | null | undefined {
    if (seq === 0) return null;
    const row = this.hashAt.get(seq) as { hash: string | Buffer } | undefined;
    return row === undefined ? undefined : hashHex(row.hash);
  }

  /**
   * Up to `limit` entries after `after`, with the current state of every document they
   * touch, read in one snapshot; null when there is nothing after it.
   */
  read(after: number, limit: number): Batch | null {
    return this.db.transaction(() => {
      const afterHash = this.hashAtSeq(after);
      if (afterHash === undefined) throw new DivergedError(after);
      const entries = this.entries.all(after, limit) as { seq: number; entity: string; entityId: string | null; hash: string | Buffer }[];
      const lastEntry = entries.at(-1);
      if (lastEntry === undefined) return null;
      const latest = new Map<string, { seq: number; kind: ShippedKind; id: string }>();
      const note = (seq: number, kind: ShippedKind, id: unknown) => {
        if (typeof id === 'string') latest.set(`${kind}\u0000${id}`, { seq, kind, id });
      };
      for (const e of entries) if (isShipped(e.entity)) note(e.seq, e.entity, e.entityId);
      const docs: ShippedDoc[] = [];
      const seen = new Set<string>();
      const add = (seq: number, kind: ShippedKind, id: string) => {
        const key = `${kind}\u0000${id}`;
        if (seen.has(key)) return;
        seen.add(key);
        const data = this.document(kind, id);
        if (data === null) return;
        docs.push({ seq, kind, id, data });
        for (const [k, other] of SOURCES[kind].touches?.(data) ?? []) if (typeof other === 'string') add(seq, k, other);
      };
      for (const { seq, kind, id } of [...latest.values()].sort((a, b) => b.seq - a.seq)) add(seq, kind, id);
      return { after, afterHash, upto: lastEntry.seq, uptoHash: hashHex(lastEntry.hash), docs: docs.sort((a, b) => a.seq - b.seq) };
    })();
  }

  /** A document's stored state, or null when there is none (an entry about a row that was never kept). */
  document(kind: ShippedKind, id: string): Record<string, unknown> | null {
    const source = SOURCES[kind];
    let stmt = this.rows.get(kind);
    if (!stmt) this.rows.set(kind, (stmt = this.db.prepare(source.sql)));
    const row = stmt.get(id) as Record<string, unknown> | undefined;
    if (row === undefined) return null;
    parseJson(row, source.json);
    for (const child of source.children ?? []) {
      let c = this.children.get(child.sql);
      if (!c) this.children.set(child.sql, (c = this.db.prepare(child.sql)));
      row[child.key] = (c.all(id) as Record<string, unknown>[]).map((r) => parseJson(r, child.json));
    }
    return row;
  }
}
