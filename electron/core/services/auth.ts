import crypto from 'node:crypto';
import { and, count, eq, gt, isNull, max, sql } from 'drizzle-orm';
import type { Approval, Output, ParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { events, loginAttempts, registers, sessions, users as userTable } from '../db/schema';
import type { Actor, ServiceDeps } from './deps';
import { BusyError, hashPassword, verifyPassword } from './passwords';
import { SetupCode } from './setupCode';
import type { Transport } from '../rpc/types';
import { ThrottleLog } from './throttleLog';
import type { SettingsService } from './settings';
import type { ListedUser, UserService } from './users';

export const IDLE_MS = 30 * 60_000;
export const ABSOLUTE_MS = 12 * 60 * 60_000;
/** lastSeen is written at most this often: a write per request would cost an fsync each. */
const TOUCH_EVERY_MS = 60_000;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;
/** How often ended lockout windows get their throttled-attempt count written. */
const THROTTLE_SWEEP_MS = 60_000;
/** How long a sign-in refused for a busy hashing queue waits before its answer. */
const BUSY_PAUSE_MS = 250;


/** How the dispatcher resolves a token: `allowLocked` for the few methods a locked session may still call. */
export interface ResolveOptions {
  allowLocked?: boolean;
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

type SessionOut = Output<'auth.login'>;

export class AuthService {
  private readonly q;
  private readonly attemptsInFlight = new Map<string, Promise<unknown>>();
  /** What auth.setup over HTTP must carry; `tessera serve` sets it while the store has no admin. */
  readonly setupCode = new SetupCode();
  private readonly throttle: ThrottleLog;
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly d: ServiceDeps,
    private readonly users: UserService,
    private readonly settings: SettingsService,
  ) {
    const db = d.db;
    const ph = sql.placeholder;
    this.q = {
      // Every request reads this: the session with what an Actor needs of its user.
      session: db
        .select({
          userId: sessions.userId,
          lastSeenAt: sessions.lastSeenAt,
          absoluteExpiresAt: sessions.absoluteExpiresAt,
          revokedAt: sessions.revokedAt,
          lockedAt: sessions.lockedAt,
          registerId: sessions.registerId,
          username: userTable.username,
          displayName: userTable.displayName,
          role: userTable.role,
          active: userTable.active,
        })
        .from(sessions)
        .innerJoin(userTable, eq(userTable.id, sessions.userId))
        .where(eq(sessions.tokenHash, ph('tokenHash')))
        .prepare(),
      insertSession: db
        .insert(sessions)
        .values({ tokenHash: ph('tokenHash'), userId: ph('userId'), createdAt: ph('now'), lastSeenAt: ph('now'), absoluteExpiresAt: ph('absolute'), registerId: ph('registerId') })
        .prepare(),
      bindRegister: db.update(sessions).set({ registerId: sql`${ph('registerId')}` }).where(eq(sessions.tokenHash, ph('tokenHash'))).prepare(),
      register: db.select({ id: registers.id, active: registers.active }).from(registers).where(eq(registers.id, ph('id'))).prepare(),
      touch: db.update(sessions).set({ lastSeenAt: sql`${ph('now')}` }).where(eq(sessions.tokenHash, ph('tokenHash'))).prepare(),
      revoke: db
        .update(sessions)
        .set({ revokedAt: sql`${ph('now')}` })
        .where(and(eq(sessions.tokenHash, ph('tokenHash')), isNull(sessions.revokedAt)))
        .prepare(),
      lock: db
        .update(sessions)
        .set({ lockedAt: sql`${ph('now')}` })
        .where(and(eq(sessions.tokenHash, ph('tokenHash')), isNull(sessions.revokedAt)))
        .prepare(),
      attempts: db.select().from(loginAttempts).where(eq(loginAttempts.username, ph('username'))).prepare(),
      saveAttempts: db
        .insert(loginAttempts)
        .values({ username: ph('username'), resetSeq: ph('resetSeq'), lockedUntil: ph('lockedUntil') })
        .onConflictDoUpdate({
          target: loginAttempts.username,
          set: { resetSeq: sql.raw(`excluded.${loginAttempts.resetSeq.name}`), lockedUntil: sql.raw(`excluded.${loginAttempts.lockedUntil.name}`) },
        })
        .prepare(),
      recentFailures: db
        .select({ n: count() })
        .from(events)
        .where(and(eq(events.type, 'auth.login_failed'), eq(events.entityId, ph('username')), gt(events.at, ph('since')), gt(events.seq, ph('resetSeq'))))
        .prepare(),
      lastSeq: db.select({ seq: max(events.seq) }).from(events).prepare(),
    };
    this.throttle = new ThrottleLog(d);
    this.sweep = setInterval(() => {
      if (this.d.sqlite.open) this.writeThrottled(false);
      else clearInterval(this.sweep);
    }, THROTTLE_SWEEP_MS);
    this.sweep.unref();
  }

  /** Writes every pending throttled-attempt count and stops the sweep (before the database closes). */
  close(): void {
    clearInterval(this.sweep);
    if (this.d.sqlite.open) this.writeThrottled(true);
  }

  private writeThrottled(all: boolean): void {
    try {
      this.throttle.flushEnded(all);
    } catch (err) {
      this.d.log.warn('could not write throttled sign-in counts', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  status(actor: Actor | null, transport: Transport = 'local'): Output<'auth.status'> {
    const needsSetup = this.users.count() === 0;
    const locked = actor !== null && this.q.session.get({ tokenHash: actor.tokenHash })?.lockedAt != null;
    return {
      needsSetup,
      ...(needsSetup && transport === 'http' ? { needsSetupCode: true } : {}),
      user: actor ? this.users.get(actor.userId) : null,
      registerId: actor?.registerId ?? null,
      ...(locked ? { locked: true } : {}),
      language: this.settings.get().defaultLanguage,
    };
  }

  /** The first admin. Over HTTP only with the setup code: anyone who reaches the port could otherwise claim the store. */
  async setup(input: ParsedInput<'auth.setup'>, transport: Transport = 'local'): Promise<SessionOut> {
    if (this.users.count() > 0) throw AppError.of('CONFLICT', 'alreadySetUp');
    if (transport === 'http') this.setupCode.check(input.setupCode);
    const hash = await hashPassword(input.password);
    const session = this.d.tx(() => {
      if (this.users.count() > 0) throw AppError.of('CONFLICT', 'alreadySetUp');
      const user = this.users.insert({ username: input.username, displayName: input.displayName, role: 'admin' }, hash, null);
      return this.startSession(user.id, 'auth.setup');
    });
    this.setupCode.clear();
    return session;
  }

  /**
   * Attempts for one username run one after another, so parallel guesses cannot all pass
   * the lock check before any failure is counted.
   */
  /** A locked session sent along (the lock screen's password sign-in) ends with the success. */
  login(input: ParsedInput<'auth.login'>, caller: Actor | null = null): Promise<SessionOut> {
    this.checkRegister(input.registerId);
    const locked = caller !== null && this.q.session.get({ tokenHash: caller.tokenHash })?.lockedAt != null;
    return this.queued(input.username, () => this.attempt(input, locked ? caller : null));
  }

  /**
   * auth.pinLogin: a PIN sign-in on a shared terminal (unlock, or switch cashier). The same
   * queue, throttle and lock per username as passwords: a failure of either counts for both.
   */
  pinLogin(input: ParsedInput<'auth.pinLogin'>, caller: Actor | null): Promise<SessionOut> {
    this.checkRegister(input.registerId);
    return this.queued(input.username, () => this.pinAttempt(input, caller));
  }

  private async queued<T>(username: string, run: () => Promise<T>): Promise<T> {
    const previous: Promise<unknown> = this.attemptsInFlight.get(username) ?? Promise.resolve();
    const attempt = previous.catch(() => undefined).then(run);
    this.attemptsInFlight.set(username, attempt);
    try {
      return await attempt;
    } catch (err) {
      // A busy refusal is answered after a short pause (outside the name's queue): a client that
      // retries at once, a flood, then sends a fraction of the requests; the answer still comes well within a second.
      if (err instanceof BusyError) await new Promise((resolve) => setTimeout(resolve, BUSY_PAUSE_MS));
      throw err;
    } finally {
      if (this.attemptsInFlight.get(username) === attempt) this.attemptsInFlight.delete(username);
    }
  }

  /** Throws while `username` is locked (counting the refused attempt); else writes the ended lock's count. */
  private checkThrottle(username: string): void {
    const locked = this.lockedFor(username);
    if (locked) {
      this.throttle.count(username, locked.lockedUntil, this.d.clock());
      throw locked.error;
    }
    // The lock is over: its window's count goes in before this attempt's own entry.
    this.throttle.flush(username, { force: true });
  }

  private async attempt({ username, password, registerId }: ParsedInput<'auth.login'>, caller: Actor | null): Promise<SessionOut> {
    this.checkThrottle(username);
    const row = this.users.rowByUsername(username);
    const ok = await verifyPassword(row?.passwordHash, password);
    // A deactivated account is answered like a wrong password, whatever the password: any
    // other answer would tell a guesser that the password was right. It counts as a failure.
    if (!row || !ok || !row.active) {
      this.recordFailure(username);
      throw AppError.of('UNAUTHENTICATED', 'wrongCredentials');
    }
    return this.succeed(username, row.id, 'auth.login', caller, registerId ?? caller?.registerId ?? null);
  }

  private async pinAttempt({ username, pin, registerId }: ParsedInput<'auth.pinLogin'>, caller: Actor | null): Promise<SessionOut> {
    this.checkThrottle(username);
    const row = this.users.rowByUsername(username);
    // No user, no PIN or a deactivated user: the check still costs one argon2 verify (of the
    // dummy), and the answer is the wrong PIN's, so nothing tells them apart.
    const hash = row?.active ? (row.pinHash ?? undefined) : undefined;
    const ok = await verifyPassword(hash, pin);
    if (!row || !ok || !row.active || hash === undefined) {
      this.recordFailure(username, 'pin');
      throw AppError.of('UNAUTHENTICATED', 'wrongPin');
    }
    return this.succeed(username, row.id, 'auth.pin_login', caller, registerId ?? caller?.registerId ?? null);
  }

  /** A right password or PIN: the failure count restarts, a new session begins, and the one the terminal held ends. */
  private succeed(username: string, userId: string, type: string, caller: Actor | null, registerId: string | null): SessionOut {
    const session = this.d.tx(() => {
      // Another process may have locked the name meanwhile.
      const lockedNow = this.lockedFor(username);
      if (lockedNow) throw lockedNow.error;
      this.q.saveAttempts.run({ username, resetSeq: this.q.lastSeq.get()?.seq ?? 0, lockedUntil: null });
      const started = this.startSession(userId, type, registerId);
      if (caller) {
        const now = iso(this.d.clock());
        this.q.revoke.run({ now, tokenHash: caller.tokenHash });
        this.d.events.append({ at: now, actor: caller.userId, type: 'auth.logout', entity: 'user', entityId: caller.userId, before: null, after: { replacedBy: userId } });
      }
      return started;
    });
    if (caller) this.d.sessions.ended({ reason: 'logout', tokenHash: caller.tokenHash });
    return session;
  }

  /**
   * A manager's approval typed at the till (cashSessions.close over the variance threshold):
   * their PIN or password, checked outside any transaction, through the same queue, throttle
   * and lock per username as sign-in (a failure counts for both, 5 lock the name). Wrong or
   * unknown: FORBIDDEN reason APPROVAL_INVALID; right but not a manager or an admin: FORBIDDEN
   * reason APPROVAL_NOT_MANAGER. No session starts.
   */
  async verifyApproval(approval: Approval): Promise<{ userId: string; username: string; displayName: string }> {
    const byId = 'userId' in approval ? this.userById(approval.userId) : undefined;
    // An unknown id has no name to throttle: it still costs one verify, and reads as a wrong PIN.
    const username = 'username' in approval ? approval.username : (byId?.username ?? null);
    const invalid = () => AppError.of('FORBIDDEN', 'approvalRefused', undefined, { reason: 'APPROVAL_INVALID' });
    if (username === null) {
      await verifyPassword(undefined, 'pin' in approval ? approval.pin : approval.password);
      throw invalid();
    }
    return this.queued(username, async () => {
      this.checkThrottle(username);
      const row = this.users.rowByUsername(username);
      const via = 'pin' in approval ? 'pin' : 'password';
      const hash = row?.active ? ((via === 'pin' ? row.pinHash : row.passwordHash) ?? undefined) : undefined;
      const ok = await verifyPassword(hash, 'pin' in approval ? approval.pin : approval.password);
      if (!row || !ok || hash === undefined || !row.active) {
        this.recordFailure(username, via, { approval: true });
        throw invalid();
      }
      if (row.role !== 'manager' && row.role !== 'admin') {
        throw AppError.of('FORBIDDEN', 'approverNotManager', { name: row.displayName }, { reason: 'APPROVAL_NOT_MANAGER' });
      }
      return { userId: row.id, username: row.username, displayName: row.displayName };
    });
  }

  private userById(id: string): { id: string; username: string } | undefined {
    try {
      return this.users.get(id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    }
  }

  /** While `username` is locked: the RATE_LIMITED error and when the lock ends; else null. */
  private lockedFor(username: string): { error: AppError; lockedUntil: string } | null {
    const now = this.d.clock();
    const lockedUntil = this.q.attempts.get({ username })?.lockedUntil;
    if (!lockedUntil || Date.parse(lockedUntil) <= now) return null;
    const retryAfterMs = Date.parse(lockedUntil) - now;
    const minutes = Math.ceil(retryAfterMs / 60_000);
    return { error: AppError.of('RATE_LIMITED', 'tooManySignIns', { username, minutes }, { retryAfterMs }), lockedUntil };
  }

  /** Writes the throttled-attempt counts of lockout windows that have ended (all of them with `all`). */
  flushThrottled(all = false): void {
    this.throttle.flushEnded(all);
  }

  /**
   * Lifts `userId`'s sign-in lock and clears its failure count: by an admin, or with no
   * actor `via` the command line. The count of throttled attempts so far is written first.
   */
  unlock(userId: string, actor: Actor | null, via?: { by: string; osUser: string | null }): ListedUser {
    const user = this.users.get(userId);
    const result = this.d.tx(() => {
      this.throttle.flush(user.username, { force: true });
      const now = this.d.clock();
      const prev = this.q.attempts.get({ username: user.username });
      const lockedUntil = prev?.lockedUntil && Date.parse(prev.lockedUntil) > now ? prev.lockedUntil : null;
      const failures = this.q.recentFailures.get({ username: user.username, since: iso(now - FAILURE_WINDOW_MS), resetSeq: prev?.resetSeq ?? 0 })?.n ?? 0;
      this.d.events.append({
        at: iso(now),
        actor: actor?.userId ?? null,
        type: 'user.unlocked',
        entity: 'user',
        entityId: user.id,
        before: { username: user.username, lockedUntil, failures },
        after: via ?? null,
      });
      this.q.saveAttempts.run({ username: user.username, resetSeq: this.q.lastSeq.get()?.seq ?? 0, lockedUntil: null });
      this.d.changed({ event: 'user.changed', data: { id: user.id } });
      return { ...user, lockedUntil: null };
    });
    this.throttle.forget(user.username);
    return result;
  }

  /**
   * auth.lock: the session answers only auth.status, sign-in and sign-out until a PIN or
   * password sign-in replaces it; its event streams and download links stop now.
   */
  lock(actor: Actor): void {
    this.d.tx(() => {
      const now = iso(this.d.clock());
      this.q.lock.run({ now, tokenHash: actor.tokenHash });
      this.d.events.append({ at: now, actor: actor.userId, type: 'auth.locked', entity: 'user', entityId: actor.userId, before: null, after: null });
    });
    this.d.sessions.ended({ reason: 'locked', tokenHash: actor.tokenHash });
  }

  logout(actor: Actor): void {
    this.d.tx(() => {
      const now = iso(this.d.clock());
      this.q.revoke.run({ now, tokenHash: actor.tokenHash });
      this.d.events.append({ at: now, actor: actor.userId, type: 'auth.logout', entity: 'user', entityId: actor.userId, before: null, after: null });
    });
    this.d.sessions.ended({ reason: 'logout', tokenHash: actor.tokenHash });
  }

  /** Whether the session `tokenHash` is still good, without counting as activity (an open stream checks it). */
  isLive(tokenHash: string): boolean {
    const row = this.q.session.get({ tokenHash });
    if (!row || row.revokedAt !== null || row.lockedAt !== null || !row.active) return false;
    const now = this.d.clock();
    return now - Date.parse(row.lastSeenAt) <= IDLE_MS && now < Date.parse(row.absoluteExpiresAt);
  }

  /** The caller behind `token`, or UNAUTHENTICATED (LOCKED for a locked session unless allowed). Slides the idle expiry. */
  resolve(token: string | undefined, opts: ResolveOptions = {}): Actor {
    if (!token) throw AppError.of('UNAUTHENTICATED', 'signInFirst');
    return this.resolveHash(hashToken(token), opts);
  }

  /** Like resolve, by the token's hash (what a download ticket keeps of the session that asked for it). */
  resolveHash(tokenHash: string, opts: ResolveOptions = {}): Actor {
    const row = this.q.session.get({ tokenHash });
    const now = this.d.clock();
    if (!row || row.revokedAt !== null || !row.active) throw AppError.of('UNAUTHENTICATED', 'sessionEnded');
    const lastSeen = Date.parse(row.lastSeenAt);
    if (now - lastSeen > IDLE_MS || now >= Date.parse(row.absoluteExpiresAt)) {
      throw AppError.of('UNAUTHENTICATED', 'sessionExpired');
    }
    if (row.lockedAt !== null && !opts.allowLocked) throw AppError.of('LOCKED', 'terminalLocked');
    if (now - lastSeen >= TOUCH_EVERY_MS) this.q.touch.run({ now: iso(now), tokenHash });
    return { userId: row.userId, username: row.username, displayName: row.displayName, role: row.role, tokenHash, registerId: row.registerId };
  }

  /** Like resolve, but null instead of an error (public methods that greet a signed-in user). */
  tryResolve(token: string | undefined, opts: ResolveOptions = {}): Actor | null {
    try {
      return token ? this.resolve(token, opts) : null;
    } catch (err) {
      if (err instanceof AppError) return null;
      throw err;
    }
  }

  /**
   * Binds the caller's session to a register (a terminal choosing its till) or to none. The
   * register must exist and be active.
   */
  useRegister(registerId: string | null, actor: Actor): Output<'auth.useRegister'> {
    this.checkRegister(registerId ?? undefined);
    this.d.tx(() => {
      this.q.bindRegister.run({ registerId, tokenHash: actor.tokenHash });
      this.d.events.append({ at: iso(this.d.clock()), actor: actor.userId, type: 'auth.register_chosen', entity: 'user', entityId: actor.userId, before: { registerId: actor.registerId }, after: { registerId } });
    });
    return { registerId };
  }

  /** A register a session may be bound to: it exists and is active; else VALIDATION naming registerId. */
  private checkRegister(registerId: string | undefined): void {
    if (registerId === undefined) return;
    const row = this.q.register.get({ id: registerId });
    if (!row) throw AppError.rule('registerId', 'notARegister');
    if (!row.active) throw AppError.rule('registerId', 'registerRetired');
  }

  private startSession(userId: string, type: string, registerId: string | null = null): SessionOut {
    const token = crypto.randomBytes(32).toString('base64url');
    const nowMs = this.d.clock();
    const now = iso(nowMs);
    const absolute = nowMs + ABSOLUTE_MS;
    this.q.insertSession.run({ tokenHash: hashToken(token), userId, now, absolute: iso(absolute), registerId });
    this.d.events.append({ at: now, actor: userId, type, entity: 'user', entityId: userId, before: null, after: registerId === null ? null : { registerId } });
    return { token, user: this.users.get(userId), expiresAt: iso(Math.min(nowMs + IDLE_MS, absolute)), registerId };
  }

  /**
   * Records a failure; the 5th within any 15 minutes (since the last success or lock) locks
   * the name for 15 minutes. A live lock is never cleared here.
   */
  private recordFailure(username: string, via: 'password' | 'pin' = 'password', extra: { approval?: true } = {}): void {
    this.d.tx(() => {
      const nowMs = this.d.clock();
      const prev = this.q.attempts.get({ username });
      const resetSeq = prev?.resetSeq ?? 0;
      const failures = (this.q.recentFailures.get({ username, since: iso(nowMs - FAILURE_WINDOW_MS), resetSeq })?.n ?? 0) + 1;
      this.d.events.append({ at: iso(nowMs), actor: null, type: 'auth.login_failed', entity: 'auth', entityId: username, before: null, after: { username, failures, ...(via === 'pin' ? { via } : {}), ...extra } });
      if (failures >= MAX_FAILURES) {
        // The lock starts a new count: failures before it do not count again once it ends.
        this.q.saveAttempts.run({ username, resetSeq: this.q.lastSeq.get()?.seq ?? 0, lockedUntil: iso(nowMs + LOCK_MS) });
      } else if (!prev) {
        this.q.saveAttempts.run({ username, resetSeq: 0, lockedUntil: null });
      }
    });
  }
}
