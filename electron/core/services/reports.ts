import type { Output, ParsedInput, SalesFigures, SessionReport, ZReport } from '../../../shared/contract';
import { everyRegister } from '../../../shared/contract/registers';
import { expectedCash, type DrawerFlows } from '../../../shared/domain/cash';
import { StoreFormat } from '../../../shared/domain/format';
import { AppError, errorIssue } from '../../../shared/errors';
import { iso } from '../clock';
import { newId } from '../ids';
import { dashboardFigures } from './dashboard';
import type { Actor, ServiceDeps } from './deps';
import { GENESIS_HASH, hashHexSql } from './events';
import { documentNumber } from './numbering';
import { decodeCursor, fromBound, toBound, toPage, Where } from './paging';
import { addFigures, cashiersOf, counterVoids, drawerFlows, movements, noFigures, salesFiguresBy } from './reportFigures';
import type { SettingsService } from './settings';

interface SessionRow {
  id: string;
  registerId: string;
  status: 'OPEN' | 'CLOSED';
  openingFloat: number;
  openedAt: string;
  openedByName: string;
  expectedCash: number | null;
  countedCash: number | null;
  variance: number | null;
  note: string | null;
  approvedByName: string | null;
  closedAt: string | null;
  closedByName: string | null;
  registerCode: string;
  registerName: string;
  grandTotal: number;
}

interface ZRow {
  id: string;
  registerId: string;
  seq: number;
  number: string;
  body: string;
  chainHead: string;
  createdAt: string;
}

/**
 * A sealed Z's body as the contract reads it today. Z reports sealed before returns existed
 * hold no credit note, voucher or cashier return figures, and those sealed before discounts
 * existed no discount figures: those are zero, as they were.
 */
export function sealedBody(body: string): SessionReport {
  const sealed = JSON.parse(body) as SessionReport;
  const none = noFigures();
  const returns = (f: Partial<SalesFigures>) => ({
    creditNotes: f.creditNotes ?? none.creditNotes,
    creditNoteTaxRates: f.creditNoteTaxRates ?? none.creditNoteTaxRates,
    vouchers: f.vouchers ?? none.vouchers,
    discounts: f.discounts ?? none.discounts,
  });
  return { ...sealed, ...returns(sealed), cashiers: sealed.cashiers.map((c) => ({ ...c, ...returns(c) })) };
}

const Z_SUMMARY = `z.id AS id, z.number AS number, z.seq AS seq, z.register_id AS registerId, json_extract(z.body, '$.registerCode') AS registerCode,
  z.session_id AS sessionId, json_extract(z.body, '$.openedAt') AS openedAt, json_extract(z.body, '$.closedAt') AS closedAt,
  json_extract(z.body, '$.closedByName') AS closedByName, json_extract(z.body, '$.sales.gross') AS sales, z.net_sales AS netSales,
  json_extract(z.body, '$.variance') AS variance, z.grand_total AS grandTotal`;

/** X and Z reports, the day summary and the dashboard: every figure from the same queries (reportFigures.ts). */
export class ReportService {
  constructor(
    private readonly d: ServiceDeps,
    private readonly settings: SettingsService,
  ) {}

  private session(sessionId: string, path = 'sessionId'): SessionRow {
    const row = this.d
      .stmt(
        `SELECT s.id AS id, s.register_id AS registerId, s.status AS status, s.opening_float AS openingFloat, s.opened_at AS openedAt,
                o.display_name AS openedByName, s.expected_cash AS expectedCash, s.counted_cash AS countedCash, s.variance AS variance,
                s.note AS note, a.display_name AS approvedByName, s.closed_at AS closedAt, c.display_name AS closedByName,
                r.code AS registerCode, r.name AS registerName, r.grand_total AS grandTotal
         FROM cash_sessions s JOIN registers r ON r.id = s.register_id JOIN users o ON o.id = s.opened_by
         LEFT JOIN users a ON a.id = s.approved_by LEFT JOIN users c ON c.id = s.closed_by
         WHERE s.id = @sessionId`,
      )
      .get({ sessionId }) as SessionRow | undefined;
    if (!row) throw AppError.of('NOT_FOUND', 'noCashSession', { id: sessionId }, { issues: [errorIssue([path], 'notACashSessionShort')] });
    return row;
  }

