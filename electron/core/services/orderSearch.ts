/**
 * The order search text (customer name and line names) and how a search finds it.
 *
 * The full-text index (FTS5 trigram, `orders_search`) gains a segment with every write, and
 * FTS5 merges segments inside the writing transaction: on a store of a million orders a
 * sale paid 10–30 ms for that every few dozen sales. So a write only adds a row to
 * `orders_search_pending`; the pending rows go into the index together, as one segment, once
 * the store has been idle for a moment or enough of them have gathered. A search reads the
 * index and the (few) pending rows, so an order is found the moment it is written.
 */
import type { ServiceDeps } from './deps';
import type { SqlParams } from './paging';

/** Pending rows that are indexed at once, in the request that adds the last of them. */
export const SEARCH_BATCH = 256;
/** Pending rows are indexed after this long without a write. */
export const SEARCH_IDLE_MS = 500;

export class OrderSearch {
  private readonly q;
  private pending: number;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly d: ServiceDeps) {
    const s = d.sqlite;
    this.q = {
      add: s.prepare('INSERT INTO orders_search_pending (number, body, body_lower) VALUES (?, ?, ?)'),
      removePending: s.prepare('DELETE FROM orders_search_pending WHERE number = ?'),
      removeIndexed: s.prepare('DELETE FROM orders_search WHERE rowid = ?'),
      count: s.prepare('SELECT count(*) FROM orders_search_pending').pluck(),
      index: s.prepare('INSERT INTO orders_search (rowid, body) SELECT number, body FROM orders_search_pending ORDER BY number'),
      clear: s.prepare('DELETE FROM orders_search_pending'),
    };
    this.pending = this.q.count.get() as number;
    // Left by a process that ended before it indexed them.
    if (this.pending > 0) this.flush();
  }

  /** Inside the writing transaction: the order's search text. */
  add(number: number, customerName: string | null, lineNames: string[]): void {
    const body = [customerName ?? '', ...lineNames].join('\n');
    this.q.add.run(number, body, body.toLowerCase());
    this.pending += 1;
  }

  /** Inside the writing transaction: the order is no longer found (deleted, or its text replaced). */
  remove(number: number): void {
    if (this.q.removePending.run(number).changes > 0) this.pending -= 1;
    else this.q.removeIndexed.run(number);
  }

  /** After the writing transaction committed: index now if enough are pending, else when idle. */
  written(): void {
    if (this.closed) return;
    this.lastWrite = this.d.clock();
    if (this.pending >= SEARCH_BATCH) this.tryFlush();
    else if (this.pending > 0 && !this.timer) this.arm(SEARCH_IDLE_MS);
  }

  /** Puts every pending row into the index, in one transaction (one new segment). */
  flush(): void {
    if (this.pending === 0) return;
    this.d.tx(() => {
      this.q.index.run();
      this.q.clear.run();
    });
    this.pending = 0;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * The SQL condition on `numberColumn` for a search text of at least three characters: a
   * substring of the text, ignoring case, in the index or among the pending rows.
   */
  clause(text: string, params: SqlParams, numberColumn: string): string {
    params.qMatch = `"${text.replace(/"/g, '""')}"`;
    params.qLower = text.toLowerCase();
    return (
      `${numberColumn} IN (SELECT rowid FROM orders_search WHERE orders_search MATCH @qMatch ` +
      'UNION ALL SELECT number FROM orders_search_pending WHERE instr(body_lower, @qLower) > 0)'
    );
  }

  /**
   * What the idle timer does, on the core's clock: index the pending rows once the store has
   * been idle long enough, else wait out the rest of the idle time.
   */
  idleTick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || this.pending === 0) return;
    const idle = this.d.clock() - this.lastWrite;
    if (idle < SEARCH_IDLE_MS) this.arm(SEARCH_IDLE_MS - idle);
    else this.tryFlush();
  }

  /** One timer at a time: when it fires during a burst of writes it waits out the rest of the idle time. */
  private arm(ms: number): void {
    this.timer = setTimeout(() => this.idleTick(), ms);
    this.timer.unref();
  }

  /** The write that called it has committed: a failure here must not turn into its error. */
  private tryFlush(): void {
    try {
      this.flush();
    } catch (err) {
      // The rows stay pending and are still found; the next write, the timer or a start tries again.
      this.d.log.error('order search indexing failed', { message: err instanceof Error ? err.message : String(err) });
      if (!this.timer && !this.closed) this.arm(SEARCH_IDLE_MS);
    }
  }
}
