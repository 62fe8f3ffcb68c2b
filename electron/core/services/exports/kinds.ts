/**
 * What each export contains: the SQL that selects its rows (one query, streamed),
 * the columns of the CSV and XLSX files, and the JSON object of each NDJSON line
 * (built by SQLite's json_object, with the contract's field names and money in
 * minor units). A CSV row comes as one text, its columns' values joined by SQLite's
 * concat (see FIELD_SEPARATOR). Runs in the export worker; no Node-only imports
 * beyond the paging bounds.
 */
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import type { Invoice, Order, OrderLine, Payment, ZReport } from '../../../../shared/contract';
import type { CreditNoteLine } from '../../../../shared/contract/returns';
import type { ExportFileKind, ExportFormat } from '../../../../shared/contract/exports';
import { owingNothing } from '../../../../shared/domain/invoiceStatus';
import { transitions } from '../../../../shared/domain/orderStatus';
import { cashSessions, creditNotes, invoices, orderLines, orders, payments, registers, users, zReports } from '../../db/schema';
import { fromBound, toBound, type SqlParams } from '../paging';

/**
 * text: free text from users (neutralised against formula injection);
 * code: ids, states, numbers we make (never neutralised);
 * int, money (minor units in the row; major units in the file), time (ISO UTC),
 * currency: the ISO code the row's money columns are in.
 */
export type ColumnType = 'text' | 'code' | 'int' | 'money' | 'time' | 'currency';

export interface Column {
  /** The machine name: the CSV header and the key of the row's value. */
  header: string;
  /** XLSX only: the header row's label in the document language (see xlsxLabels); the name when absent. */
  label?: string;
  sql: string;
  type: ColumnType;
  /** XLSX column width in characters. */
  width: number;
}

/** What the worker is asked to write (the parsed filters of the call). */
export interface ExportSpec {
  kind: ExportFileKind;
  format: ExportFormat;
  granularity: 'order' | 'line';
  bom: boolean;
  from?: string;
  to?: string;
  /** The store's time zone: a date in `from`/`to` is a store day. */
  timeZone?: string;
  status?: string[];
  method?: string[];
  paymentKind?: 'payment' | 'refund';
  /** Z reports of one register. */
  registerId?: string;
  /** Credit notes of these kinds. */
  creditNoteKind?: string[];
}

export interface ExportQuery {
  /**
   * Selects the rows: the columns in order (XLSX); one JSON text per row (NDJSON); one text
   * per row (CSV): the columns' values as text (NULL as ''), then the row's key, each followed
   * by FIELD_SEPARATOR but the key.
   */
  sql: string;
  /** Counts the rows the query will return (same filters). */
  countSql: string;
  params: SqlParams;
  columns: Column[];
  /**
   * CSV: the columns' values as text (NULL as '') of the row with the given key, for the rare
   * row whose text holds the separator itself (and so cannot be split).
   */
  rowByKeySql: string | null;
  /** Completes a row of the query in place (CSV, XLSX): fields of JSON columns, user names. */
  fill: ((row: unknown[]) => void) | null;
  /** The columns fill sets (their values are not the query's). */
  filled: number[];
  /** The sheet name (XLSX). */
  title: string;
}

/**
 * Separates the columns of a CSV row's text. One text per row costs far less than one
 * value per column (the driver builds a JS array per row, element by element), and the
 * CSV writer copies the values out of it. The app's text fields cannot hold control
 * characters, so a row whose text has more separators than columns is rare; it is read
 * again column by column (rowByKeySql).
 */
export const FIELD_SEPARATOR = '\u001f';

/** Small tables the worker reads once instead of joining them into every row. */
export interface Lookups {
  usernames: ReadonlyMap<string, string>;
}

type Refs<T extends Table> = { readonly [K in keyof T['_']['columns']]: string };

/**
 * `alias.column_name` of every column of `table`, by its schema key: a renamed or removed
 * column is a compile error here, not a silent miss in the SQL.
 */
function refs<T extends Table>(alias: string, table: T): Refs<T> {
  return Object.fromEntries(Object.entries(getTableColumns(table)).map(([key, c]) => [key, `${alias}.${c.name}`])) as Refs<T>;
}

