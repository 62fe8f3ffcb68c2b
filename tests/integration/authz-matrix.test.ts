/**
 * The authorization matrix, generated from the contract table: every method × (admin,
 * manager, cashier, support, no session, an unknown token) over the HTTP host.
 *
 * Two checks:
 * 1. The contract's `access` of every method agrees with an INDEPENDENT transcription of
 *    the roles table written below (not docs/contract.md, which is generated from the contract), so a wrong `access` entry is caught.
 *    Methods the table does not name are listed, and for them only (2) applies.
 * 2. The dispatcher does what `access` says. Each call carries a minimal input that passes
 *    the method's schema (the dispatcher checks the input before the session and the role),
 *    with ids that do not exist where one is needed, so:
 *    - an allowed role never gets FORBIDDEN or UNAUTHENTICATED (NOT_FOUND, VALIDATION from a
 *      business rule, CONFLICT... are fine: the access decision let it through);
 *    - a role not allowed gets FORBIDDEN;
 *    - no session, or an unknown token, gets UNAUTHENTICATED;
 *    - a public method answers the same with or without a session, and never FORBIDDEN.
 *
 * A method added to the contract without an example input below fails the test, so
 * nobody forgets to put it in the matrix.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { allows, contract, roles, type Access, type Role } from '../../shared/contract';
import { errorStatus, type Envelope } from '../../shared/errors';
import { createHttpServer } from '../../electron/server/http';
import { adminInput } from '../support/core';
import { openSalesStore, order, paidOrder, unique, type SalesStore } from '../support/sales';

// ---- The roles table, transcribed by hand (do not derive it from the contract) ----

type Documented = 'public' | readonly Role[];
const ALL: readonly Role[] = ['admin', 'manager', 'cashier', 'support'];
const SELLERS: readonly Role[] = ['admin', 'manager', 'cashier'];
const BACK_OFFICE: readonly Role[] = ['admin', 'manager', 'support'];
const MANAGERS: readonly Role[] = ['admin', 'manager'];

/** Rows of the table. A name ending in `.*` covers its whole domain; an exact name wins over it. */
const rolesTable: [names: string[], access: Documented][] = [
  [['auth.status', 'auth.setup', 'auth.login', 'auth.pinLogin', 'system.health'], 'public'],
  // users.update: everyone sets their own language; the rest is an admin's (the service refuses it, tested in languages.test.ts).
  [['auth.logout', 'auth.me', 'auth.lock', 'users.setPin', 'users.update'], ALL],
  [['users.list'], MANAGERS],
  [['users.*'], ['admin']],
  [['products.list', 'products.get', 'products.findByCode'], ALL],
  [['products.create', 'products.update'], MANAGERS],
  [['taxClasses.list'], ALL],
  [['taxClasses.create', 'taxClasses.update', 'taxClasses.setRate'], MANAGERS],
  [['orders.create', 'orders.update', 'orders.delete', 'orders.transition', 'invoices.generate', 'payments.pay'], SELLERS],
  [['orders.checkout', 'orders.recordVoid'], SELLERS],
  [['orders.get', 'orders.list', 'invoices.get', 'invoices.getByOrder', 'invoices.list', 'invoices.pdf'], ALL],
  // "unpaid orders only" for the cashier: allowed by the role, refused on a paid order (tested below).
  [['orders.cancel'], SELLERS],
  [['payments.list', 'exports.*', 'reports.*'], BACK_OFFICE],
  // The till: a cashier works their own register (the service refuses another one, tested in cash-sessions).
  [['registers.list', 'auth.useRegister'], ALL],
  [['registers.create', 'registers.update'], ['admin']],
  [['cashSessions.open', 'cashSessions.move', 'cashSessions.close'], SELLERS],
  [['cashSessions.current', 'cashSessions.get', 'cashSessions.list', 'cashSessions.movements'], ALL],
  [['reports.x', 'reports.z', 'reports.zList', 'reports.zPdf', 'reports.zLayout', 'reports.zPrint'], ALL],
  [['audit.*', 'system.backup', 'system.copyBackup'], MANAGERS],
  [['system.chooseBackupFolder', 'system.about', 'system.diagnostics'], ['admin']],
  // Returns: whoever sells takes goods back (a cashier past the window or without a receipt with a manager's approval); everyone reads.
  [['returns.create', 'returns.exchange', 'returns.receiptlessPrice', 'vouchers.sell'], SELLERS],
  [['returns.returnable', 'creditNotes.get', 'creditNotes.list', 'creditNotes.pdf', 'vouchers.get'], ALL],
  [['creditNotes.receiptLayout', 'creditNotes.escpos', 'creditNotes.receiptPrint'], SELLERS],
  // The head office: everyone sees the sync state; managers every installation's lag; an admin sets it (desktop).
  [['headOffice.status'], ALL],
  [['headOffice.installations'], MANAGERS],
  [['headOffice.attach', 'headOffice.detach'], ['admin']],
];

