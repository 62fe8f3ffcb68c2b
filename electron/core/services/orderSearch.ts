/**
 * The order search text (customer name and line names) and how a search finds it.
 *
 * The full-text index (FTS5 trigram, `orders_search`) gains a segment with every write, and
 * FTS5 merges segments inside the writing transaction: on a store of a million orders a
 * sale paid 10–30 ms for that every few dozen sales. So a write only adds a row to
 * `orders_search_pending`; the pending rows go into the index together, as one segment, once
 * the store has been idle for a moment or enough of them have gathered. A search reads the
 * index and the (few) pending rows, so an order is found the moment it is written.
 *
 * FTS5 also merges the index's segments inside the inserting transaction (automerge): on a
 * store of 300,000 orders one such merge held a sale for 362 ms. Automerge is off here; the
 * merging is done in idle moments instead, a bounded step at a time (MERGE_PAGES pages, a few
 * milliseconds), so a sale that arrives meanwhile waits for one step at most. FTS5's crisis
 * merge (64 segments on one level here) stays as the backstop when a store is never idle.
 */
import type { ServiceDeps } from './deps';
import type { SqlParams } from './paging';

/** Pending rows that are indexed at once, in the request that adds the last of them. */
export const SEARCH_BATCH = 256;
/** Pending rows are indexed after this long without a write. */
export const SEARCH_IDLE_MS = 500;
/** Pages of index merging in one idle step. */
export const MERGE_PAGES = 32;
/**
 * FTS5's merging: none inside a write (automerge 0); the crisis merge only once a level holds
 * 64 segments (FTS5's default is 16: about 4,000 sales without an idle moment), so a busy
 * stretch of the day does not pay for it either.
 */
const INDEX_SETTINGS = [
  ['automerge', 0],
  ['crisismerge', 64],
] as const;

export class OrderSearch {
  private readonly q;
  private pending: number;
  private lastWrite = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** A flush added a segment since the idle steps last found nothing to merge. */
  private merging = false;

  constructor(private readonly d: ServiceDeps) {
    const s = d.sqlite;
    this.q = {
      add: s.prepare('INSERT INTO orders_search_pending (number, body, body_lower) VALUES (?, ?, ?)'),
      removePending: s.prepare('DELETE FROM orders_search_pending WHERE number = ?'),
      removeIndexed: s.prepare('DELETE FROM orders_search WHERE rowid = ?'),
      count: s.prepare('SELECT count(*) FROM orders_search_pending').pluck(),
      index: s.prepare('INSERT INTO orders_search (rowid, body) SELECT number, body FROM orders_search_pending ORDER BY number'),
      clear: s.prepare('DELETE FROM orders_search_pending'),
      config: s.prepare('SELECT v FROM orders_search_config WHERE k = ?').pluck(),
      // FTS5 takes its commands' values written in the statement, not bound.
      merge: s.prepare(`INSERT INTO orders_search (orders_search, rank) VALUES ('merge', ${MERGE_PAGES})`),
      // The index's structure record: it changes when a merge step did some work.
      structure: s.prepare('SELECT block FROM orders_search_data WHERE id = 10').pluck(),
    };
    // Merging waits for idle moments (see above); the settings are kept in the index itself.
    for (const [key, value] of INDEX_SETTINGS) {
      if (this.q.config.get(key) !== value) this.d.tx(() => s.exec(`INSERT INTO orders_search (orders_search, rank) VALUES ('${key}', ${value})`));
    }
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
    if ((this.pending > 0 || this.merging) && !this.timer) this.arm(SEARCH_IDLE_MS);
  }

  /** Puts every pending row into the index, in one transaction (one new segment). */
  flush(): void {
    if (this.pending === 0) return;
    this.d.tx(() => {
      this.q.index.run();
      this.q.clear.run();
    });
    this.pending = 0;
    this.merging = true;
  }

  /** One bounded merge step, in a transaction of its own; whether it found anything to merge. */
  mergeStep(): boolean {
    const before = this.q.structure.get() as Buffer | undefined;
    this.d.tx(() => this.q.merge.run());
    const after = this.q.structure.get() as Buffer | undefined;
    this.merging = before !== undefined && after !== undefined && !before.equals(after);
    return this.merging;
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
   * What the idle timer does, on the core's clock: once the store has been idle long enough,
   * index the pending rows, then merge one step at a time while there is merging to do (a write
   * in between makes it wait for the next idle moment); else wait out the rest of the idle time.
   */
  idleTick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.closed || (this.pending === 0 && !this.merging)) return;
    const idle = this.d.clock() - this.lastWrite;
    if (idle < SEARCH_IDLE_MS) return this.arm(SEARCH_IDLE_MS - idle);
    if (this.pending > 0) this.tryFlush();
    else this.tryMerge();
    if (this.merging && !this.closed && !this.timer) this.arm(0);
  }

  /** One timer at a time: when it fires during a burst of writes it waits out the rest of the idle time. */
  private arm(ms: number): void {
    this.timer = setTimeout(() => this.idleTick(), ms);
    this.timer.unref();
  }

  private tryMerge(): void {
    try {
      this.mergeStep();
    } catch (err) {
      // The index stays as it is and is still read right; FTS5's own crisis merge is the backstop.
      this.merging = false;
      this.d.log.error('order search merging failed', { message: err instanceof Error ? err.message : String(err) });
    }
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