/**
 * Compile-time: every column of a table is a field of the contract's object (same name)
 * or named as left out, so a column added to the schema is a compile error until placed.
 */
type Placed<T extends Table, Fields, LeftOut extends string> =
  Exclude<keyof T['_']['columns'], keyof Fields | LeftOut> extends never ? true : Exclude<keyof T['_']['columns'], keyof Fields | LeftOut>;

const o = refs('o', orders);
const l = refs('l', orderLines);
const i = refs('i', invoices);
const p = refs('p', payments);
const z = refs('z', zReports);
const c = refs('c', creditNotes);
const ordersTable = `${getTableName(orders)} o`;
const linesTable = `${getTableName(orderLines)} l`;
const invoicesTable = `${getTableName(invoices)} i`;
const paymentsTable = `${getTableName(payments)} p`;
const zReportsTable = `${getTableName(zReports)} z`;
const creditNotesTable = `${getTableName(creditNotes)} c`;

const placed: [
  Placed<typeof orders, Order, 'customerName' | 'clientRequestId'>,
  Placed<typeof orderLines, OrderLine, 'orderId' | 'position'>,
  Placed<typeof invoices, Invoice, 'seq' | 'customerName' | 'issuedBy' | 'cashSessionId' | 'cancelSessionId'>,
  Placed<typeof payments, Payment, 'idempotencyKey' | 'requestHash'>,
  Placed<typeof zReports, ZReport, 'body' | 'createdBy'>,
] = [true, true, true, true, true];
void placed;

/** What is still owed: shared/domain's balanceOf, as SQL built from the same list of states. */
export const BALANCE = `CASE WHEN ${i.status} IN (${owingNothing.map((s) => `'${s}'`).join(', ')}) THEN 0 ELSE ${i.total} - ${i.amountPaid} - ${i.cashRounding} END`;

/** What an order's invoice has been paid (the order keeps no amount of its own). */
const ORDER_PAID = `coalesce(${i.amountPaid}, 0)`;

type Spec = ColumnType | [ColumnType, number];
const WIDTH: Record<ColumnType, number> = { text: 24, code: 14, int: 10, money: 14, time: 20, currency: 9 };

/** Columns headed by their key, each `key: [sql, type or [type, width]]`. */
function columns(specs: Record<string, [string, Spec]>): Column[] {
  return Object.entries(specs).map(([header, [sql, spec]]) => {
    const [type, width] = typeof spec === 'string' ? [spec, WIDTH[spec]] : spec;
    return { header, sql, type, width };
  });
}

/** The same columns of one table alias, headed by their schema key (the contract's field name). */
function same<R extends Record<string, string>>(r: R, specs: Partial<Record<keyof R & string, Spec>>): Record<string, [string, Spec]> {
  return Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, [r[key]!, spec!]]));
}

const amounts = { subtotal: 'money', tax: 'money', total: 'money' } as const;

/** A field of a discount's JSON (an order's, a line's or an invoice's). */
const discountField = (json: string, key: 'kind' | 'value' | 'reason') => `json_extract(${json}, '$.${key}')`;

/**
 * A discount as given, in three columns: a percentage (as typed: 12.5), or an amount (money),
 * and its reason; what it took off is in the figures beside them.
 */
function discountColumns(json: string, prefix = 'discount'): Record<string, [string, Spec]> {
  const when = (kind: 'percent' | 'amount') => `CASE ${discountField(json, 'kind')} WHEN '${kind}' THEN ${discountField(json, 'value')} END`;
  return {
    [`${prefix}Percent`]: [when('percent'), ['int', 10]],
    [`${prefix}Amount`]: [when('amount'), 'money'],
    [`${prefix}Reason`]: [discountField(json, 'reason'), ['text', 20]],
  };
}

/** The manager who approved an order's discount, override or sale below cost (username). */
const ORDER_APPROVER = `CASE WHEN ${o.approvedBy} IS NULL THEN NULL ELSE (SELECT username FROM ${getTableName(users)} WHERE id = ${o.approvedBy}) END`;

