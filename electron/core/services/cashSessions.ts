import { eq } from 'drizzle-orm';
import type { CashCount, CashMovement, CashSession, Output, ParsedInput } from '../../../shared/contract';
import { cashVariance, countTotal, denominations, expectedCash, varianceNeedsApproval } from '../../../shared/domain/cash';
import { formatMoney } from '../../../shared/domain/currency';
import { StoreFormat, storeDayStart } from '../../../shared/domain/format';
import { AppError } from '../../../shared/errors';
import { iso } from '../clock';
import { cashMovements, cashSessions } from '../db/schema';
import { newId } from '../ids';
import type { AuthService } from './auth';
import type { Actor, ServiceDeps } from './deps';
import { decodeCursor, fromBound, toBound, toPage, Where } from './paging';
import type { RegisterService } from './registers';
import type { ReportService } from './reports';
import { columnsOf } from './rows';
import type { SettingsService } from './settings';

type SessionRow = typeof cashSessions.$inferSelect & {
  registerCode: string;
  registerName: string;
  openedByName: string;
  closedByName: string | null;
  zReportId: string | null;
  zNumber: string | null;
};
type MovementRow = typeof cashMovements.$inferSelect & { createdByName: string };

/** A session with its register, the names of who opened and closed it, and its Z report. */
const SESSION_SELECT = `SELECT s.rowid AS "rowid", ${columnsOf(cashSessions, 's')}, r.code AS "registerCode", r.name AS "registerName",
  ou.display_name AS "openedByName", cu.display_name AS "closedByName", z.id AS "zReportId", z.number AS "zNumber"
  FROM cash_sessions s JOIN registers r ON r.id = s.register_id JOIN users ou ON ou.id = s.opened_by
  LEFT JOIN users cu ON cu.id = s.closed_by LEFT JOIN z_reports z ON z.session_id = s.id`;

const MOVEMENT_SELECT = `SELECT ${columnsOf(cashMovements, 'm')}, u.display_name AS "createdByName"
  FROM cash_movements m JOIN users u ON u.id = m.created_by`;

export interface CashSessionOptions {
  /** After a cash movement commits: open the register's drawer (a no-sale, a pay-in or out, a drop). */
  onDrawerOpen?: (registerId: string) => unknown;
}

