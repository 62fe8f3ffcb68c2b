/**
 * system.recover is public (the damaged database cannot check a session), so it is throttled
 * like sign-in: the 5th wrong password for a username within 15 minutes locks that username
 * for 15 minutes. Kept in memory: nothing may be written to a damaged database.
 */
import { AppError } from '../../../shared/errors';
import type { Clock } from '../clock';

/** The sign-in limits (auth.ts): 5 failures within 15 minutes lock the name for 15 minutes. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;
const LOCK_MS = 15 * 60_000;

export class RecoverThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** RATE_LIMITED (with the seconds to wait) while `username` is locked. */
  check(username: string): void {
    const now = this.clock();
    const until = this.lockedUntil.get(username);
    if (until === undefined) return;
    if (until <= now) {
      this.lockedUntil.delete(username);
      return;
    }
    const retryAfterSeconds = Math.ceil((until - now) / 1000);
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw AppError.of('RATE_LIMITED', 'tooManyWrongPasswords', { username, minutes }, {
      retryAfterSeconds,
      retryAt: new Date(until).toISOString(),
    });
  }

  failed(username: string): void {
    const now = this.clock();
    const recent = (this.failures.get(username) ?? []).filter((t) => t > now - FAILURE_WINDOW_MS);
    recent.push(now);
    if (recent.length >= MAX_FAILURES) {
      this.lockedUntil.set(username, now + LOCK_MS);
      this.failures.delete(username);
    } else {
      this.failures.set(username, recent);
    }
    // Bounded: an anonymous caller cycling names cannot grow the maps without end.
    if (this.failures.size > 10_000) this.failures.clear();
    if (this.lockedUntil.size > 10_000) for (const [name, until] of this.lockedUntil) if (until <= now) this.lockedUntil.delete(name);
  }

  succeeded(username: string): void {
    this.failures.delete(username);
  }
}