const orderColumns = columns({
  ...same(o, { number: 'int', id: ['code', 38], status: ['code', 12], createdAt: 'time', updatedAt: 'time', customerName: ['text', 28] }),
  // The customer's JSON, split into these four by fillCustomer (cheaper than json_extract in SQL).
  customerEmail: [o.customer, ['text', 28]],
  customerPhone: ['NULL', ['text', 16]],
  customerTaxId: ['NULL', ['text', 16]],
  customerAddress: ['NULL', ['text', 32]],
  ...same(o, { note: ['text', 32], currency: 'currency', priceBasis: ['code', 10] }),
  ...discountColumns(o.discount),
  ...same(o, { discountTotal: 'money', ...amounts }),
  amountPaid: [ORDER_PAID, 'money'],
  invoiceNumber: [i.number, 'code'],
  // The user's id, replaced by the username (see Lookups).
  createdBy: [o.createdBy, ['text', 16]],
  approvedBy: [ORDER_APPROVER, ['text', 16]],
});

const orderLineColumns = columns({
  orderNumber: [o.number, ['int', 12]],
  orderId: [o.id, ['code', 38]],
  ...same(o, { status: ['code', 12], createdAt: 'time', customerName: ['text', 28] }),
  line: [`${l.position} + 1`, ['int', 6]],
  ...same(l, { productId: ['code', 38], sku: ['text', 14], name: ['text', 32], quantity: 'int', taxRateBp: 'int' }),
  currency: [o.currency, 'currency'],
  priceBasis: [o.priceBasis, ['code', 10]],
  ...same(l, { unitPrice: 'money', listPrice: 'money', priceReason: ['text', 20], taxClassId: ['code', 38] }),
  amount: [`${l.unitPrice} * ${l.quantity}`, 'money'],
  ...discountColumns(l.discount),
  ...same(l, { lineDiscount: 'money', orderDiscount: 'money', ...amounts }),
});

const invoiceColumns = columns({
  ...same(i, { number: 'code', orderNumber: ['int', 12], status: ['code', 12], issuedAt: 'time', paidAt: 'time', cancelledAt: 'time' }),
  customerName: [i.customerName, ['text', 28]],
  customerTaxId: [i.customer, ['text', 16]],
  ...same(i, { currency: 'currency', priceBasis: ['code', 10] }),
  ...discountColumns(i.discount),
  ...same(i, { discountTotal: 'money', ...amounts, amountPaid: 'money', cashRounding: 'money' }),
  balance: [BALANCE, 'money'],
  approvedByName: [i.approvedByName, ['text', 18]],
  ...same(i, { cancelReason: ['text', 32], id: ['code', 38], orderId: ['code', 38] }),
});

/**
 * A payment's amount signed: refunds negative, so the sum of the column is the net taken. The
 * API's Payment keeps a positive amount with its kind; the kind column stays in the file too.
 */
const SIGNED_AMOUNT = `CASE WHEN ${p.kind} = 'refund' THEN -${p.amount} ELSE ${p.amount} END`;

/** A payment's currency: its invoice's, or its credit note's for a refund of a return without a receipt (no invoice). */
const PAYMENT_CURRENCY = `coalesce(${i.currency}, ${c.currency})`;

const paymentColumns = columns({
  ...same(p, { createdAt: 'time', id: ['code', 38], kind: ['code', 9], method: ['code', 9] }),
  currency: [PAYMENT_CURRENCY, 'currency'],
  amount: [SIGNED_AMOUNT, 'money'],
  ...same(p, { tendered: 'money', change: 'money', rounding: 'money', reference: ['text', 20] }),
  invoiceNumber: [i.number, 'code'],
  orderNumber: [i.orderNumber, ['int', 12]],
  creditNoteNumber: [c.number, 'code'],
  voucherCode: [p.voucherCode, ['code', 16]],
  ...same(p, { refundOf: ['code', 38], createdBy: ['text', 16], invoiceId: ['code', 38], orderId: ['code', 38], creditNoteId: ['code', 38], cashSessionId: ['code', 38] }),
});

