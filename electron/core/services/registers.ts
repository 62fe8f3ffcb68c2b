import { and, asc, eq, sql } from 'drizzle-orm';
import type { Output, ParsedInput, Register } from '../../../shared/contract';
import { AppError, errorIssue } from '../../../shared/errors';
import { iso } from '../clock';
import { cashSessions, registers } from '../db/schema';
import { newId } from '../ids';
import type { Actor, ServiceDeps } from './deps';
import type { DocumentNumbers } from './numbering';

export type RegisterRow = typeof registers.$inferSelect;

export function toRegister(r: RegisterRow): Register {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    active: r.active,
    printer: r.printerHost === null ? null : { host: r.printerHost, port: r.printerPort ?? 9100 },
    grandTotal: r.grandTotal,
    zCount: r.zSeq,
    createdAt: r.createdAt,
  };
}

/** Registers (tills): registers.list, registers.create, registers.update. */
export class RegisterService {
  private readonly q;

  constructor(
    private readonly d: ServiceDeps,
    private readonly numbers: Pick<DocumentNumbers, 'printed'>,
  ) {
    const db = d.db;
    const ph = sql.placeholder;
    this.q = {
      byId: db.select().from(registers).where(eq(registers.id, ph('id'))).prepare(),
      byCode: db.select().from(registers).where(eq(registers.code, ph('code'))).prepare(),
      all: db.select().from(registers).orderBy(asc(registers.code)).prepare(),
      active: db.select().from(registers).where(eq(registers.active, true)).orderBy(asc(registers.code)).prepare(),
      openSession: db
        .select({ id: cashSessions.id })
        .from(cashSessions)
        .where(and(eq(cashSessions.registerId, ph('id')), eq(cashSessions.status, 'OPEN')))
        .prepare(),
    };
  }

  list(input: ParsedInput<'registers.list'>): Output<'registers.list'> {
    return { items: (input.includeInactive ? this.q.all : this.q.active).all().map(toRegister) };
  }

  get(id: string): Register {
    return toRegister(this.row(id));
  }

  /** The register's row: NOT_FOUND, or with `path` a VALIDATION naming the field that gave the id. */
  row(id: string, path?: string | (string | number)[]): RegisterRow {
    const row = this.q.byId.get({ id });
    if (row) return row;
    if (path !== undefined) throw AppError.rule(path, 'notARegister');
    throw AppError.of('NOT_FOUND', 'noRegister', { id });
  }

  create(input: ParsedInput<'registers.create'>, actor: Actor): Register {
    return this.d.tx(() => {
      this.checkCodeFree(input.code);
      const id = newId();
      const now = iso(this.d.clock());
      this.d.db
        .insert(registers)
        .values({ id, code: input.code, name: input.name, active: true, printerHost: input.printer?.host ?? null, printerPort: input.printer?.port ?? null, createdAt: now, updatedAt: now })
        .run();
      const created = this.get(id);
      this.d.events.append({ at: now, actor: actor.userId, type: 'register.created', entity: 'register', entityId: id, before: null, after: created });
      this.d.changed({ event: 'register.changed', data: { id } });
      return created;
    });
  }

  update(input: ParsedInput<'registers.update'>, actor: Actor): Register {
    return this.d.tx(() => {
      const before = this.row(input.id);
      if (input.code !== undefined && input.code !== before.code) {
        // The code is printed in every Z number of the register: once used, it stays.
        if (before.zSeq > 0) throw AppError.rule('code', 'registerCodePrinted', { count: before.zSeq });
        this.checkCodeFree(input.code);
      }
      if (input.active === false && before.active && this.q.openSession.get({ id: before.id })) {
        throw AppError.of('CONFLICT', 'registerHasOpenSession', { code: before.code }, { reason: 'CASH_SESSION_OPEN', registerId: before.id });
      }
      const now = iso(this.d.clock());
      const printer = input.printer === undefined ? {} : { printerHost: input.printer?.host ?? null, printerPort: input.printer?.port ?? null };
      this.d.db
        .update(registers)
        .set({ code: input.code ?? before.code, name: input.name ?? before.name, active: input.active ?? before.active, ...printer, updatedAt: now })
        .where(eq(registers.id, before.id))
        .run();
      const after = this.get(before.id);
      this.d.events.append({ at: now, actor: actor.userId, type: 'register.updated', entity: 'register', entityId: before.id, before: toRegister(before), after });
      this.d.changed({ event: 'register.changed', data: { id: before.id } });
      return after;
    });
  }

  /** Every register's code here. */
  codes(): string[] {
    return (this.d.stmt('SELECT code FROM registers').all() as { code: string }[]).map((r) => r.code);
  }

  /**
   * The head office's doing (no user's): the register with code `from` takes `to`, when it has
   * printed nothing with `from` (no Z report, no document) and `to` is free here. In the
   * caller's transaction. False when it may not.
   */
  adoptCode(from: string, to: string): boolean {
    const before = this.q.byCode.get({ code: from });
    if (!before || before.zSeq > 0 || this.numbers.printed(from) || this.q.byCode.get({ code: to }) || this.numbers.printed(to)) return false;
    const now = iso(this.d.clock());
    this.d.db.update(registers).set({ code: to, updatedAt: now }).where(eq(registers.id, before.id)).run();
    this.d.events.append({ at: now, actor: null, type: 'register.updated', entity: 'register', entityId: before.id, before: toRegister(before), after: this.get(before.id) });
    this.d.changed({ event: 'register.changed', data: { id: before.id } });
    return true;
  }

  private checkCodeFree(code: string): void {
    const owner = this.q.byCode.get({ code });
    if (owner) throw AppError.of('CONFLICT', 'registerCodeTaken', { code, name: owner.name }, { issues: [errorIssue(['code'], 'isTaken')] });
    // A code a register left behind stays with the numbers it printed.
    if (this.numbers.printed(code)) throw AppError.of('CONFLICT', 'registerCodeOnDocuments', { code }, { issues: [errorIssue(['code'], 'isTaken')] });
  }
}