  /** A cashier reads the reports of the register their session is bound to only; the back office reads all. */
  private mayRead(actor: Actor, registerId: string): void {
    if ((everyRegister as readonly string[]).includes(actor.role)) return;
    if (actor.registerId === null || actor.registerId !== registerId) {
      throw AppError.of('FORBIDDEN', 'ownRegisterReports', undefined, { reason: 'OTHER_REGISTER' });
    }
  }

  /** What moved through a session's drawer (for shared/domain/cash expectedCash). */
  drawerFlows(sessionId: string): DrawerFlows {
    return drawerFlows(this.d, sessionId, this.session(sessionId).openingFloat);
  }

  /**
   * A session's report as it stands (X), or as it is sealed at the close (the expected,
   * counted and variance of the closed row). `blind` hides expected and variance.
   */
  sessionReport(sessionId: string, opts: { blind: boolean }): SessionReport {
    const s = this.session(sessionId);
    // Each cashier's part, read once; the session's figures are their sum.
    const parts = salesFiguresBy(this.d, { sessionId }, 'user');
    const figures = addFigures([...parts.values()]);
    const flows = drawerFlows(this.d, sessionId, s.openingFloat);
    const moved = movements(this.d, sessionId);
    const voids = counterVoids(this.d, sessionId);
    const closed = s.status === 'CLOSED';
    const expected = closed ? s.expectedCash : expectedCash(flows);
    const ids = [...parts.keys()].filter((k): k is string => k !== null);
    const cashiers = cashiersOf(this.d, sessionId, ids).map((c) => ({
      ...c,
      ...(parts.get(c.userId) ?? noFigures()),
      ...counterVoids(this.d, sessionId, c.userId),
      noSales: movements(this.d, sessionId, c.userId).noSale.count,
    }));
    return {
      ...figures,
      sessionId,
      registerId: s.registerId,
      registerCode: s.registerCode,
      registerName: s.registerName,
      currency: this.settings.get().currency,
      openedAt: s.openedAt,
      openedByName: s.openedByName,
      closedAt: s.closedAt,
      closedByName: s.closedByName,
      at: s.closedAt ?? iso(this.d.clock()),
      openingFloat: s.openingFloat,
      cash: { payments: flows.cashPayments, refunds: flows.cashRefunds, payIns: moved.payIn, payOuts: moved.payOut, drops: moved.drop },
      expectedCash: opts.blind ? null : expected,
      countedCash: s.countedCash,
      variance: opts.blind ? null : s.variance,
      note: s.note,
      approvedByName: s.approvedByName,
      noSales: moved.noSale.count,
      ...voids,
      cashiers,
      grandTotal: s.grandTotal + figures.netSales,
    };
  }