/** A field of the sealed Z report's JSON body (the contract's ZReport, as the reports service wrote it). */
const zField = (path: string) => `json_extract(${z.body}, '$.${path}')`;

/** What a Z's tender took (payments, not refunds), 0 when the tender was not used. */
const zTender = (method: string) =>
  `coalesce((SELECT sum(json_extract(t.value, '$.amount')) FROM json_each(${z.body}, '$.tenders') t WHERE json_extract(t.value, '$.method') = '${method}'), 0)`;

/** One row per Z report: the sealed figures, never recomputed. */
const zReportColumns = columns({
  number: [z.number, ['code', 18]],
  registerCode: [zField('registerCode'), 'code'],
  registerName: [zField('registerName'), ['text', 20]],
  openedAt: [zField('openedAt'), 'time'],
  openedBy: [zField('openedByName'), ['text', 18]],
  closedAt: [zField('closedAt'), 'time'],
  closedBy: [zField('closedByName'), ['text', 18]],
  currency: [zField('currency'), 'currency'],
  openingFloat: [zField('openingFloat'), 'money'],
  expectedCash: [zField('expectedCash'), 'money'],
  countedCash: [zField('countedCash'), 'money'],
  variance: [zField('variance'), 'money'],
  approvedBy: [zField('approvedByName'), ['text', 18]],
  salesCount: [zField('sales.count'), 'int'],
  gross: [zField('sales.gross'), 'money'],
  refunds: [zField('refunds.amount'), 'money'],
  cancellations: [zField('cancellations.amount'), 'money'],
  // Z reports sealed before discounts existed hold none: 0.
  discountsCount: [`coalesce(${zField('discounts.count')}, 0)`, 'int'],
  discounts: [`coalesce(${zField('discounts.amount')}, 0)`, 'money'],
  // Z reports sealed before returns existed hold none of these: 0.
  creditNotes: [`coalesce(${zField('creditNotes.amount')}, 0)`, 'money'],
  vouchersIssued: [`coalesce(${zField('vouchers.issued.amount')}, 0)`, 'money'],
  vouchersRedeemed: [`coalesce(${zField('vouchers.redeemed.amount')}, 0)`, 'money'],
  rounding: [zField('rounding'), 'money'],
  netSales: [z.netSales, 'money'],
  cash: [zTender('cash'), 'money'],
  card: [zTender('card'), 'money'],
  other: [zTender('other'), 'money'],
  voucher: [zTender('voucher'), 'money'],
  grandTotal: [z.grandTotal, 'money'],
  chainHead: [z.chainHead, ['code', 66]],
  id: [z.id, ['code', 38]],
  sessionId: [z.sessionId, ['code', 38]],
});

/** A field of a credit note line (json_each of the credit note's lines, alias cl). */
const clField = (key: keyof CreditNoteLine) => `json_extract(cl.value, '$.${key}')`;
const linesOfCreditNote = `json_each(${c.lines}) cl`;
/** A credit note line's share of its invoice line's discounts (lines credited before discounts existed gave none back). */
const CREDITED_DISCOUNT = `coalesce(${clField('discount')}, 0)`;
/** Who issued and who approved, by username; the register of the cash session it went through. */
const creditNoteFrom = `${creditNotesTable} JOIN ${linesOfCreditNote}
  LEFT JOIN ${getTableName(invoices)} i ON ${i.id} = ${c.invoiceId}
  LEFT JOIN ${getTableName(users)} ub ON ub.id = ${c.issuedBy}
  LEFT JOIN ${getTableName(users)} ua ON ua.id = ${c.approvedBy}
  LEFT JOIN ${getTableName(cashSessions)} s ON s.id = ${c.cashSessionId}
  LEFT JOIN ${getTableName(registers)} r ON r.id = s.register_id`;
/** A line of at most 500 of one credit note: the credit note's rowid and the line's index. */
const CREDIT_NOTE_LINE_KEY = 'c.rowid * 1000 + cl.key';