/** Cash sessions: a register's drawer from its opening float to its close and Z report. */
export class CashSessionService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly registers: RegisterService,
    private readonly reports: ReportService,
    private readonly settings: SettingsService,
    private readonly auth: Pick<AuthService, 'verifyApproval'>,
    private readonly opts: CashSessionOptions = {},
  ) {}

  /**
   * Inside a transaction that moves money: the open cash session of the actor's register (its
   * id, tied to the payment or refund), null for a session bound to no register; CONFLICT with
   * details.reason NO_CASH_SESSION when the register has none open.
   */
  requireOpenFor(actor: Actor): string | null {
    if (actor.registerId === null) return null;
    const open = this.openFor(actor);
    if (open !== null) return open;
    const register = this.registers.row(actor.registerId);
    throw AppError.of('CONFLICT', 'registerNotOpen', { code: register.code }, { reason: 'NO_CASH_SESSION', registerId: register.id });
  }

  /** The open cash session of the actor's register, or null (no register, or none open): what issuing an invoice records. */
  openFor(actor: Actor): string | null {
    if (actor.registerId === null) return null;
    return this.openIdOf(actor.registerId);
  }

  open(input: ParsedInput<'cashSessions.open'>, actor: Actor): CashSession {
    const register = this.registers.row(input.registerId, 'registerId');
    this.checkOwnRegister(actor, register.id, register.code);
    if (!register.active) throw AppError.rule('registerId', 'registerRetired');
    if (input.count !== undefined) this.checkCount(input.count, input.openingFloat, 'openingFloat');
    const id = this.d.tx(() => {
      this.checkNoneOpen(register.id, register.code);
      const id = newId();
      const now = iso(this.d.clock());
      try {
        this.d.db
          .insert(cashSessions)
          .values({ id, registerId: register.id, status: 'OPEN', openingFloat: input.openingFloat, openingCount: input.count === undefined ? null : JSON.stringify(input.count), openedBy: actor.userId, openedAt: now })
          .run();
      } catch (err) {
        // Another process opened it between the check and the insert: the unique partial index answers.
        if (err instanceof Error && /UNIQUE constraint failed: cash_sessions\.register_id/.test(err.message)) this.checkNoneOpen(register.id, register.code);
        throw err;
      }
      this.d.events.append({
        at: now,
        actor: actor.userId,
        type: 'cash_session.opened',
        entity: 'cash_session',
        entityId: id,
        before: null,
        after: { registerId: register.id, registerCode: register.code, openingFloat: input.openingFloat, count: input.count ?? null },
      });
      this.d.changed({ event: 'cashSession.changed', data: { id, registerId: register.id, status: 'OPEN' } });
      return id;
    });
    return this.view(this.row(id), actor);
  }

  current(input: ParsedInput<'cashSessions.current'>, actor: Actor): Output<'cashSessions.current'> {
    const register = this.registers.row(input.registerId, 'registerId');
    this.checkReads(actor, register.id);
    const id = this.openIdOf(register.id);
    return { session: id === null ? null : this.view(this.row(id), actor) };
  }

  get(id: string, actor: Actor): CashSession {
    const row = this.row(id);
    this.checkReads(actor, row.registerId);
    return this.view(row, actor);
  }

  move(input: ParsedInput<'cashSessions.move'>, actor: Actor): Output<'cashSessions.move'> {
    if (input.kind === 'noSale' ? input.amount !== 0 : input.amount < 1) {
      throw AppError.rule('amount', input.kind === 'noSale' ? 'noSaleZero' : 'moreThanZero');
    }
    const first = this.row(input.sessionId, 'sessionId');
    this.checkOwnRegister(actor, first.registerId, first.registerCode);
    const movementId = this.d.tx(() => {
      const session = this.row(input.sessionId, 'sessionId');
      if (session.status !== 'OPEN') {
        throw AppError.of('CONFLICT', 'sessionClosedReopen', { code: session.registerCode }, { reason: 'NO_CASH_SESSION', registerId: session.registerId });
      }
      if (input.kind === 'payOut' || input.kind === 'drop') {
        const holds = expectedCash(this.reports.drawerFlows(session.id));
        if (input.amount > holds) throw AppError.rule('amount', 'moreThanDrawer');
      }
      const id = newId();
      const now = iso(this.d.clock());
      this.d.db.insert(cashMovements).values({ id, sessionId: session.id, kind: input.kind, amount: input.amount, reason: input.reason, createdBy: actor.userId, createdAt: now }).run();
      this.d.events.append({
        at: now,
        actor: actor.userId,
        type: 'cash_session.moved',
        entity: 'cash_session',
        entityId: session.id,
        before: null,
        after: { movementId: id, registerId: session.registerId, kind: input.kind, amount: input.amount, reason: input.reason },
      });
      this.d.changed({ event: 'cashSession.changed', data: { id: session.id, registerId: session.registerId, status: 'OPEN' } });
      this.d.hooks.beforeCommit?.('cashSessions.move');
      return id;
    });
    this.kickDrawer(first.registerId);
    return { movement: this.movement(movementId), session: this.view(this.row(input.sessionId), actor) };
  }

  movements(input: ParsedInput<'cashSessions.movements'>, actor: Actor): Output<'cashSessions.movements'> {
    const session = this.row(input.sessionId, 'sessionId');
    this.checkReads(actor, session.registerId);
    const rows = this.d.stmt(`${MOVEMENT_SELECT} WHERE m.session_id = ? ORDER BY m.created_at, m.rowid`).all(session.id) as MovementRow[];
    return { items: rows.map(toMovement) };
  }

  /**
   * Counts the drawer against what it should hold and seals the Z report, in one transaction:
   * closed with its Z, or still open. Beyond the store's threshold the variance needs a
   * manager's approval (checked first, outside the transaction: argon2 is slow).
   */
  async close(input: ParsedInput<'cashSessions.close'>, actor: Actor): Promise<Output<'cashSessions.close'>> {
    const first = this.row(input.sessionId, 'sessionId');
    this.checkOwnRegister(actor, first.registerId, first.registerCode);
    this.checkOpen(first);
    if (input.count !== undefined) this.checkCount(input.count, input.countedCash, 'countedCash');
    const threshold = this.settings.get().varianceApprovalAbove;
    const needsApproval = () => {
      const expected = expectedCash(this.reports.drawerFlows(first.id));
      const variance = cashVariance(input.countedCash, expected);
      return varianceNeedsApproval(variance, threshold) ? { variance, expected } : null;
    };
    const required = needsApproval();
    if (required && !input.approval) throw this.approvalRequired(required);
    const approver = input.approval ? await this.auth.verifyApproval(input.approval) : null;
    let zNumber = '';
    const zReportId = this.d.tx(() => {
      const session = this.row(first.id);
      this.checkOpen(session);
      // A sale may have come in while the approval was checked: the figures are taken again.
      const expected = expectedCash(this.reports.drawerFlows(session.id));
      const variance = cashVariance(input.countedCash, expected);
      if (varianceNeedsApproval(variance, threshold) && !approver) throw this.approvalRequired({ variance, expected });
      const now = iso(this.d.clock());
      this.d.db
        .update(cashSessions)
        .set({
          status: 'CLOSED',
          expectedCash: expected,
          countedCash: input.countedCash,
          closingCount: input.count === undefined ? null : JSON.stringify(input.count),
          variance,
          note: input.note ?? null,
          approvedBy: approver?.userId ?? null,
          closedBy: actor.userId,
          closedAt: now,
        })
        .where(eq(cashSessions.id, session.id))
        .run();
      const zId = this.reports.sealZInTx(session.id, actor);
      zNumber = this.row(session.id).zNumber ?? '';
      this.d.events.append({
        at: now,
        actor: actor.userId,
        type: 'cash_session.closed',
        entity: 'cash_session',
        entityId: session.id,
        before: { status: 'OPEN' },
        after: { status: 'CLOSED', registerId: session.registerId, expected, counted: input.countedCash, variance, note: input.note ?? null, approvedBy: approver?.userId ?? null, zReportId: zId, zNumber },
      });
      this.d.changed({ event: 'cashSession.changed', data: { id: session.id, registerId: session.registerId, status: 'CLOSED' } });
      this.d.changed({ event: 'register.changed', data: { id: session.registerId } });
      this.d.hooks.beforeCommit?.('cashSessions.close');
      return zId;
    });
    return { session: this.view(this.row(first.id), actor), zReportId };
  }

  list(input: ParsedInput<'cashSessions.list'>, actor: Actor): Output<'cashSessions.list'> {
    const after = decodeCursor(input.cursor, ['string', 'number'] as const);
    if (input.registerId !== undefined) this.checkReads(actor, input.registerId);
    // A cashier reads their own register's sessions only (none when bound to no register).
    const registerId = actor.role === 'cashier' ? (actor.registerId ?? '') : input.registerId;
    const timeZone = this.settings.get().timeZone;
    const [from, to] = [fromBound(input.from, timeZone), toBound(input.to, timeZone)];
    const where = new Where();
    if (from !== null) where.add('s.opened_at >= @from', { from });
    if (to !== null) where.add('s.opened_at < @to', { to });
    if (registerId !== undefined) where.add('s.register_id = @registerId', { registerId });
    if (input.status !== undefined) where.add('s.status = @status', { status: input.status });
    if (after) where.add('(s.opened_at, s.rowid) < (@afterAt, @afterRow)', { afterAt: after[0], afterRow: after[1] });
    const rows = this.d
      .stmt(`${SESSION_SELECT} ${where.sql()} ORDER BY s.opened_at DESC, s.rowid DESC LIMIT @limit`)
      .all({ ...where.params, limit: input.limit + 1 }) as (SessionRow & { rowid: number })[];
    return toPage(rows, input.limit, (r) => this.view(r, actor), (r) => [r.openedAt, r.rowid]);
  }

  // ---- helpers ----

  private row(id: string, path?: string): SessionRow {
    const row = this.d.stmt(`${SESSION_SELECT} WHERE s.id = ?`).get(id) as SessionRow | undefined;
    if (row) return row;
    if (path !== undefined) throw AppError.rule(path, 'notACashSession');
    throw AppError.of('NOT_FOUND', 'noCashSession', { id });
  }

  private openIdOf(registerId: string): string | null {
    const row = this.d.stmt("SELECT id FROM cash_sessions WHERE register_id = ? AND status = 'OPEN'").get(registerId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  private movement(id: string): CashMovement {
    return toMovement(this.d.stmt(`${MOVEMENT_SELECT} WHERE m.id = ?`).get(id) as MovementRow);
  }

  /** The contract's session: expected cash live while open (hidden from a cashier counting blind), as sealed once closed. */
  private view(r: SessionRow, actor: Actor): CashSession {
    const settings = this.settings.get();
    const open = r.status === 'OPEN';
    const blind = open && settings.blindCount && actor.role === 'cashier';
    const today = storeDayStart(StoreFormat.of(settings).day(this.d.clock()), settings.timeZone);
    return {
      id: r.id,
      registerId: r.registerId,
      registerCode: r.registerCode,
      registerName: r.registerName,
      status: r.status,
      openingFloat: r.openingFloat,
      openingCount: parseCount(r.openingCount),
      openedAt: r.openedAt,
      openedBy: r.openedBy,
      openedByName: r.openedByName,
      expectedCash: blind ? null : open ? expectedCash(this.reports.drawerFlows(r.id)) : r.expectedCash,
      countedCash: r.countedCash,
      closingCount: parseCount(r.closingCount),
      variance: r.variance,
      note: r.note,
      approvedBy: r.approvedBy,
      closedAt: r.closedAt,
      closedBy: r.closedBy,
      closedByName: r.closedByName,
      zReportId: r.zReportId,
      zNumber: r.zNumber,
      openSinceEarlierDay: open && Date.parse(r.openedAt) < today,
    };
  }

  /** A cashier works the register their session is bound to; managers and admins any. */
  private checkOwnRegister(actor: Actor, registerId: string, code: string): void {
    if (actor.role === 'cashier' && actor.registerId !== registerId) {
      throw AppError.of('FORBIDDEN', 'otherRegister', { bound: actor.registerId === null ? 'none' : 'other', code });
    }
  }

  /** Reading: a cashier their own register's sessions; managers, admins and support every register's. */
  private checkReads(actor: Actor, registerId: string): void {
    if (actor.role === 'cashier' && actor.registerId !== registerId) {
      throw AppError.of('FORBIDDEN', 'cashierOwnSessions');
    }
  }

  private checkNoneOpen(registerId: string, code: string): void {
    if (this.openIdOf(registerId) !== null) {
      throw AppError.of('CONFLICT', 'registerAlreadyOpen', { code }, { reason: 'CASH_SESSION_OPEN', registerId });
    }
  }

  private checkOpen(session: SessionRow): void {
    if (session.status !== 'OPEN') {
      throw AppError.of('CONFLICT', 'sessionAlreadyClosed', { code: session.registerCode, hasZ: session.zNumber === null ? 'no' : 'yes', zNumber: session.zNumber ?? '' }, { reason: 'CASH_SESSION_CLOSED', registerId: session.registerId });
    }
  }

  /** A count by denomination: the currency's notes and coins, adding up to the amount given. */
  private checkCount(count: CashCount, amount: number, amountField: string): void {
    const { currency, locale } = this.settings.get();
    const known = new Set(denominations(currency));
    count.forEach((line, i) => {
      if (!known.has(line.denomination)) throw AppError.rule(['count', i, 'denomination'], 'notDenomination', { currency });
    });
    const total = countTotal(count);
    if (total !== amount) {
      throw AppError.rule('count', 'countMismatch', { counted: formatMoney(total, currency, locale), amount: formatMoney(amount, currency, locale), field: amountField });
    }
  }

  private approvalRequired(d: { variance: number; expected: number }): AppError {
    const { currency, locale } = this.settings.get();
    const direction = d.variance < 0 ? 'short' : 'over';
    return AppError.of('FORBIDDEN', 'drawerApproval', { amount: formatMoney(Math.abs(d.variance), currency, locale), direction }, { reason: 'APPROVAL_REQUIRED', ...d });
  }

  /** The drawer-kick hook runs after the commit; a printer that fails never undoes the movement. */
  private kickDrawer(registerId: string): void {
    try {
      const done = this.opts.onDrawerOpen?.(registerId);
      if (done instanceof Promise) done.catch((err: unknown) => this.d.log.warn('could not open the drawer', { registerId, error: String(err) }));
    } catch (err) {
      this.d.log.warn('could not open the drawer', { registerId, error: String(err) });
    }
  }
}

function parseCount(text: string | null): CashCount | null {
  return text === null ? null : (JSON.parse(text) as CashCount);
}

function toMovement(r: MovementRow): CashMovement {
  return { id: r.id, sessionId: r.sessionId, kind: r.kind, amount: r.amount, reason: r.reason, createdBy: r.createdBy, createdByName: r.createdByName, createdAt: r.createdAt };
}
