import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm';
import type { ListedUser, ParsedInput, Role, User } from '../../../shared/contract';
import { AppError, errorIssue } from '../../../shared/errors';
import { iso } from '../clock';
import { loginAttempts, sessions, users } from '../db/schema';
import { newId } from '../ids';
import type { Actor, ServiceDeps } from './deps';
import { hashPassword } from './passwords';

export type UserRow = typeof users.$inferSelect;

export type { ListedUser };

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    active: row.active,
    hasPin: row.pinHash !== null,
    language: row.language,
    createdAt: row.createdAt,
  };
}

export class UserService {
  private readonly q;

  constructor(private readonly d: ServiceDeps) {
    const db = d.db;
    this.q = {
      count: db.select({ n: count() }).from(users).prepare(),
      byId: db.select().from(users).where(eq(users.id, sql.placeholder('id'))).prepare(),
      byUsername: db.select().from(users).where(eq(users.username, sql.placeholder('username'))).prepare(),
      all: db
        .select({ user: users, lockedUntil: loginAttempts.lockedUntil })
        .from(users)
        .leftJoin(loginAttempts, eq(loginAttempts.username, users.username))
        .orderBy(asc(users.username))
        .prepare(),
      activeAdmins: db.select({ n: count() }).from(users).where(and(eq(users.role, 'admin'), eq(users.active, true))).prepare(),
      revokeSessions: db
        .update(sessions)
        .set({ revokedAt: sql`${sql.placeholder('now')}` })
        .where(and(eq(sessions.userId, sql.placeholder('userId')), isNull(sessions.revokedAt), ne(sessions.tokenHash, sql.placeholder('keep'))))
        .prepare(),
    };
  }

  count(): number {
    return this.q.count.get()?.n ?? 0;
  }

  rowByUsername(username: string): UserRow | undefined {
    return this.q.byUsername.get({ username });
  }

  get(id: string): User {
    const row = this.q.byId.get({ id });
    if (!row) throw AppError.of('NOT_FOUND', 'noUser', { id });
    return toUser(row);
  }

  /** Every user, with the end of their sign-in lock while one holds. */
  list(): ListedUser[] {
    const now = this.d.clock();
    return this.q.all.all().map(({ user, lockedUntil }) => ({
      ...toUser(user),
      lockedUntil: lockedUntil !== null && Date.parse(lockedUntil) > now ? lockedUntil : null,
    }));
  }

  /** Inserts a user inside the caller's transaction (also used by first-run setup). */
  insert(input: { username: string; displayName: string; role: Role }, passwordHash: string, actor: string | null): User {
    if (this.q.byUsername.get({ username: input.username })) {
      throw AppError.of('CONFLICT', 'usernameTaken', { username: input.username }, {
        issues: [errorIssue(['username'], 'isTaken')],
      });
    }
    const now = iso(this.d.clock());
    const id = newId();
    this.d.db.insert(users).values({ id, ...input, active: true, passwordHash, createdAt: now, updatedAt: now }).run();
    const user = this.get(id);
    this.d.events.append({ at: now, actor: actor ?? id, type: 'user.created', entity: 'user', entityId: id, before: null, after: user });
    this.d.changed({ event: 'user.changed', data: { id } });
    return user;
  }

  async create(input: ParsedInput<'users.create'>, actor: Actor): Promise<User> {
    const hash = await hashPassword(input.password);
    return this.d.tx(() => this.insert(input, hash, actor.userId));
  }

  update(input: ParsedInput<'users.update'>, actor: Actor): User {
    const id = input.id ?? actor.userId;
    // Anyone sets their own language; everything else about a user is an admin's.
    const adminOnly = input.displayName !== undefined || input.role !== undefined || input.active !== undefined;
    if (actor.role !== 'admin' && (adminOnly || id !== actor.userId)) throw AppError.of('FORBIDDEN', 'adminOnlyUserChange');
    let ended = null as 'deactivated' | 'role-changed' | null;
    const updated = this.d.tx(() => {
      const before = this.get(id);
      const after: User = {
        ...before,
        displayName: input.displayName ?? before.displayName,
        role: input.role ?? before.role,
        active: input.active ?? before.active,
        language: input.language === undefined ? before.language : input.language,
      };
      if (id === actor.userId && !after.active) throw AppError.rule('active', 'cannotDeactivateSelf');
      const losesAdmin = before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active);
      if (losesAdmin && (this.q.activeAdmins.get()?.n ?? 0) <= 1) {
        throw AppError.rule(input.role !== undefined ? 'role' : 'active', 'keepOneAdmin');
      }
      const now = iso(this.d.clock());
      this.d.db
        .update(users)
        // A deactivated user keeps no PIN: reactivating them must not bring an old one back.
        .set({ displayName: after.displayName, role: after.role, active: after.active, language: after.language, ...(after.active ? {} : { pinHash: null }), updatedAt: now })
        .where(eq(users.id, id))
        .run();
      if (!after.active || after.role !== before.role) {
        // Deactivation and role changes end the user's sessions: new rights need a new sign-in.
        this.q.revokeSessions.run({ now, userId: id, keep: actor.tokenHash });
        ended = after.active ? 'role-changed' : 'deactivated';
      }
      this.d.events.append({ at: now, actor: actor.userId, type: 'user.updated', entity: 'user', entityId: id, before, after });
      this.d.changed({ event: 'user.changed', data: { id } });
      return after;
    });
    // Told once committed: what was open on those sessions' behalf closes now.
    if (ended) this.d.sessions.ended({ reason: ended, userId: id, keepTokenHash: actor.tokenHash });
    return updated;
  }

  async setPassword(input: ParsedInput<'users.setPassword'>, actor: Actor): Promise<void> {
    this.get(input.id);
    const hash = await hashPassword(input.password);
    this.d.tx(() => {
      const now = iso(this.d.clock());
      this.d.db.update(users).set({ passwordHash: hash, updatedAt: now }).where(eq(users.id, input.id)).run();
      this.q.revokeSessions.run({ now, userId: input.id, keep: actor.tokenHash });
      this.d.events.append({ at: now, actor: actor.userId, type: 'user.password_reset', entity: 'user', entityId: input.id, before: null, after: null });
    });
    this.d.sessions.ended({ reason: 'password-reset', userId: input.id, keepTokenHash: actor.tokenHash });
  }

  /**
   * users.setPin: your own PIN, or an admin sets anyone's; null removes it. Hashed like a
   * password (argon2id, the same bounded queue); the audit event says only that it changed.
   */
  async setPin(input: ParsedInput<'users.setPin'>, actor: Actor): Promise<User> {
    const userId = input.userId ?? actor.userId;
    if (userId !== actor.userId && actor.role !== 'admin') throw AppError.of('FORBIDDEN', 'adminOnlyOthersPin');
    const target = this.get(userId);
    if (input.pin !== null && !target.active) throw AppError.rule('userId', 'isDeactivated');
    const hash = input.pin === null ? null : await hashPassword(input.pin);
    return this.d.tx(() => {
      const now = iso(this.d.clock());
      this.d.db.update(users).set({ pinHash: hash, updatedAt: now }).where(eq(users.id, userId)).run();
      this.d.events.append({
        at: now,
        actor: actor.userId,
        type: hash === null ? 'user.pin_removed' : 'user.pin_set',
        entity: 'user',
        entityId: userId,
        before: { hasPin: target.hasPin },
        after: { hasPin: hash !== null },
      });
      this.d.changed({ event: 'user.changed', data: { id: userId } });
      return this.get(userId);
    });
  }
}