/** One row per credit note line, with its credit note's number, kind, invoice, totals and people. */
const creditNoteLineColumns = columns({
  number: [c.number, 'code'],
  kind: [c.kind, ['code', 12]],
  issuedAt: [c.issuedAt, 'time'],
  invoiceNumber: [i.number, 'code'],
  line: ['cl.key + 1', ['int', 6]],
  invoiceLineIndex: [clField('invoiceLineIndex'), ['int', 8]],
  sku: [clField('sku'), ['text', 14]],
  name: [clField('name'), ['text', 32]],
  quantity: [clField('quantity'), 'int'],
  currency: [c.currency, 'currency'],
  priceBasis: [c.priceBasis, ['code', 10]],
  unitPrice: [clField('unitPrice'), 'money'],
  taxRateBp: [clField('taxRateBp'), 'int'],
  discount: [CREDITED_DISCOUNT, 'money'],
  subtotal: [clField('subtotal'), 'money'],
  tax: [clField('tax'), 'money'],
  total: [clField('total'), 'money'],
  restock: [`CASE ${clField('restock')} WHEN 1 THEN 'yes' ELSE 'no' END`, ['code', 8]],
  reason: [clField('reason'), ['text', 28]],
  creditNoteTotal: [c.total, 'money'],
  creditNoteDiscount: [c.discountTotal, 'money'],
  refunded: [c.refunded, 'money'],
  issuedBy: ['ub.username', ['text', 16]],
  approvedBy: ['ua.username', ['text', 16]],
  cashSessionId: [c.cashSessionId, ['code', 38]],
  registerCode: ['r.code', 'code'],
  id: [c.id, ['code', 38]],
  invoiceId: [c.invoiceId, ['code', 38]],
});

const allowedTransitionsSql = `json(CASE ${o.status} ${Object.entries(transitions)
  .map(([status, next]) => `WHEN '${status}' THEN '${JSON.stringify(next)}'`)
  .join(' ')} ELSE '[]' END)`;

/** `json_object('key', sql, …)`. */
function jsonObject(fields: Record<string, string>): string {
  return `json_object(${Object.entries(fields).map(([key, sql]) => `'${key}', ${sql}`).join(', ')})`;
}

/** The columns of `r` named `keys`, as the JSON fields of the same names. */
function fieldsOf<R extends Record<string, string>, K extends keyof R & string>(r: R, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, r[k] as string])) as Record<K, string>;
}

const lineFields = {
  ...fieldsOf(l, ['productId', 'sku', 'name', 'unitPrice', 'listPrice', 'priceReason', 'quantity', 'taxClassId', 'taxRateBp']),
  amount: `${l.unitPrice} * ${l.quantity}`,
  discount: `json(${l.discount})`,
  ...fieldsOf(l, ['lineDiscount', 'orderDiscount', 'subtotal', 'tax', 'total']),
} satisfies Record<keyof OrderLine, string>;

/** NDJSON: the contract's Order (plus invoiceNumber). */
const orderJson = jsonObject({
  ...fieldsOf(o, ['id', 'number', 'status']),
  lines: `(SELECT json_group_array(${jsonObject(lineFields)} ORDER BY ${l.position}) FROM ${linesTable} WHERE ${l.orderId} = ${o.id})`,
  customer: `json(${o.customer})`,
  ...fieldsOf(o, ['note', 'priceBasis']),
  discount: `json(${o.discount})`,
  ...fieldsOf(o, ['discountTotal', 'subtotal', 'tax', 'total', 'currency', 'invoiceId']),
  approvedBy: `CASE WHEN ${o.approvedBy} IS NULL THEN NULL ELSE json_object('id', ${o.approvedBy}, 'name', (SELECT display_name FROM ${getTableName(users)} WHERE id = ${o.approvedBy})) END`,
  invoiceNumber: i.number,
  amountPaid: ORDER_PAID,
  version: o.version,
  allowedTransitions: allowedTransitionsSql,
  ...fieldsOf(o, ['createdBy', 'createdAt', 'updatedAt']),
} satisfies Record<keyof Order | 'invoiceNumber', string>);

