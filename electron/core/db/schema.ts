/**
 * The one SQLite schema of tables, columns and indexes. Migrations in migrations/ are generated
 * from it by drizzle-kit (`npm run db:generate`), except what drizzle cannot express, written by
 * hand: 0001 whole (append-only triggers on events, the orders_search FTS5 table) and the FTS5
 * table and triggers at the end of 0005, the audit format boundary's row and triggers at the end
 * of 0014. `npm run db:check` fails when this file and the
 * migrations disagree on what drizzle knows of.
 * Times are ISO 8601 UTC text (sortable); money is integer minor units.
 */
import { sql } from 'drizzle-orm';
import { check, customType, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { recordedBackupKinds } from '../../../shared/domain/backups';
import { invoiceStatuses } from '../../../shared/domain/invoiceStatus';
import { orderStatuses } from '../../../shared/domain/orderStatus';
import { paymentKinds, paymentMethods } from '../../../shared/domain/payments';
import { creditNoteKinds, voucherEntryKinds, voucherKinds } from '../../../shared/domain/returns';
import { roles } from '../../../shared/domain/roles';
import { uiLanguages } from '../../../shared/i18n/languages';

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  passwordHash: text('password_hash').notNull(),
  /** argon2 hash of the user's quick sign-in PIN; null: none set. */
  pinHash: text('pin_hash'),
  /** The user's UI language (shared/i18n/languages); null: the store's default. */
  language: text('language', { enum: uiLanguages }),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: text('created_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    absoluteExpiresAt: text('absolute_expires_at').notNull(),
    revokedAt: text('revoked_at'),
    /** Set by auth.lock: the session answers nothing but sign-in and sign-out until it ends. */
    lockedAt: text('locked_at'),
    /** The register the session sells through (a terminal's till); null: none (API clients, the back office). */
    registerId: text('register_id'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Sign-in throttling per username, kept in the database so a restart does not reset it.
 * Failures are counted from the audit trail (auth.login_failed events after `reset_seq`
 * within the window); a lock holds until `locked_until`.
 */
export const loginAttempts = sqliteTable('login_attempts', {
  username: text('username').primaryKey(),
  resetSeq: integer('reset_seq').notNull().default(0),
  lockedUntil: text('locked_until'),
});

/**
 * A chain hash: 64 hex characters in the entries written before the compact format
 * (audit_format), 32 bytes since. Declared TEXT as it always was, so no store is rebuilt for
 * it: a TEXT column keeps a BLOB as it is given.
 */
const chainHash = customType<{ data: string | Buffer; driverData: string | Buffer }>({ dataType: () => 'text' });

/** The entries every sale writes, and their entities: most of the trail. */
export const BULK_EVENT_TYPES = ['order.created', 'order.processing', 'invoice.issued', 'payment.received', 'invoice.paid', 'order.fulfilled'] as const;
export const BULK_EVENT_ENTITIES = ['order', 'invoice', 'payment'] as const;

/** Append-only audit trail and outbox; each row's hash chains to the previous one. */
export const events = sqliteTable(
  'events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actor: text('actor'),
    type: text('type').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: text('before'),
    after: text('after'),
    prevHash: chainHash('prev_hash').notNull(),
    hash: chainHash('hash').notNull(),
  },
  (t) => [
    // One record's entries (orders.history, the audit list by record, a user name's failed
    // sign-ins): ids are time-ordered, so a sale's order, invoice and payment land side by side.
    index('events_record_idx').on(t.entityId, t.seq),
    // The audit list by an entity other than a sale's (BULK_EVENT_ENTITIES, read along seq), and the entities it lists.
    index('events_entity_idx')
      .on(t.entity)
      .where(sql.raw(`entity NOT IN (${BULK_EVENT_ENTITIES.map((x) => `'${x}'`).join(', ')})`)),
    // The audit list between two dates.
    index('events_at_idx').on(t.at),
    // The audit list by a type other than a sale's six (BULK_EVENT_TYPES: every sale writes them
    // and a list of one of them walks the trail along seq), and the types it lists. A sale's
    // entries stay out of it: each would land on its own page of it in every commit.
    index('events_type_idx')
      .on(t.type)
      .where(sql.raw(`type NOT IN (${BULK_EVENT_TYPES.map((x) => `'${x}'`).join(', ')})`)),
  ],
);

/**
 * Where the compact audit format starts: entries from `compactFrom` on record only the fields
 * that changed and keep their hashes as 32-byte BLOBs; those before it stay as written (their
 * hashes may be printed on Z reports). One row, set by the migration that introduced it.
 */
export const auditFormat = sqliteTable('audit_format', {
  compactFrom: integer('compact_from').notNull(),
});

/**
 * Every backup the app made (its file name, never a path): rotation and the list go by
 * this record, not by the names of files found in the folder.
 */
export const backups = sqliteTable(
  'backups',
  {
    name: text('name').primaryKey(),
    kind: text('kind', { enum: recordedBackupKinds }).notNull(),
    createdAt: text('created_at').notNull(),
    bytes: integer('bytes').notNull(),
  },
  (t) => [index('backups_kind_idx').on(t.kind, t.createdAt)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Named counters (order and document numbers, `invoice:<register id>` per register), advanced inside the transaction that uses the number. */
export const counters = sqliteTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/** Named tax rates ("Standard 20 %"); products reference one. */
export const taxClasses = sqliteTable('tax_classes', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** A tax class's rate from a day on (YYYY-MM-DD in the store's time zone); the latest started one applies. */
export const taxClassRates = sqliteTable(
  'tax_class_rates',
  {
    classId: text('class_id').notNull().references(() => taxClasses.id),
    effectiveFrom: text('effective_from').notNull(),
    rateBp: integer('rate_bp').notNull(),
  },
  (t) => [primaryKey({ columns: [t.classId, t.effectiveFrom] })],
);

export const products = sqliteTable(
  'products',
  {
    id: text('id').primaryKey(),
    sku: text('sku').notNull(),
    barcode: text('barcode'),
    name: text('name').notNull(),
    /** Lower-cased name: the sort and search key. */
    nameKey: text('name_key').notNull(),
    unitPrice: integer('unit_price').notNull(),
    /** The class's rate when the product was last written; reads take the class's rate of the day. */
    taxRateBp: integer('tax_rate_bp').notNull(),
    taxClassId: text('tax_class_id').references(() => taxClasses.id),
    openPrice: integer('open_price', { mode: 'boolean' }).notNull().default(false),
    cost: integer('cost'),
    category: text('category'),
    archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('products_sku_idx').on(t.sku),
    uniqueIndex('products_barcode_idx').on(t.barcode),
    index('products_name_idx').on(t.archived, t.nameKey, t.id),
    index('products_category_idx').on(t.category, t.archived, t.nameKey, t.id),
    // Lists that include archived products, in name order.
    index('products_name_key_idx').on(t.nameKey, t.id),
    // A search finds SKUs and barcodes by their start, ignoring ASCII case as LIKE does.
    index('products_sku_nocase_idx').on(sql`${t.sku} collate nocase`),
    index('products_barcode_nocase_idx').on(sql`${t.barcode} collate nocase`),
  ],
);

export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    number: integer('number').notNull(),
    status: text('status', { enum: orderStatuses }).notNull(),
    customer: text('customer'),
    customerName: text('customer_name'),
    note: text('note'),
    /** net or gross: what the lines' prices are. */
    priceBasis: text('price_basis').notNull().default('net'),
    /** The order discount as given (JSON {kind, value, reason}). */
    discount: text('discount'),
    discountTotal: integer('discount_total').notNull().default(0),
    subtotal: integer('subtotal').notNull(),
    tax: integer('tax').notNull(),
    total: integer('total').notNull(),
    currency: text('currency').notNull(),
    /** The manager who approved a discount, override or sale below cost. */
    approvedBy: text('approved_by'),
    invoiceId: text('invoice_id'),
    // What was paid is the invoice's amount_paid only: an order reads it from there.
    version: integer('version').notNull().default(1),
    clientRequestId: text('client_request_id'),
    createdBy: text('created_by').notNull().references(() => users.id),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('orders_number_idx').on(t.number),
    // A sale at the counter has no client request id: partial, so it writes nothing here.
    uniqueIndex('orders_client_request_idx').on(t.clientRequestId).where(sql`client_request_id IS NOT NULL`),
    index('orders_status_idx').on(t.status, t.number),
    index('orders_created_idx').on(t.createdAt),
    // Searches too short for the trigram index match a customer name's start here.
    index('orders_customer_idx').on(sql`lower(${t.customerName})`, t.number),
  ],
);

export const orderLines = sqliteTable(
  'order_lines',
  {
    orderId: text('order_id').notNull().references(() => orders.id),
    position: integer('position').notNull(),
    productId: text('product_id').references(() => products.id),
    sku: text('sku'),
    name: text('name').notNull(),
    unitPrice: integer('unit_price').notNull(),
    /** The product's price when unit_price was typed over it; and why. */
    listPrice: integer('list_price'),
    priceReason: text('price_reason'),
    quantity: integer('quantity').notNull(),
    taxClassId: text('tax_class_id'),
    taxRateBp: integer('tax_rate_bp').notNull(),
    /** The line's own discount as given (JSON {kind, value, reason}), what it took off, and its share of the order's. */
    discount: text('discount'),
    lineDiscount: integer('line_discount').notNull().default(0),
    orderDiscount: integer('order_discount').notNull().default(0),
    subtotal: integer('subtotal').notNull(),
    tax: integer('tax').notNull(),
    total: integer('total').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] }), index('order_lines_product_idx').on(t.productId).where(sql`product_id IS NOT NULL`)],
);

