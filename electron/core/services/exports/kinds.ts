/**
 * What each export contains: the SQL that selects its rows (one query, streamed),
 * the columns of the CSV and XLSX files, and the JSON object of each NDJSON line
 * (built by SQLite's json_object, with the contract's field names and money in
 * minor units). A CSV row comes as one text, its columns' values joined by SQLite's
 * concat (see FIELD_SEPARATOR). Runs in the export worker; no Node-only imports
 * beyond the paging bounds.
 */
import type { ExportFormat, ExportKind } from '../../../../shared/contract/exports';
import { transitions } from '../../../../shared/domain/orderStatus';
import { fromBound, toBound, type SqlParams } from '../paging';

/**
 * text: free text from users (neutralised against formula injection);
 * code: ids, states, numbers we make (never neutralised);
 * int, money (minor units in the row; major units in the file), time (ISO UTC),
 * currency: the ISO code the row's money columns are in.
 */
export type ColumnType = 'text' | 'code' | 'int' | 'money' | 'time' | 'currency';

export interface Column {
  header: string;
  sql: string;
  type: ColumnType;
  /** XLSX column width in characters. */
  width: number;
}

/** What the worker is asked to write (the parsed filters of the call). */
export interface ExportSpec {
  kind: ExportKind;
  format: ExportFormat;
  granularity: 'order' | 'line';
  bom: boolean;
  from?: string;
  to?: string;
  status?: string[];
  method?: string[];
  paymentKind?: 'payment' | 'refund';
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

const col = (header: string, sql: string, type: ColumnType, width?: number): Column => ({
  header,
  sql,
  type,
  width: width ?? { text: 24, code: 14, int: 10, money: 14, time: 20, currency: 9 }[type],
});

/** What is still owed: nothing on a cancelled invoice (as balanceOf in services/invoices). */
const BALANCE = "CASE i.status WHEN 'CANCELLED' THEN 0 ELSE i.total - i.amount_paid END";

const orderColumns: Column[] = [
  col('number', 'o.number', 'int'),
  col('id', 'o.id', 'code', 38),
  col('status', 'o.status', 'code', 12),
  col('createdAt', 'o.created_at', 'time'),
  col('updatedAt', 'o.updated_at', 'time'),
  col('customerName', 'o.customer_name', 'text', 28),
  // The customer's JSON, split into these four by fillCustomer (cheaper than json_extract in SQL).
  col('customerEmail', 'o.customer', 'text', 28),
  col('customerPhone', 'NULL', 'text', 16),
  col('customerTaxId', 'NULL', 'text', 16),
  col('customerAddress', 'NULL', 'text', 32),
  col('note', 'o.note', 'text', 32),
  col('currency', 'o.currency', 'currency'),
  col('subtotal', 'o.subtotal', 'money'),
  col('tax', 'o.tax', 'money'),
  col('total', 'o.total', 'money'),
  col('amountPaid', 'o.amount_paid', 'money'),
  col('invoiceNumber', 'i.number', 'code'),
  // The user's id, replaced by the username (see Lookups).
  col('createdBy', 'o.created_by', 'text', 16),
];

const orderLineColumns: Column[] = [
  col('orderNumber', 'o.number', 'int', 12),
  col('orderId', 'o.id', 'code', 38),
  col('status', 'o.status', 'code', 12),
  col('createdAt', 'o.created_at', 'time'),
  col('customerName', 'o.customer_name', 'text', 28),
  col('line', 'l.position + 1', 'int', 6),
  col('productId', 'l.product_id', 'code', 38),
  col('sku', 'l.sku', 'text', 14),
  col('name', 'l.name', 'text', 32),
  col('quantity', 'l.quantity', 'int'),
  col('taxRateBp', 'l.tax_rate_bp', 'int'),
  col('currency', 'o.currency', 'currency'),
  col('unitPrice', 'l.unit_price', 'money'),
  col('subtotal', 'l.subtotal', 'money'),
  col('tax', 'l.tax', 'money'),
  col('total', 'l.total', 'money'),
];

const invoiceColumns: Column[] = [
  col('number', 'i.number', 'code'),
  col('orderNumber', 'i.order_number', 'int', 12),
  col('status', 'i.status', 'code', 12),
  col('issuedAt', 'i.issued_at', 'time'),
  col('paidAt', 'i.paid_at', 'time'),
  col('cancelledAt', 'i.cancelled_at', 'time'),
  col('customerName', 'i.customer_name', 'text', 28),
  col('customerTaxId', 'i.customer', 'text', 16),
  col('currency', 'i.currency', 'currency'),
  col('subtotal', 'i.subtotal', 'money'),
  col('tax', 'i.tax', 'money'),
  col('total', 'i.total', 'money'),
  col('amountPaid', 'i.amount_paid', 'money'),
  col('balance', BALANCE, 'money'),
  col('cancelReason', 'i.cancel_reason', 'text', 32),
  col('id', 'i.id', 'code', 38),
  col('orderId', 'i.order_id', 'code', 38),
];

const paymentColumns: Column[] = [
  col('createdAt', 'p.created_at', 'time'),
  col('id', 'p.id', 'code', 38),
  col('kind', 'p.kind', 'code', 9),
  col('method', 'p.method', 'code', 9),
  col('currency', 'i.currency', 'currency'),
  col('amount', 'p.amount', 'money'),
  col('tendered', 'p.tendered', 'money'),
  col('change', 'p.change', 'money'),
  col('reference', 'p.reference', 'text', 20),
  col('invoiceNumber', 'i.number', 'code'),
  col('orderNumber', 'i.order_number', 'int', 12),
  col('refundOf', 'p.refund_of', 'code', 38),
  col('createdBy', 'p.created_by', 'text', 16),
  col('invoiceId', 'p.invoice_id', 'code', 38),
  col('orderId', 'p.order_id', 'code', 38),
];

const allowedTransitionsSql = `json(CASE o.status ${Object.entries(transitions)
  .map(([status, next]) => `WHEN '${status}' THEN '${JSON.stringify(next)}'`)
  .join(' ')} ELSE '[]' END)`;

const lineJsonFields = `'productId', l.product_id, 'sku', l.sku, 'name', l.name, 'unitPrice', l.unit_price, 'quantity', l.quantity,
  'taxRateBp', l.tax_rate_bp, 'subtotal', l.subtotal, 'tax', l.tax, 'total', l.total`;

/** NDJSON: the contract's Order (plus invoiceNumber). */
const orderJson = `json_object('id', o.id, 'number', o.number, 'status', o.status,
  'lines', (SELECT json_group_array(json_object(${lineJsonFields}) ORDER BY l.position) FROM order_lines l WHERE l.order_id = o.id),
  'customer', json(o.customer), 'note', o.note, 'subtotal', o.subtotal, 'tax', o.tax, 'total', o.total, 'currency', o.currency,
  'invoiceId', o.invoice_id, 'invoiceNumber', i.number, 'amountPaid', o.amount_paid, 'version', o.version,
  'allowedTransitions', ${allowedTransitionsSql}, 'createdBy', o.created_by, 'createdAt', o.created_at, 'updatedAt', o.updated_at)`;

/** NDJSON: an OrderLine with its order's number, state, time, customer and currency. */
const orderLineJson = `json_object('orderId', o.id, 'orderNumber', o.number, 'status', o.status, 'createdAt', o.created_at,
  'customerName', o.customer_name, 'currency', o.currency, 'line', l.position + 1, ${lineJsonFields})`;

/** NDJSON: the contract's Invoice. */
const invoiceJson = `json_object('id', i.id, 'number', i.number, 'orderId', i.order_id, 'orderNumber', i.order_number,
  'status', i.status, 'currency', i.currency, 'lines', json(i.lines), 'subtotal', i.subtotal, 'tax', i.tax, 'total', i.total,
  'taxBreakdown', json(i.tax_breakdown), 'amountPaid', i.amount_paid, 'balance', ${BALANCE}, 'seller', json(i.seller),
  'customer', json(i.customer), 'issuedAt', i.issued_at, 'paidAt', i.paid_at, 'cancelledAt', i.cancelled_at,
  'cancelReason', i.cancel_reason)`;

/** NDJSON: the contract's Payment (plus the currency and the invoice and order numbers). */
const paymentJson = `json_object('id', p.id, 'invoiceId', p.invoice_id, 'orderId', p.order_id, 'method', p.method,
  'amount', p.amount, 'tendered', p.tendered, 'change', p.change, 'reference', p.reference, 'kind', p.kind,
  'refundOf', p.refund_of, 'createdBy', p.created_by, 'createdAt', p.created_at, 'currency', i.currency,
  'invoiceNumber', i.number, 'orderNumber', i.order_number)`;

/** WHERE clause and parameters of the filters. */
function filters(spec: ExportSpec, timeColumn: string): { where: string; params: SqlParams } {
  const clauses: string[] = [];
  const params: SqlParams = {};
  const lower = fromBound(spec.from);
  const upper = toBound(spec.to);
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
  if (spec.kind === 'payments') {
    list('p.method', 'method', spec.method);
    if (spec.paymentKind) {
      clauses.push('p.kind = @paymentKind');
      params.paymentKind = spec.paymentKind;
    }
  } else {
    list(spec.kind === 'orders' ? 'o.status' : 'i.status', 'status', spec.status);
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
      const { where, params } = filters(spec, 'o.created_at');
      if (spec.granularity === 'line') {
        return {
          columns: orderLineColumns,
          json: orderLineJson,
          from: 'orders o JOIN order_lines l ON l.order_id = o.id',
          where,
          params,
          orderBy: 'o.number, l.position',
          key: 'l.rowid',
          countSql: `SELECT count(*) FROM orders o JOIN order_lines l ON l.order_id = o.id ${where}`,
          title: 'Order lines',
        };
      }
      return {
        columns: orderColumns,
        json: orderJson,
        from: 'orders o LEFT JOIN invoices i ON i.id = o.invoice_id',
        where,
        params,
        orderBy: 'o.number',
        key: 'o.rowid',
        countSql: `SELECT count(*) FROM orders o ${where}`,
        title: 'Orders',
      };
    }
    case 'invoices': {
      const { where, params } = filters(spec, 'i.issued_at');
      return {
        columns: invoiceColumns,
        json: invoiceJson,
        from: 'invoices i',
        where,
        params,
        orderBy: 'i.seq',
        key: 'i.rowid',
        countSql: `SELECT count(*) FROM invoices i ${where}`,
        title: 'Invoices',
      };
    }
    case 'payments': {
      const { where, params } = filters(spec, 'p.created_at');
      return {
        columns: paymentColumns,
        json: paymentJson,
        from: 'payments p JOIN invoices i ON i.id = p.invoice_id',
        where,
        params,
        orderBy: 'p.created_at, p.rowid',
        key: 'p.rowid',
        countSql: `SELECT count(*) FROM payments p ${where}`,
        title: 'Payments',
      };
    }
  }
}