/** NDJSON: an OrderLine with its order's number, state, time, customer and currency. */
const orderLineJson = jsonObject({
  orderId: o.id,
  orderNumber: o.number,
  ...fieldsOf(o, ['status', 'createdAt', 'customerName', 'currency']),
  line: `${l.position} + 1`,
  ...lineFields,
});

/** NDJSON: the contract's Invoice. */
const invoiceJson = jsonObject({
  ...fieldsOf(i, ['id', 'number', 'orderId', 'orderNumber', 'status', 'currency']),
  lines: `json(${i.lines})`,
  priceBasis: i.priceBasis,
  discount: `json(${i.discount})`,
  ...fieldsOf(i, ['discountTotal', 'approvedByName', 'subtotal', 'tax', 'total']),
  taxBreakdown: `json(${i.taxBreakdown})`,
  credited: i.credited,
  amountPaid: i.amountPaid,
  cashRounding: i.cashRounding,
  balance: BALANCE,
  seller: `json(${i.seller})`,
  customer: `json(${i.customer})`,
  ...fieldsOf(i, ['issuedAt', 'paidAt', 'cancelledAt', 'cancelReason']),
} satisfies Record<keyof Invoice, string>);

/**
 * NDJSON: the contract's Payment (its amount positive, with its kind), plus the currency, the
 * invoice and order numbers and `signedAmount` (refunds negative, as the CSV and XLSX amount).
 */
const paymentJson = jsonObject({
  ...fieldsOf(p, ['id', 'invoiceId', 'orderId', 'method', 'amount', 'tendered', 'change', 'reference', 'kind', 'refundOf', 'rounding', 'cashSessionId', 'creditNoteId', 'voucherCode', 'createdBy', 'createdAt']),
  signedAmount: SIGNED_AMOUNT,
  currency: PAYMENT_CURRENCY,
  invoiceNumber: i.number,
  orderNumber: i.orderNumber,
  creditNoteNumber: c.number,
} satisfies Record<keyof Payment | 'signedAmount' | 'currency' | 'invoiceNumber' | 'orderNumber' | 'creditNoteNumber', string>);

/** NDJSON: a credit note line (the contract's CreditNoteLine) with its credit note's fields. */
const creditNoteLineJson = jsonObject({
  creditNoteId: c.id,
  number: c.number,
  kind: c.kind,
  issuedAt: c.issuedAt,
  invoiceId: c.invoiceId,
  invoiceNumber: i.number,
  line: 'cl.key + 1',
  ...(Object.fromEntries(
    (['invoiceLineIndex', 'productId', 'sku', 'name', 'unitPrice', 'quantity', 'taxRateBp', 'subtotal', 'tax', 'total', 'reason'] as const).map((k) => [k, clField(k)]),
  ) as Record<Exclude<keyof CreditNoteLine, 'restock' | 'discount'>, string>),
  discount: CREDITED_DISCOUNT,
  priceBasis: c.priceBasis,
  restock: `json(CASE ${clField('restock')} WHEN 1 THEN 'true' ELSE 'false' END)`,
  currency: c.currency,
  creditNoteTotal: c.total,
  creditNoteDiscount: c.discountTotal,
  refunded: c.refunded,
  issuedBy: 'ub.username',
  approvedBy: 'ua.username',
  cashSessionId: c.cashSessionId,
  registerCode: 'r.code',
});

/**
 * The return and discount figures a Z sealed before they existed lacks, inserted as reports.z
 * defaults them (zero), into the body and each cashier's section; json_insert leaves present ones alone.
 */
const withReturns = (json: string) =>
  `json_insert(${json}, '$.creditNotes', json('{"count":0,"amount":0}'), '$.creditNoteTaxRates', json('[]'),
    '$.vouchers', json('{"issued":{"count":0,"amount":0},"redeemed":{"count":0,"amount":0}}'),
    '$.discounts', json('{"count":0,"amount":0,"byReason":[]}'))`;
const zBodyWithReturns = `json_set(${withReturns(z.body)}, '$.cashiers',
  (SELECT json_group_array(${withReturns('zc.value')}) FROM json_each(${z.body}, '$.cashiers') zc))`;