function documentedAccess(method: string): Documented | undefined {
  for (const [names, access] of rolesTable) if (names.includes(method)) return access;
  for (const [names, access] of rolesTable) {
    if (names.some((n) => n.endsWith('.*') && method.startsWith(n.slice(0, -1)))) return access;
  }
  return undefined;
}

// ---- an input per method that passes its schema ----

const MISSING = '00000000-0000-7000-8000-000000000000';

/**
 * Minimal valid inputs. Ids point at nothing (allowed roles get NOT_FOUND), and costly or
 * lasting effects are avoided (exports get a date range that ends before it starts, which
 * their service refuses before doing anything). Functions give a fresh input per call.
 */
const examples: Record<string, unknown | (() => unknown)> = {
  'auth.status': {},
  'auth.setup': { username: 'second-admin', displayName: 'Second', password: 'password-1234' },
  'auth.login': { username: 'support1', password: 'support-password-1' },
  'auth.pinLogin': () => ({ username: unique('nobody').toLowerCase(), pin: '0000' }),
  'auth.lock': {},
  'auth.logout': {},
  'auth.me': {},
  'users.list': {},
  'users.create': () => ({ username: unique('matrix').toLowerCase(), displayName: 'Matrix', role: 'support', password: 'password-1234' }),
  'users.update': { language: null },
  'users.setPassword': { id: MISSING, password: 'password-1234' },
  'users.unlock': { id: MISSING },
  'users.setPin': { pin: null },
  'system.health': {},
  // No destination: API callers never name a path (a backup per allowed caller goes into backups/).
  'system.backup': {},
  'system.backups': {},
  'system.restore': { name: 'no-such-backup.db' },
  // Desktop only: over HTTP the allowed roles get CONFLICT, and no dialog opens.
  'system.chooseBackupFolder': {},
  'system.copyBackup': { name: 'no-such-backup.db' },
  'system.recover': { name: 'no-such-backup.db', username: 'admin', password: 'wrong-password' },
  'system.about': {},
  'system.diagnostics': { days: 1 },
  'headOffice.status': {},
  'headOffice.installations': {},
  // This host has no head office to set: the allowed role gets CONFLICT, nothing is kept.
  'headOffice.attach': { url: 'postgres://till:secret@127.0.0.1:1/tessera' },
  'headOffice.detach': {},
  'products.create': () => ({ sku: unique('MATRIX'), name: 'Matrix product', unitPrice: 100 }),
  'products.update': { id: MISSING, name: 'Renamed' },
  'products.get': { id: MISSING },
  'products.findByCode': { code: 'NO-SUCH-CODE' },
  'products.list': {},
  'products.categories': {},
  'taxClasses.list': {},
  'taxClasses.create': () => ({ name: unique('Matrix class'), rateBp: 100 }),
  'taxClasses.update': { id: MISSING, name: 'Renamed' },
  'taxClasses.setRate': { id: MISSING, rateBp: 100, effectiveFrom: '2999-01-01' },
  'orders.create': () => ({ lines: [{ name: 'Matrix item', unitPrice: 100, quantity: 1 }], clientRequestId: unique('matrix-order') }),
  'orders.get': { id: MISSING },
  'orders.list': {},
  'orders.update': { id: MISSING, version: 1, note: 'matrix' },
  'orders.delete': { id: MISSING },
  'orders.cancel': { id: MISSING, reason: 'matrix' },
  'orders.history': { id: MISSING },
  'orders.transition': { id: MISSING, to: 'SHIPPED' },
  'orders.checkout': () => ({ heldOrderId: MISSING, tenders: [{ method: 'card', amount: 100 }], idempotencyKey: unique('matrix-checkout') }),
  'orders.recordVoid': { kind: 'line', lines: [{ productId: MISSING, quantity: 1 }] },
  'invoices.generate': { orderId: MISSING },
  'invoices.get': { id: MISSING },
  'invoices.getByOrder': { orderId: MISSING },
  'invoices.list': {},
  'invoices.pdf': { id: MISSING },
  'payments.pay': () => ({ invoiceId: MISSING, method: 'cash', amount: 100, idempotencyKey: unique('matrix-pay') }),
  'payments.list': {},
  'settings.get': {},
  'settings.update': { invoiceFooter: 'Thank you' },
  'settings.logo': {},
  'receipts.escpos': { invoiceId: MISSING },
  'receipts.layout': { invoiceId: MISSING },
  'receipts.print': { invoiceId: MISSING },
  // A range that ends before it starts: refused by the service (VALIDATION) once the role is allowed, so nothing is written.
  'exports.orders': { format: 'csv', from: '2026-02-01', to: '2026-01-01' },
  'exports.invoices': { format: 'csv', from: '2026-02-01', to: '2026-01-01' },
  'exports.payments': { format: 'csv', from: '2026-02-01', to: '2026-01-01' },
  'exports.cancel': { jobId: 'no-such-job-0001' },
  'exports.reveal': { id: 'no-such-export-1' },
  'exports.download': { id: 'no-such-export-1' },
  'exports.saveAs': { id: 'no-such-export-1' },
  'audit.list': {},
  'audit.types': {},
  'audit.verify': {},
  'reports.daySummary': { date: '2026-06-01' },
  'reports.dashboard': {},
  'reports.x': { sessionId: MISSING },
  'reports.z': { id: MISSING },
  'reports.zList': {},
  'reports.zPdf': { id: MISSING },
  'reports.zLayout': { id: MISSING },
  'reports.zPrint': { id: MISSING },
  'exports.zReports': { format: 'csv', from: '2026-02-01', to: '2026-01-01' },
  'registers.list': {},
  'registers.create': () => ({ code: unique('M'), name: 'Matrix register' }),
  'registers.update': { id: MISSING, name: 'Nobody' },
  // Bound to none, as the shared sessions already are.
  'auth.useRegister': { registerId: null },
  'cashSessions.open': { registerId: MISSING, openingFloat: 0 },
  'cashSessions.current': { registerId: MISSING },
  'cashSessions.get': { id: MISSING },
  'cashSessions.list': {},
  'cashSessions.movements': { sessionId: MISSING },
  'cashSessions.move': { sessionId: MISSING, kind: 'noSale', amount: 0, reason: 'matrix' },
  'cashSessions.close': { sessionId: MISSING, countedCash: 0 },
  'returns.create': () => ({ invoiceId: MISSING, lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'matrix' }], idempotencyKey: unique('matrix-return') }),
  'returns.exchange': () => ({
    invoiceId: MISSING,
    lines: [{ invoiceLineIndex: 0, quantity: 1, reason: 'matrix' }],
    sale: { lines: [{ name: 'Matrix item', unitPrice: 100, quantity: 1 }] },
    idempotencyKey: unique('matrix-exchange'),
  }),
  'returns.returnable': { invoiceId: MISSING },
  'returns.receiptlessPrice': { productId: MISSING },
  'creditNotes.get': { id: MISSING },
  'creditNotes.list': {},
  'creditNotes.pdf': { id: MISSING },
  'creditNotes.receiptLayout': { id: MISSING },
  'creditNotes.escpos': { id: MISSING },
  'creditNotes.receiptPrint': { id: MISSING },
  'exports.creditNotes': { format: 'csv', from: '2026-02-01', to: '2026-01-01' },
  'vouchers.get': { code: 'NO-SUCH-CODE' },
  // A card tender with a tendered amount: refused before anything is written once the role is allowed.
  'vouchers.sell': () => ({ amount: 100, tenders: [{ method: 'card', amount: 100, tendered: 100 }], idempotencyKey: unique('matrix-voucher') }),
};

