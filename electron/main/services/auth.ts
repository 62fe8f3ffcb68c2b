import crypto from 'node:crypto';
import type { Output, ParsedInput, Role } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import type { Actor, ServiceDeps } from './deps';
import { hashPassword, verifyPassword } from './passwords';
import type { UserService } from './users';

export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 60 * 60_000;
/** lastSeen is written at most this often: a write per request would cost an fsync each. */
const TOUCH_EVERY_MS = 60_000;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

const WRONG_CREDENTIALS = 'Wrong username or password.';

interface SessionRow {
  token_hash: string;
  user_id: string;
  last_seen_at: string;
  absolute_expires_at: string;
  revoked_at: string | null;
  username: string;
  display_name: string;
  role: Role;
  active: number;
}

interface AttemptRow {
  failures: number;
  window_start: string;
  locked_until: string | null;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

type SessionOut = Output<'auth.login'>;

export class AuthService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    private readonly users: UserService,
  ) {
    const s = d.sqlite;
    this.q = {
      session: s.prepare<[string], SessionRow>(
        `SELECT s.*, u.username, u.display_name, u.role, u.active
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      ),
      insertSession: s.prepare(
        `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, absolute_expires_at)
         VALUES (@tokenHash, @userId, @now, @now, @absolute)`,
      ),
      touch: s.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?'),
      revoke: s.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL'),
      attempts: s.prepare<[string], AttemptRow>('SELECT * FROM login_attempts WHERE username = ?'),
      saveAttempts: s.prepare(
        `INSERT INTO login_attempts (username, failures, window_start, locked_until) VALUES (@username, @failures, @windowStart, @lockedUntil)
         ON CONFLICT (username) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
      ),
      clearAttempts: s.prepare('DELETE FROM login_attempts WHERE username = ?'),
    };
  }

  status(actor: Actor | null): Output<'auth.status'> {
    return { needsSetup: this.users.count() === 0, user: actor ? this.users.get(actor.userId) : null };
  }

  async setup(input: ParsedInput<'auth.setup'>): Promise<SessionOut> {
    if (this.users.count() > 0) throw new AppError('CONFLICT', 'This store is already set up; sign in instead.');
    const hash = await hashPassword(input.password);
    return this.d.tx(() => {
      if (this.users.count() > 0) throw new AppError('CONFLICT', 'This store is already set up; sign in instead.');
      const user = this.users.insert({ username: input.username, displayName: input.displayName, role: 'admin' }, hash, null);
      return this.startSession(user.id, 'auth.setup');
    });
  }

  async login(input: ParsedInput<'auth.login'>): Promise<SessionOut> {
    const { username, password } = input;
    const now = this.d.clock();
    const lockedUntil = this.q.attempts.get(username)?.locked_until;
    if (lockedUntil && Date.parse(lockedUntil) > now) {
      const minutes = Math.ceil((Date.parse(lockedUntil) - now) / 60_000);
      this.d.tx(() => this.d.events.append({ at: iso(now), actor: null, type: 'auth.login_throttled', entity: 'auth', entityId: username, before: null, after: { username } }));
      throw new AppError('RATE_LIMITED', `Too many failed sign-ins for ${username}. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
    }
    const row = this.users.rowByUsername(username);
    const ok = await verifyPassword(row?.password_hash, password);
    if (!row || !ok) {
      this.recordFailure(username);
      throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
    }
    if (row.active !== 1) {
      this.recordFailure(username);
      throw new AppError('UNAUTHENTICATED', 'This account is deactivated. Ask an administrator.');
    }
    return this.d.tx(() => {
      this.q.clearAttempts.run(username);
      return this.startSession(row.id, 'auth.login');
    });
  }

  logout(actor: Actor): void {
    this.d.tx(() => {
      const now = iso(this.d.clock());
      this.q.revoke.run(now, actor.tokenHash);
      this.d.events.append({ at: now, actor: actor.userId, type: 'auth.logout', entity: 'user', entityId: actor.userId, before: null, after: null });
    });
  }

  /** The caller behind `token`, or UNAUTHENTICATED. Slides the idle expiry. */
  resolve(token: string | undefined): Actor {
    if (!token) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    const tokenHash = hashToken(token);
    const row = this.q.session.get(tokenHash);
    const now = this.d.clock();
    if (!row || row.revoked_at !== null || row.active !== 1) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again.');
    const lastSeen = Date.parse(row.last_seen_at);
    if (now - lastSeen > IDLE_MS || now >= Date.parse(row.absolute_expires_at)) {
      throw new AppError('UNAUTHENTICATED', 'Your session has expired. Sign in again.');
    }
    if (now - lastSeen >= TOUCH_EVERY_MS) this.q.touch.run(iso(now), tokenHash);
    return { userId: row.user_id, username: row.username, displayName: row.display_name, role: row.role, tokenHash };
  }

  /** Like resolve, but null instead of an error (public methods that greet a signed-in user). */
  tryResolve(token: string | undefined): Actor | null {
    try {
      return token ? this.resolve(token) : null;
    } catch (err) {
      if (err instanceof AppError) return null;
      throw err;
    }
  }

  private startSession(userId: string, type: string): SessionOut {
    const token = crypto.randomBytes(32).toString('base64url');
    const nowMs = this.d.clock();
    const now = iso(nowMs);
    const absolute = nowMs + ABSOLUTE_MS;
    this.q.insertSession.run({ tokenHash: hashToken(token), userId, now, absolute: iso(absolute) });
    this.d.events.append({ at: now, actor: userId, type, entity: 'user', entityId: userId, before: null, after: null });
    return { token, user: this.users.get(userId), expiresAt: iso(Math.min(nowMs + IDLE_MS, absolute)) };
  }

  private recordFailure(username: string): void {
    this.d.tx(() => {
      const nowMs = this.d.clock();
      const prev = this.q.attempts.get(username);
      const fresh = !prev || nowMs - Date.parse(prev.window_start) > FAILURE_WINDOW_MS;
      const failures = fresh ? 1 : prev.failures + 1;
      const windowStart = fresh ? iso(nowMs) : prev.window_start;
      const lockedUntil = failures >= MAX_FAILURES ? iso(nowMs + LOCK_MS) : null;
      this.q.saveAttempts.run({ username, failures: lockedUntil ? 0 : failures, windowStart: lockedUntil ? iso(nowMs) : windowStart, lockedUntil });
      this.d.events.append({ at: iso(nowMs), actor: null, type: 'auth.login_failed', entity: 'auth', entityId: username, before: null, after: { username, failures } });
    });
  }
}