/** NDJSON: the contract's ZReport, as reports.z gives it. */
const zReportJson = `json_patch(${zBodyWithReturns}, ${jsonObject({ id: z.id, number: z.number, seq: z.seq, chainHead: z.chainHead, createdAt: z.createdAt })})`;

/** WHERE clause and parameters of the filters. */
function filters(spec: ExportSpec, timeColumn: string): { where: string; params: SqlParams } {
  const clauses: string[] = [];
  const params: SqlParams = {};
  const lower = fromBound(spec.from, spec.timeZone ?? 'UTC');
  const upper = toBound(spec.to, spec.timeZone ?? 'UTC');
  if (lower) {
    clauses.push(`${timeColumn} >= @from`);
    params.from = lower;
  }
  if (upper) {
    clauses.push(`${timeColumn} < @to`);
    params.to = upper;
  }
  const list = (column: string, name: string, values: string[] | undefined) => {
    if (!values || values.length === 0) return;
    const names = values.map((v, i) => {
      params[`${name}${i}`] = v;
      return `@${name}${i}`;
    });
    clauses.push(`${column} IN (${names.join(', ')})`);
  };
  if (spec.kind === 'zReports') {
    if (spec.registerId !== undefined) {
      clauses.push(`${z.registerId} = @registerId`);
      params.registerId = spec.registerId;
    }
  } else if (spec.kind === 'creditNotes') {
    list(c.kind, 'kind', spec.creditNoteKind);
  } else if (spec.kind === 'payments') {
    list(p.method, 'method', spec.method);
    if (spec.paymentKind) {
      clauses.push(`${p.kind} = @paymentKind`);
      params.paymentKind = spec.paymentKind;
    }
  } else {
    list(spec.kind === 'orders' ? o.status : i.status, 'status', spec.status);
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

const customerFields = ['email', 'phone', 'taxId', 'address'] as const;

/** A customer JSON with only a name (and no escapes): none of the fields above, without parsing it. */
// eslint-disable-next-line no-control-regex
const NAME_ONLY = /^\{"name":"[^"\\\u0000-\u001f]*"\}$/;

/**
 * Fills the customer columns from the customer's JSON (in the first of them) and turns
 * the createdBy user id into a username.
 */
function filler(columns: Column[], lookups: Lookups): { fill: (row: unknown[]) => void; filled: number[] } {
  const at = (header: string) => columns.findIndex((c) => c.header === header);
  const fields = customerFields
    .map((f) => [f, at(`customer${f[0]!.toUpperCase()}${f.slice(1)}`)] as const)
    .filter(([, i]) => i >= 0);
  const json = Math.min(...fields.map(([, i]) => i));
  const createdBy = at('createdBy');
  let lastId: unknown;
  let lastName: unknown;
  const fill = (row: unknown[]) => {
    if (fields.length > 0) {
      const raw = row[json];
      if (typeof raw !== 'string' || raw === '' || NAME_ONLY.test(raw)) {
        for (const [, i] of fields) row[i] = null;
      } else {
        const customer = JSON.parse(raw) as Partial<Record<(typeof customerFields)[number], string>>;
        for (const [field, i] of fields) row[i] = customer[field] ?? null;
      }
    }
    if (createdBy >= 0) {
      // Consecutive rows are mostly by the same user: skip the hash lookup then.
      const id = row[createdBy];
      if (id !== lastId) {
        lastId = id;
        lastName = lookups.usernames.get(id as string) ?? id;
      }
      row[createdBy] = lastName;
    }
  };
  return { fill, filled: [...fields.map(([, i]) => i), ...(createdBy >= 0 ? [createdBy] : [])] };
}

/** The query of an export. */
export function exportQuery(spec: ExportSpec, lookups: Lookups = { usernames: new Map() }): ExportQuery {
  const source = rowsSource(spec);
  const { columns, from, where, orderBy, key } = source;
  const tail = `FROM ${from} ${where} ORDER BY ${orderBy}`;
  let sql: string;
  let rowByKeySql: string | null = null;
  if (spec.format === 'ndjson') sql = `SELECT ${source.json} ${tail}`;
  else if (spec.format === 'xlsx') sql = `SELECT ${columns.map((c) => c.sql).join(', ')} ${tail}`;
  else {
    // concat() turns NULL into '' and numbers into their decimal text.
    sql = `SELECT concat(${columns.map((c) => `${c.sql}, '${FIELD_SEPARATOR}', `).join('')}${key}) ${tail}`;
    rowByKeySql = `SELECT ${columns.map((c) => `concat(${c.sql})`).join(', ')} FROM ${from} WHERE ${key} = ?`;
  }
  const { fill, filled } = spec.format === 'ndjson' ? { fill: null, filled: [] } : filler(columns, lookups);
  return { sql, countSql: source.countSql, params: source.params, columns, rowByKeySql, fill, filled, title: source.title };
}

interface RowsSource {
  columns: Column[];
  /** NDJSON: the JSON text of a row. */
  json: string;
  from: string;
  where: string;
  params: SqlParams;
  orderBy: string;
  /** An integer that identifies a row (the rowid of the table the rows are of). */
  key: string;
  countSql: string;
  title: string;
}

function rowsSource(spec: ExportSpec): RowsSource {
  switch (spec.kind) {
    case 'orders': {
      const { where, params } = filters(spec, o.createdAt);
      if (spec.granularity === 'line') {
        const from = `${ordersTable} JOIN ${linesTable} ON ${l.orderId} = ${o.id}`;
        return {
          columns: orderLineColumns,
          json: orderLineJson,
          from,
          where,
          params,
          orderBy: `${o.number}, ${l.position}`,
          key: 'l.rowid',
          countSql: `SELECT count(*) FROM ${from} ${where}`,
          title: 'Order lines',
        };
      }
      return {
        columns: orderColumns,
        json: orderJson,
        from: `${ordersTable} LEFT JOIN ${invoicesTable} ON ${i.id} = ${o.invoiceId}`,
        where,
        params,
        orderBy: o.number,
        key: 'o.rowid',
        countSql: `SELECT count(*) FROM ${ordersTable} ${where}`,
        title: 'Orders',
      };
    }
    case 'invoices': {
      const { where, params } = filters(spec, i.issuedAt);
      return {
        columns: invoiceColumns,
        json: invoiceJson,
        from: invoicesTable,
        where,
        params,
        orderBy: i.seq,
        key: 'i.rowid',
        countSql: `SELECT count(*) FROM ${invoicesTable} ${where}`,
        title: 'Invoices',
      };
    }
    case 'payments': {
      const { where, params } = filters(spec, p.createdAt);
      return {
        columns: paymentColumns,
        json: paymentJson,
        // LEFT JOINs: a refund of a return without a receipt has no invoice; only refunds have a credit note.
        from: `${paymentsTable} LEFT JOIN ${invoicesTable} ON ${i.id} = ${p.invoiceId} LEFT JOIN ${creditNotesTable} ON ${c.id} = ${p.creditNoteId}`,
        where,
        params,
        orderBy: `${p.createdAt}, p.rowid`,
        key: 'p.rowid',
        countSql: `SELECT count(*) FROM ${paymentsTable} ${where}`,
        title: 'Payments',
      };
    }
    case 'creditNotes': {
      const { where, params } = filters(spec, c.issuedAt);
      return {
        columns: creditNoteLineColumns,
        json: creditNoteLineJson,
        from: creditNoteFrom,
        where,
        params,
        orderBy: `${c.issuedAt}, ${c.seq}, cl.key`,
        key: CREDIT_NOTE_LINE_KEY,
        countSql: `SELECT count(*) FROM ${creditNotesTable} JOIN ${linesOfCreditNote} ${where}`,
        title: 'Credit note lines',
      };
    }
    case 'zReports': {
      const { where, params } = filters(spec, z.createdAt);
      return {
        columns: zReportColumns,
        json: zReportJson,
        from: zReportsTable,
        where,
        params,
        orderBy: `${z.createdAt}, z.rowid`,
        key: 'z.rowid',
        countSql: `SELECT count(*) FROM ${zReportsTable} ${where}`,
        title: 'Z reports',
      };
    }
  }
}