/**
 * Orders written since the order search index (the FTS5 table orders_search, made in a
 * migration) was last brought up to date, with their search text as the index takes it and
 * lower-cased for matching here. A sale adds one row here instead of a segment to the index
 * (and the merges that follow); the rows go into the index together, as one segment, when
 * the store is idle or enough have gathered. Searches read both.
 */
export const ordersSearchPending = sqliteTable('orders_search_pending', {
  number: integer('number').primaryKey(),
  body: text('body').notNull(),
  bodyLower: text('body_lower').notNull(),
});

export const invoices = sqliteTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    /** The store's gapless sequence: behind `number` (INV-000001), or beside it once numbered per register (INV-R1-000001). */
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    orderId: text('order_id').notNull().references(() => orders.id),
    orderNumber: integer('order_number').notNull(),
    status: text('status', { enum: invoiceStatuses }).notNull(),
    currency: text('currency').notNull(),
    /** Lines, tax breakdown, seller and customer frozen at issue (JSON). */
    lines: text('lines').notNull(),
    taxBreakdown: text('tax_breakdown').notNull(),
    seller: text('seller').notNull(),
    customer: text('customer'),
    customerName: text('customer_name'),
    priceBasis: text('price_basis').notNull().default('net'),
    /** The order discount as given (JSON), and every discount on it. */
    discount: text('discount'),
    discountTotal: integer('discount_total').notNull().default(0),
    approvedByName: text('approved_by_name'),
    subtotal: integer('subtotal').notNull(),
    tax: integer('tax').notNull(),
    total: integer('total').notNull(),
    amountPaid: integer('amount_paid').notNull().default(0),
    issuedAt: text('issued_at').notNull(),
    paidAt: text('paid_at'),
    cancelledAt: text('cancelled_at'),
    cancelReason: text('cancel_reason'),
    /** The signed sum of its payments' cash rounding (amount_paid + cash_rounding = total once PAID). */
    cashRounding: integer('cash_rounding').notNull().default(0),
    /** Who issued it, and the cash session it was issued in (null: a session bound to no register). */
    issuedBy: text('issued_by'),
    cashSessionId: text('cash_session_id'),
    /** The cash session it was cancelled in. */
    cancelSessionId: text('cancel_session_id'),
    /** What its credit notes gave back (gross). */
    credited: integer('credited').notNull().default(0),
  },
  (t) => [
    uniqueIndex('invoices_seq_idx').on(t.seq),
    // X and Z reports: a session's sales and cancellations.
    // Partial (IS NOT NULL) here and below: a sale writes no entry for a column it leaves empty.
    index('invoices_cash_session_idx').on(t.cashSessionId).where(sql`cash_session_id IS NOT NULL`),
    index('invoices_cancel_session_idx').on(t.cancelSessionId).where(sql`cancel_session_id IS NOT NULL`),
    // The day summary's cancellations: a range of cancellation times (cancelled invoices only).
    index('invoices_cancelled_idx').on(t.cancelledAt).where(sql`cancelled_at IS NOT NULL`),
    uniqueIndex('invoices_number_idx').on(t.number),
    uniqueIndex('invoices_order_idx').on(t.orderId),
    index('invoices_order_number_idx').on(t.orderNumber),
    index('invoices_status_idx').on(t.status, t.issuedAt, t.seq),
    // Pages (newest first) and the summary over a time range, both from an index.
    index('invoices_issued_seq_idx').on(t.issuedAt, t.seq),
    index('invoices_issued_idx').on(t.issuedAt, t.status, t.total, t.amountPaid, t.credited),
  ],
);