function exampleFor(method: string): unknown {
  const e = examples[method];
  return typeof e === 'function' ? (e as () => unknown)() : structuredClone(e);
}

// ---- the host ----

type Column = Role | 'no session' | 'unknown token';
const columns: readonly Column[] = [...roles, 'no session', 'unknown token'];
const methods = Object.keys(contract).sort();

let s: SalesStore;
let server: http.Server;
let base = '';
const passwords: Record<Role, string> = {
  admin: adminInput.password,
  manager: 'manager-password-1',
  cashier: 'cashier-password-1',
  support: 'support-password-1',
};
const usernames: Record<Role, string> = { admin: adminInput.username, manager: 'manager1', cashier: 'cashier1', support: 'support1' };

beforeAll(async () => {
  s = await openSalesStore('in-process');
  server = createHttpServer(s.t.core, null);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server?.closeAllConnections();
    server?.close(() => resolve());
  });
  await s?.close();
});

async function call(method: string, input: unknown, token?: string): Promise<{ status: number; body: Envelope<unknown> }> {
  const res = await fetch(`${base}/rpc/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as Envelope<unknown>;
  // Whatever the cell, the status is the table's for the code.
  expect(res.status, `${method}: status for ${JSON.stringify(body).slice(0, 200)}`).toBe(body.ok ? 200 : errorStatus[body.error.code]);
  return { status: res.status, body };
}

/** The token a column calls with. auth.logout and auth.lock get a session of their own, so the shared ones stay valid. */
async function tokenFor(column: Column, method: string): Promise<string | undefined> {
  if (column === 'no session') return undefined;
  if (column === 'unknown token') return 'f'.repeat(64);
  if (method === 'auth.logout' || method === 'auth.lock') return (await s.t.ok('auth.login', { username: usernames[column], password: passwords[column] })).token;
  return s[column];
}

const outcome = (e: Envelope<unknown>) => (e.ok ? 'ok' : e.error.code);
const matrix: Record<string, Record<Column, string>> = {};

// ---- 1: the contract against the roles table ----

describe('the contract’s access agrees with the hand-written roles table', () => {
  test('every method the table names', () => {
    const undocumented: string[] = [];
    const wrong: string[] = [];
    for (const method of methods) {
      const documented = documentedAccess(method);
      const access = contract[method as keyof typeof contract].access as Access;
      if (documented === undefined) {
        undocumented.push(`${method} (${typeof access === 'string' ? access : access.join(', ')})`);
        continue;
      }
      if ((documented === 'public') !== (access === 'public')) wrong.push(`${method}: the table says ${documented === 'public' ? 'public' : 'signed in'}, the contract ${access}`);
      if (documented === 'public') continue;
      for (const role of roles) {
        if (allows(access, role) !== documented.includes(role)) {
          wrong.push(`${method}: the table ${documented.includes(role) ? 'allows' : 'refuses'} ${role}, the contract ${allows(access, role) ? 'allows' : 'refuses'} it`);
        }
      }
    }
    const named = rolesTable.flatMap(([names]) => names).filter((n) => !n.endsWith('.*'));
    const notYet = named.filter((n) => !(n in contract));
    console.log(
      `methods not in the roles table (checked against the dispatcher only): ${undocumented.length ? undocumented.join('; ') : 'none'}` +
        (notYet.length ? `\nmethods the table names that the contract does not have (yet): ${notYet.join(', ')}` : ''),
    );
    expect(wrong).toEqual([]);
  });

  test('every method has an example input that passes its schema', () => {
    const missing = methods.filter((m) => !(m in examples));
    expect(missing, `add an example input for ${missing.join(', ')} to the table in ${import.meta.filename}`).toEqual([]);
    const invalid = methods.flatMap((m) => {
      const r = contract[m as keyof typeof contract].input.safeParse(exampleFor(m));
      return r.success ? [] : [`${m}: ${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`];
    });
    expect(invalid, 'example inputs the schema refuses (every cell would get VALIDATION before the access check)').toEqual([]);
  });
});

// ---- 2: the dispatcher against the access ----

describe.each(methods)('%s', (method) => {
  test('every role, no session and an unknown token get what the access says', async () => {
    if (!(method in examples)) throw new Error(`${method} has no example input in ${import.meta.filename}: add one (see the test above)`);
    const access = contract[method as keyof typeof contract].access as Access;
    const row = {} as Record<Column, string>;
    for (const column of columns) row[column] = outcome((await call(method, exampleFor(method), await tokenFor(column, method))).body);
    matrix[method] = row;

    const problems: string[] = [];
    const expectNot = (column: Column, codes: string[]) => {
      if (codes.includes(row[column])) problems.push(`${column} got ${row[column]}`);
    };
    const expectIs = (column: Column, code: string) => {
      if (row[column] !== code) problems.push(`${column} got ${row[column]}, expected ${code}`);
    };
    if (access === 'public') {
      for (const column of columns) {
        expectNot(column, ['FORBIDDEN']);
        // The answer does not depend on who asks.
        if (row[column] !== row['no session']) problems.push(`${column} got ${row[column]} but no session got ${row['no session']}`);
      }
    } else {
      for (const role of roles) {
        if (allows(access, role)) expectNot(role, ['FORBIDDEN', 'UNAUTHENTICATED']);
        else expectIs(role, 'FORBIDDEN');
      }
      expectIs('no session', 'UNAUTHENTICATED');
      expectIs('unknown token', 'UNAUTHENTICATED');
    }
    expect(problems, `${method} (access ${JSON.stringify(access)}): ${JSON.stringify(row)}`).toEqual([]);
  });
});

describe('the rest of the matrix', () => {
  test('the public sign-in methods answer without a session', async () => {
    expect((await call('auth.status', {})).body).toMatchObject({ ok: true, value: { needsSetup: false, user: null } });
    expect((await call('system.health', {})).body).toMatchObject({ ok: true });
    expect((await call('auth.login', examples['auth.login'])).body).toMatchObject({ ok: true });
    expect((await call('auth.setup', examples['auth.setup'])).body).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  test('orders.cancel: a cashier may cancel an unpaid order, not a paid one; a manager may', async () => {
    const unpaid = await order(s);
    expect((await call('orders.cancel', { id: unpaid.id, reason: 'customer left' }, s.cashier)).body).toMatchObject({ ok: true, value: { status: 'CANCELLED' } });
    const paid = await paidOrder(s);
    expect((await call('orders.cancel', { id: paid.order.id, reason: 'refund' }, s.cashier)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await call('orders.cancel', { id: paid.order.id, reason: 'refund' }, s.support)).body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await call('orders.cancel', { id: paid.order.id, reason: 'refund' }, s.manager)).body).toMatchObject({ ok: true, value: { status: 'CANCELLED' } });
  });

  test('the shared sessions survived the matrix, and its size is printed', async () => {
    for (const role of roles) expect((await call('auth.me', {}, s[role])).body).toMatchObject({ ok: true, value: { role } });
    const done = Object.keys(matrix);
    const cells = done.length * columns.length;
    const width = Math.max(...done.map((m) => m.length));
    const lines = done.map((m) => `${m.padEnd(width)}  ${columns.map((c) => matrix[m]![c].padEnd(16)).join('')}`);
    console.log(
      `authorization matrix: ${done.length} methods × ${columns.length} callers = ${cells} cells\n` +
        `${''.padEnd(width)}  ${columns.map((c) => c.padEnd(16)).join('')}\n${lines.join('\n')}`,
    );
    expect(done.length).toBe(methods.length);
  });
});
