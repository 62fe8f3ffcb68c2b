import { iso } from '../clock';
import type { ServiceDeps } from './deps';

interface Pending {
  lockedUntil: string;
  attempts: number;
  first: string;
  last: string;
}

/**
 * Sign-in attempts refused because their name is locked, counted in memory and written as
 * one `auth.login_throttled` entry per name and lockout window: a flood of refused
 * attempts costs no write each (an fsync apiece), and the trail still says how many came.
 * A count is written when its window has ended (at the name's next attempt, by the
 * periodic sweep, or at close) or when an admin unlocks the name.
 */
export class ThrottleLog {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly d: ServiceDeps) {}

  count(username: string, lockedUntil: string, nowMs: number): void {
    const open = this.pending.get(username);
    if (open && open.lockedUntil !== lockedUntil) this.flush(username, { force: true });
    const at = iso(nowMs);
    const entry = this.pending.get(username) ?? { lockedUntil, attempts: 0, first: at, last: at };
    entry.attempts++;
    entry.last = at;
    this.pending.set(username, entry);
  }

  /**
   * Writes `username`'s count if its window has ended, or now with `force`. Inside the
   * caller's transaction the count is kept until the caller calls forget() after commit.
   */
  flush(username: string, opts: { force?: boolean } = {}): void {
    const entry = this.pending.get(username);
    if (!entry) return;
    if (!opts.force && Date.parse(entry.lockedUntil) > this.d.clock()) return;
    const nested = this.d.sqlite.inTransaction;
    this.d.tx(() =>
      this.d.events.append({
        at: iso(this.d.clock()),
        actor: null,
        type: 'auth.login_throttled',
        entity: 'auth',
        entityId: username,
        before: null,
        after: { username, attempts: entry.attempts, first: entry.first, last: entry.last, lockedUntil: entry.lockedUntil },
      }),
    );
    if (!nested) this.pending.delete(username);
  }

  forget(username: string): void {
    this.pending.delete(username);
  }

  /** Writes every count whose window has ended (every count with `all`, at close). */
  flushEnded(all = false): void {
    for (const username of [...this.pending.keys()]) this.flush(username, { force: all });
  }
}