export const payments = sqliteTable(
  'payments',
  {
    id: text('id').primaryKey(),
    /** Null only on the refund of a return without a receipt. */
    invoiceId: text('invoice_id').references(() => invoices.id),
    orderId: text('order_id').references(() => orders.id),
    method: text('method', { enum: paymentMethods }).notNull(),
    kind: text('kind', { enum: paymentKinds }).notNull(),
    amount: integer('amount').notNull(),
    tendered: integer('tendered'),
    change: integer('change'),
    reference: text('reference'),
    /** For a refund: the payment it returns. */
    refundOf: text('refund_of'),
    /** The idempotency key and a hash of the request it came with (payments only). */
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
    createdBy: text('created_by').notNull().references(() => users.id),
    createdAt: text('created_at').notNull(),
    /** Cash rounding, signed: due − taken on the payment that settles in cash; a refund undoes it. */
    rounding: integer('rounding').notNull().default(0),
    /** The cash session it went through; null: a session bound to no register. */
    cashSessionId: text('cash_session_id'),
    /** A refund's credit note. */
    creditNoteId: text('credit_note_id'),
    /** A voucher tender's voucher, or the voucher a refund was issued as. */
    voucherCode: text('voucher_code'),
  },
  (t) => [
    uniqueIndex('payments_idempotency_idx').on(t.idempotencyKey).where(sql`idempotency_key IS NOT NULL`),
    index('payments_credit_note_idx').on(t.creditNoteId).where(sql`credit_note_id IS NOT NULL`),
    index('payments_cash_session_idx').on(t.cashSessionId, t.method, t.kind).where(sql`cash_session_id IS NOT NULL`),
    index('payments_invoice_idx').on(t.invoiceId),
    index('payments_order_idx').on(t.orderId),
    index('payments_created_idx').on(t.createdAt),
    index('payments_method_idx').on(t.method, t.createdAt),
  ],
);


