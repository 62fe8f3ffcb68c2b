import type { ListedUser, ParsedInput, Role, User } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { newId } from '../ids';
import type { Actor, ServiceDeps } from './deps';
import { hashPassword } from './passwords';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  active: number;
  password_hash: string;
  created_at: string;
}

export type { ListedUser };

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

export class UserService {
  private readonly q;

  constructor(private readonly d: ServiceDeps) {
    const s = d.sqlite;
    this.q = {
      count: s.prepare<[], { n: number }>('SELECT count(*) AS n FROM users'),
      byId: s.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      byUsername: s.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?'),
      all: s.prepare<[], UserRow & { locked_until: string | null }>(
        'SELECT u.*, a.locked_until FROM users u LEFT JOIN login_attempts a ON a.username = u.username ORDER BY u.username',
      ),
      activeAdmins: s.prepare<[], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND active = 1"),
      insert: s.prepare(
        `INSERT INTO users (id, username, display_name, role, active, password_hash, created_at, updated_at)
         VALUES (@id, @username, @displayName, @role, 1, @passwordHash, @now, @now)`,
      ),
      update: s.prepare(
        'UPDATE users SET display_name = @displayName, role = @role, active = @active, updated_at = @now WHERE id = @id',
      ),
      setHash: s.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?'),
      revokeSessions: s.prepare(
        'UPDATE sessions SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL AND token_hash != @keep',
      ),
    };
  }

  count(): number {
    return this.q.count.get()?.n ?? 0;
  }

  rowByUsername(username: string): UserRow | undefined {
    return this.q.byUsername.get(username);
  }

  get(id: string): User {
    const row = this.q.byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', `No user with id ${id}.`);
    return toUser(row);
  }

  /** Every user, with the end of their sign-in lock while one holds. */
  list(): ListedUser[] {
    const now = this.d.clock();
    return this.q.all.all().map((row) => ({
      ...toUser(row),
      lockedUntil: row.locked_until !== null && Date.parse(row.locked_until) > now ? row.locked_until : null,
    }));
  }

  /** Inserts a user inside the caller's transaction (also used by first-run setup). */
  insert(input: { username: string; displayName: string; role: Role }, passwordHash: string, actor: string | null): User {
    if (this.q.byUsername.get(input.username)) {
      throw new AppError('CONFLICT', `The username ${input.username} is taken.`, {
        issues: [{ path: ['username'], message: 'is taken' }],
      });
    }
    const now = iso(this.d.clock());
    const id = newId();
    this.q.insert.run({ id, ...input, passwordHash, now });
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
    let ended = null as 'deactivated' | 'role-changed' | null;
    const updated = this.d.tx(() => {
      const before = this.get(input.id);
      const after: User = {
        ...before,
        displayName: input.displayName ?? before.displayName,
        role: input.role ?? before.role,
        active: input.active ?? before.active,
      };
      if (input.id === actor.userId && !after.active) throw AppError.field('active', 'you cannot deactivate yourself');
      const losesAdmin = before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active);
      if (losesAdmin && (this.q.activeAdmins.get()?.n ?? 0) <= 1) {
        throw AppError.field(input.role !== undefined ? 'role' : 'active', 'the store must keep at least one active admin');
      }
      const now = iso(this.d.clock());
      this.q.update.run({ id: input.id, displayName: after.displayName, role: after.role, active: after.active ? 1 : 0, now });
      if (!after.active || after.role !== before.role) {
        // Deactivation and role changes end the user's sessions: new rights need a new sign-in.
        this.q.revokeSessions.run({ now, userId: input.id, keep: actor.tokenHash });
        ended = after.active ? 'role-changed' : 'deactivated';
      }
      this.d.events.append({ at: now, actor: actor.userId, type: 'user.updated', entity: 'user', entityId: input.id, before, after });
      this.d.changed({ event: 'user.changed', data: { id: input.id } });
      return after;
    });
    // Told once committed: what was open on those sessions' behalf closes now.
    if (ended) this.d.sessions.ended({ reason: ended, userId: input.id, keepTokenHash: actor.tokenHash });
    return updated;
  }

  async setPassword(input: ParsedInput<'users.setPassword'>, actor: Actor): Promise<void> {
    this.get(input.id);
    const hash = await hashPassword(input.password);
    this.d.tx(() => {
      const now = iso(this.d.clock());
      this.q.setHash.run(hash, now, input.id);
      this.q.revokeSessions.run({ now, userId: input.id, keep: actor.tokenHash });
      this.d.events.append({ at: now, actor: actor.userId, type: 'user.password_reset', entity: 'user', entityId: input.id, before: null, after: null });
    });
    this.d.sessions.ended({ reason: 'password-reset', userId: input.id, keepTokenHash: actor.tokenHash });
  }
}