  /**
   * Inside the close's transaction, after the session row is CLOSED: seals its Z report (next
   * number of the register, grand total advanced, chain head) and returns its id. Gapless per
   * register: the number is taken in the transaction that writes the Z.
   */
  sealZInTx(sessionId: string, actor: Actor): string {
    const report = this.sessionReport(sessionId, { blind: false });
    if (report.closedAt === null) throw new Error(`cash session ${sessionId} is not closed`);
    const register = this.d
      .stmt('UPDATE registers SET z_seq = z_seq + 1, grand_total = grand_total + @netSales, updated_at = @now WHERE id = @id RETURNING z_seq AS seq, grand_total AS grandTotal')
      .get({ id: report.registerId, netSales: report.netSales, now: report.closedAt }) as { seq: number; grandTotal: number };
    const body: SessionReport = { ...report, grandTotal: register.grandTotal };
    const number = documentNumber('Z', register.seq, report.registerCode);
    const chainHead = (this.d.stmt(`SELECT ${hashHexSql('hash')} AS hash FROM events ORDER BY seq DESC LIMIT 1`).get() as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
    const id = newId();
    this.d
      .stmt(
        `INSERT INTO z_reports (id, register_id, seq, number, session_id, body, net_sales, grand_total, chain_head, created_by, created_at)
         VALUES (@id, @registerId, @seq, @number, @sessionId, @body, @netSales, @grandTotal, @chainHead, @createdBy, @createdAt)`,
      )
      .run({
        id,
        registerId: report.registerId,
        seq: register.seq,
        number,
        sessionId,
        body: JSON.stringify(body),
        netSales: report.netSales,
        grandTotal: register.grandTotal,
        chainHead,
        createdBy: actor.userId,
        createdAt: report.closedAt,
      });
    this.d.events.append({
      at: report.closedAt,
      actor: actor.userId,
      type: 'z_report.sealed',
      entity: 'z_report',
      entityId: id,
      before: null,
      after: { number, registerId: report.registerId, sessionId, netSales: report.netSales, grandTotal: register.grandTotal, chainHead },
    });
    this.d.changed({ event: 'register.changed', data: { id: report.registerId } });
    return id;
  }

  /** An open session's X report; a cashier's is blind while the store counts blind. */
  x(input: ParsedInput<'reports.x'>, actor: Actor): SessionReport {
    const s = this.session(input.sessionId);
    this.mayRead(actor, s.registerId);
    if (s.status !== 'OPEN') {
      throw AppError.of('CONFLICT', 'sessionClosedReadZ', undefined, { reason: 'SESSION_CLOSED' });
    }
    return this.sessionReport(s.id, { blind: actor.role === 'cashier' && this.settings.get().blindCount });
  }

  /** A Z report as it was sealed: never recomputed. */
  z(id: string, actor: Actor): ZReport {
    const row = this.d
      .stmt('SELECT id, register_id AS registerId, seq, number, body, chain_head AS chainHead, created_at AS createdAt FROM z_reports WHERE id = @id')
      .get({ id }) as ZRow | undefined;
    if (!row) throw AppError.of('NOT_FOUND', 'noZReport', { id }, { issues: [errorIssue(['id'], 'notAZReport')] });
    this.mayRead(actor, row.registerId);
    return { ...sealedBody(row.body), id: row.id, number: row.number, seq: row.seq, chainHead: row.chainHead, createdAt: row.createdAt };
  }

  /** Z reports newest first; a cashier's are their register's. */
  zList(input: ParsedInput<'reports.zList'>, actor: Actor): Output<'reports.zList'> {
    let registerId = input.registerId;
    if (!(everyRegister as readonly string[]).includes(actor.role)) {
      // A cashier lists their own register's Z reports; bound to none, they have none (as cashSessions.list).
      if (actor.registerId === null) return { items: [], nextCursor: null };
      this.mayRead(actor, registerId ?? actor.registerId);
      registerId = actor.registerId;
    }
    const after = decodeCursor(input.cursor, ['string', 'number'] as const);
    const where = new Where().timeRange('z.created_at', input.from, input.to, this.settings.get().timeZone);
    if (registerId !== undefined) where.add('z.register_id = @registerId', { registerId });
    if (after) where.add('(z.created_at, z.rowid) < (@afterAt, @afterRow)', { afterAt: after[0], afterRow: after[1] });
    const rows = this.d
      .stmt(`SELECT z.rowid AS "rowid", ${Z_SUMMARY} FROM z_reports z ${where.sql()} ORDER BY z.created_at DESC, z.rowid DESC LIMIT @limit`)
      .all({ ...where.params, limit: input.limit + 1 }) as (Output<'reports.zList'>['items'][number] & { rowid: number })[];
    return toPage(rows, input.limit, ({ rowid: _rowid, ...z }) => z, (r) => [r.closedAt, r.rowid]);
  }

  /** A store day's figures (default today), in total and per register, register-less sales under "No register". */
  daySummary(input: ParsedInput<'reports.daySummary'>): Output<'reports.daySummary'> {
    const settings = this.settings.get();
    const date = input.date ?? StoreFormat.of(settings).day(this.d.clock());
    // The day's first instant and the next day's (clamped to the years a stored time can have).
    const from = fromBound(date, settings.timeZone) as string;
    const to = toBound(date, settings.timeZone) as string;
    const registers = this.d.stmt('SELECT id, code, name FROM registers ORDER BY code').all() as { id: string; code: string; name: string }[];
    // One pass over the day, split per register; the day's totals are the registers' added up.
    const parts = salesFiguresBy(this.d, { from, to }, 'register');
    const rows = [
      ...registers.map((r) => ({ registerId: r.id, registerCode: r.code, registerName: r.name, ...(parts.get(r.id) ?? noFigures()) })),
      { registerId: null, registerCode: null, registerName: 'No register', ...(parts.get(null) ?? noFigures()) },
    ];
    return {
      ...addFigures([...parts.values()]),
      date,
      from,
      to,
      currency: settings.currency,
      // Registers with nothing that day are left out; "No register" too.
      registers: rows.filter((r) => r.sales.count > 0 || r.tenders.length > 0 || r.cancellations.count > 0 || r.creditNotes.count > 0 || r.vouchers.issued.count > 0),
    };
  }

  dashboard(): Output<'reports.dashboard'> {
    return dashboardFigures(this.d, this.settings.get());
  }
}