/**
 * One row per orders.checkout: its idempotency key, a hash of the request it came with and the
 * sale it made, so a repeated key returns the first answer and other input is a CONFLICT.
 */
export const checkouts = sqliteTable('checkouts', {
  idempotencyKey: text('idempotency_key').primaryKey(),
  requestHash: text('request_hash').notNull(),
  orderId: text('order_id').notNull().references(() => orders.id),
  change: integer('change').notNull(),
  createdAt: text('created_at').notNull(),
});

/** A till: the counter a terminal sells through, with its own cash sessions and Z numbers. */
export const registers = sqliteTable(
  'registers',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** A network receipt printer (ESC/POS over TCP), or null. */
    printerHost: text('printer_host'),
    printerPort: integer('printer_port'),
    /** The perpetual grand total: the running sum of every Z's net sales, never reset. */
    grandTotal: integer('grand_total').notNull().default(0),
    /** The last Z report's sequence (Z numbers are gapless per register). */
    zSeq: integer('z_seq').notNull().default(0),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('registers_code_idx').on(t.code)],
);

/** A register's cash drawer from its opening float to its count at the close. */
export const cashSessions = sqliteTable(
  'cash_sessions',
  {
    id: text('id').primaryKey(),
    registerId: text('register_id').notNull().references(() => registers.id),
    status: text('status', { enum: ['OPEN', 'CLOSED'] }).notNull(),
    openingFloat: integer('opening_float').notNull(),
    /** Counts by denomination (JSON), when given. */
    openingCount: text('opening_count'),
    openedBy: text('opened_by').notNull().references(() => users.id),
    openedAt: text('opened_at').notNull(),
    expectedCash: integer('expected_cash'),
    countedCash: integer('counted_cash'),
    closingCount: text('closing_count'),
    variance: integer('variance'),
    note: text('note'),
    approvedBy: text('approved_by').references(() => users.id),
    closedBy: text('closed_by').references(() => users.id),
    closedAt: text('closed_at'),
  },
  (t) => [
    // One open session per register.
    uniqueIndex('cash_sessions_open_idx').on(t.registerId).where(sql`status = 'OPEN'`),
    index('cash_sessions_register_idx').on(t.registerId, t.openedAt),
    index('cash_sessions_opened_idx').on(t.openedAt),
  ],
);

/** Pay-ins, pay-outs, drops and no-sale drawer opens of a cash session. */
export const cashMovements = sqliteTable(
  'cash_movements',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id').notNull().references(() => cashSessions.id),
    kind: text('kind', { enum: ['payIn', 'payOut', 'drop', 'noSale'] }).notNull(),
    amount: integer('amount').notNull(),
    reason: text('reason').notNull(),
    createdBy: text('created_by').notNull().references(() => users.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('cash_movements_session_idx').on(t.sessionId)],
);

/** Lines taken off a cart and carts given up at the counter, per cash session (the Z report counts them). */
export const counterVoids = sqliteTable(
  'counter_voids',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cashSessionId: text('cash_session_id'),
    userId: text('user_id').notNull().references(() => users.id),
    kind: text('kind', { enum: ['line', 'cart'] }).notNull(),
    amount: integer('amount').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('counter_voids_session_idx').on(t.cashSessionId)],
);

/**
 * Z reports: sealed at the close of a cash session, numbered gapless per register, never
 * changed (triggers in migration 0010 refuse UPDATE and DELETE).
 */
export const zReports = sqliteTable(
  'z_reports',
  {
    id: text('id').primaryKey(),
    registerId: text('register_id').notNull().references(() => registers.id),
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    sessionId: text('session_id').notNull().references(() => cashSessions.id),
    /** The whole report as sealed (JSON of the contract's zReport without id, number, seq, chainHead, createdAt). */
    body: text('body').notNull(),
    netSales: integer('net_sales').notNull(),
    grandTotal: integer('grand_total').notNull(),
    chainHead: text('chain_head').notNull(),
    createdBy: text('created_by').notNull().references(() => users.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('z_reports_register_seq_idx').on(t.registerId, t.seq),
    uniqueIndex('z_reports_number_idx').on(t.number),
    uniqueIndex('z_reports_session_idx').on(t.sessionId),
    index('z_reports_created_idx').on(t.createdAt),
  ],
);

/**
 * Credit notes: an issued invoice is never edited, it is corrected by one. Numbered gapless
 * (CN-000001, or CN-R1-000001 per register) from the counters table; lines, tax breakdown, seller and customer frozen (JSON).
 */
export const creditNotes = sqliteTable(
  'credit_notes',
  {
    id: text('id').primaryKey(),
    seq: integer('seq').notNull(),
    number: text('number').notNull(),
    kind: text('kind', { enum: creditNoteKinds }).notNull(),
    invoiceId: text('invoice_id').references(() => invoices.id),
    orderId: text('order_id').references(() => orders.id),
    currency: text('currency').notNull(),
    lines: text('lines').notNull(),
    taxBreakdown: text('tax_breakdown').notNull(),
    seller: text('seller').notNull(),
    customer: text('customer'),
    priceBasis: text('price_basis').notNull().default('net'),
    discountTotal: integer('discount_total').notNull().default(0),
    subtotal: integer('subtotal').notNull(),
    tax: integer('tax').notNull(),
    total: integer('total').notNull(),
    /** What went back as money or vouchers; total − refunded reduced what was owed. */
    refunded: integer('refunded').notNull().default(0),
    issuedAt: text('issued_at').notNull(),
    issuedBy: text('issued_by').notNull().references(() => users.id),
    approvedBy: text('approved_by').references(() => users.id),
    cashSessionId: text('cash_session_id'),
    /** An exchange's new invoice. */
    exchangeInvoiceId: text('exchange_invoice_id').references(() => invoices.id),
    idempotencyKey: text('idempotency_key'),
    requestHash: text('request_hash'),
  },
  (t) => [
    uniqueIndex('credit_notes_seq_idx').on(t.seq),
    uniqueIndex('credit_notes_number_idx').on(t.number),
    uniqueIndex('credit_notes_idempotency_idx').on(t.idempotencyKey),
    index('credit_notes_invoice_idx').on(t.invoiceId),
    // Pages newest first, and the list's summary over a time range, from the index alone.
    index('credit_notes_issued_idx').on(t.issuedAt, t.seq, t.total, t.tax, t.refunded),
    index('credit_notes_cash_session_idx').on(t.cashSessionId),
  ],
);

/**
 * What has come back of each invoice line: the database refuses returning more than was sold
 * (CHECK), whatever the code does. `credited_*` are the cumulative prorated amounts.
 */
export const returnedLines = sqliteTable(
  'returned_lines',
  {
    invoiceId: text('invoice_id').notNull().references(() => invoices.id),
    lineIndex: integer('line_index').notNull(),
    sold: integer('sold').notNull(),
    returned: integer('returned').notNull(),
    creditedSubtotal: integer('credited_subtotal').notNull(),
    creditedTax: integer('credited_tax').notNull(),
    /** The line's discounts given back so far (prorated like the amounts). */
    creditedDiscount: integer('credited_discount').notNull().default(0),
    /** Restocked so far (recorded for when stock is kept). */
    restocked: integer('restocked').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.invoiceId, t.lineIndex] }),
    check('returned_lines_within_sold', sql`${t.returned} >= 0 AND ${t.returned} <= ${t.sold} AND ${t.restocked} <= ${t.returned}`),
  ],
);

/** Store credit: refund vouchers and gift vouchers. The balance can never go below 0 (CHECK). */
export const vouchers = sqliteTable(
  'vouchers',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull(),
    kind: text('kind', { enum: voucherKinds }).notNull(),
    currency: text('currency').notNull(),
    amount: integer('amount').notNull(),
    balance: integer('balance').notNull(),
    issuedAt: text('issued_at').notNull(),
    expiresAt: text('expires_at').notNull(),
    issuedBy: text('issued_by').notNull().references(() => users.id),
    creditNoteId: text('credit_note_id').references(() => creditNotes.id),
    invoiceId: text('invoice_id').references(() => invoices.id),
    cashSessionId: text('cash_session_id'),
  },
  (t) => [
    uniqueIndex('vouchers_code_idx').on(t.code),
    index('vouchers_credit_note_idx').on(t.creditNoteId),
    // The gift vouchers sold on an invoice (its receipt, a return of it).
    index('vouchers_invoice_idx').on(t.invoiceId).where(sql`invoice_id IS NOT NULL`),
    // The X/Z and day figures count the vouchers issued in a session or a time range.
    index('vouchers_cash_session_idx').on(t.cashSessionId),
    index('vouchers_issued_idx').on(t.issuedAt),
    check('vouchers_balance_in_range', sql`${t.balance} >= 0 AND ${t.balance} <= ${t.amount}`),
  ],
);

/** A voucher's ledger: issued, redeemed (by a tender), restored (that tender refunded). */
export const voucherEntries = sqliteTable(
  'voucher_entries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    voucherId: text('voucher_id').notNull().references(() => vouchers.id),
    kind: text('kind', { enum: voucherEntryKinds }).notNull(),
    /** Signed: + issued or restored, − redeemed. */
    amount: integer('amount').notNull(),
    balance: integer('balance').notNull(),
    paymentId: text('payment_id'),
    cashSessionId: text('cash_session_id'),
    createdBy: text('created_by').notNull().references(() => users.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('voucher_entries_voucher_idx').on(t.voucherId)],
);

/**
 * The head office this installation is attached to: set when its sync first said hello, one
 * row. From then on documents are numbered per register, and the catalogue (products, prices,
 * tax classes, users) comes down from the head office, applied version by version.
 */
export const headOfficeLink = sqliteTable(
  'head_office',
  {
    id: integer('id').primaryKey(),
    installationId: text('installation_id').notNull(),
    name: text('name').notNull(),
    attachedAt: text('attached_at').notNull(),
    /** The last catalogue version applied here (0: none yet). */
    catalogueVersion: integer('catalogue_version').notNull().default(0),
  },
  (t) => [check('head_office_one_row', sql`${t.id} = 1`)],
);
