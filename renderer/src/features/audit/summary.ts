import type { AuditEntry } from '../../../../shared/contract/audit';
import { t, type MessageId } from '../../i18n/core';
import { formatMoney } from '../../ui/money';

type Json = AuditEntry['after'];
type JsonObject = { [key: string]: Json };

/** Fields that hold money in minor units. */
const moneyKeys = new Set(['amount', 'total', 'subtotal', 'tax', 'amountPaid', 'unitPrice', 'balance', 'tendered', 'change', 'openingFloat', 'expectedCash', 'countedCash', 'variance', 'netSales', 'grandTotal', 'rounding']);
/** Bookkeeping that says nothing to a reader. */
const quietKeys = new Set(['version', 'id', 'updatedAt', 'createdAt', 'createdBy', 'allowedTransitions', 'lines', 'orderId', 'invoiceId', 'sha256']);

/** The fields that say most about a new record, in the order they are shown. */
const notable = ['number', 'name', 'username', 'displayName', 'role', 'status', 'customer', 'total', 'amount', 'method', 'kind', 'reason', 'sku', 'unitPrice', 'restored', 'bytes', 'attempts'];

/** Labels for the entry types the app writes; others are shown as they are. */
const typeLabels: Record<string, MessageId> = {
  'auth.setup': 'audit.eventAuthSetup',
  'auth.login': 'audit.eventAuthLogin',
  'auth.logout': 'audit.eventAuthLogout',
  'auth.login_failed': 'audit.eventAuthLoginFailed',
  'auth.login_throttled': 'audit.eventAuthLoginThrottled',
  'user.created': 'audit.eventUserCreated',
  'user.updated': 'audit.eventUserUpdated',
  'user.password_reset': 'audit.eventUserPasswordReset',
  'user.unlocked': 'audit.eventUserUnlocked',
  'settings.updated': 'audit.eventSettingsUpdated',
  'product.created': 'audit.eventProductCreated',
  'product.updated': 'audit.eventProductUpdated',
  'order.created': 'audit.eventOrderCreated',
  'order.updated': 'audit.eventOrderUpdated',
  'order.deleted': 'audit.eventOrderDeleted',
  'order.processing': 'audit.eventOrderProcessing',
  'order.fulfilled': 'audit.eventOrderFulfilled',
  'order.shipped': 'audit.eventOrderShipped',
  'order.delivered': 'audit.eventOrderDelivered',
  'order.cancelled': 'audit.eventOrderCancelled',
  'invoice.issued': 'audit.eventInvoiceIssued',
  'invoice.paid': 'audit.eventInvoicePaid',
  'invoice.cancelled': 'audit.eventInvoiceCancelled',
  'payment.received': 'audit.eventPaymentReceived',
  'payment.refunded': 'audit.eventPaymentRefunded',
  'system.backup': 'audit.eventSystemBackup',
  'system.restored': 'audit.eventSystemRestored',
  'export.created': 'audit.eventExportCreated',
  'export.downloaded': 'audit.eventExportDownloaded',
  'export.saved': 'audit.eventExportSaved',
  'system.backup_failed': 'audit.eventSystemBackupFailed',
  'system.backup_copied': 'audit.eventSystemBackupCopied',
  'system.backup_removed': 'audit.eventSystemBackupRemoved',
  'system.backup_folder_chosen': 'audit.eventSystemBackupFolderChosen',
  'system.diagnostics': 'audit.eventSystemDiagnostics',
  'counter.line_voided': 'audit.eventCounterLineVoided',
  'counter.cart_abandoned': 'audit.eventCounterCartAbandoned',
  'auth.register_chosen': 'audit.eventAuthRegisterChosen',
  'auth.pin_login': 'audit.eventAuthPinLogin',
  'auth.locked': 'audit.eventAuthLocked',
  'register.created': 'audit.eventRegisterCreated',
  'register.updated': 'audit.eventRegisterUpdated',
  'cash_session.opened': 'audit.eventCashSessionOpened',
  'cash_session.moved': 'audit.eventCashSessionMoved',
  'cash_session.closed': 'audit.eventCashSessionClosed',
  'z_report.sealed': 'audit.eventZReportSealed',
};

export function typeLabel(type: string): string {
  return Object.hasOwn(typeLabels, type) ? t(typeLabels[type]!) : type;
}

/** Labels for the fields the app records; others are made readable from their names. */
const fieldLabels: Record<string, MessageId> = {
  username: 'audit.fieldUsername',
  displayName: 'audit.fieldDisplayName',
  role: 'audit.fieldRole',
  active: 'audit.fieldActive',
  hasPin: 'audit.fieldHasPin',
  language: 'audit.fieldLanguage',
  lockedUntil: 'audit.fieldLockedUntil',
  failures: 'audit.fieldFailures',
  attempts: 'audit.fieldAttempts',
  first: 'audit.fieldFirst',
  last: 'audit.fieldLast',
  via: 'audit.fieldVia',
  replacedBy: 'audit.fieldReplacedBy',
  registerId: 'audit.fieldRegisterId',
  registerCode: 'audit.fieldRegisterCode',
  keptAs: 'audit.fieldKeptAs',
  restored: 'audit.fieldRestored',
  by: 'audit.fieldBy',
  sessionsEnded: 'audit.fieldSessionsEnded',
  name: 'audit.fieldName',
  bytes: 'audit.fieldBytes',
  kind: 'audit.fieldKind',
  file: 'audit.fieldFile',
  fileName: 'audit.fieldFileName',
  days: 'audit.fieldDays',
  logLines: 'audit.fieldLogLines',
  openingFloat: 'audit.fieldOpeningFloat',
  count: 'audit.fieldCount',
  movementId: 'audit.fieldMovementId',
  amount: 'audit.fieldAmount',
  reason: 'audit.fieldReason',
  status: 'audit.fieldStatus',
  expected: 'audit.fieldExpected',
  counted: 'audit.fieldCounted',
  variance: 'audit.fieldVariance',
  note: 'audit.fieldNote',
  approvedBy: 'audit.fieldApprovedBy',
  zReportId: 'audit.fieldZReportId',
  zNumber: 'audit.fieldZNumber',
  number: 'audit.fieldNumber',
  sessionId: 'audit.fieldSessionId',
  netSales: 'audit.fieldNetSales',
  grandTotal: 'audit.fieldGrandTotal',
  chainHead: 'audit.fieldChainHead',
  rateBp: 'audit.fieldRateBp',
  archived: 'audit.fieldArchived',
  effectiveFrom: 'audit.fieldEffectiveFrom',
  rates: 'audit.fieldRates',
  sku: 'audit.fieldSku',
  barcode: 'audit.fieldBarcode',
  unitPrice: 'audit.fieldUnitPrice',
  taxClassId: 'audit.fieldTaxClassId',
  openPrice: 'audit.fieldOpenPrice',
  cost: 'audit.fieldCost',
  category: 'audit.fieldCategory',
  quantity: 'audit.fieldQuantity',
  customer: 'audit.fieldCustomer',
  discount: 'audit.fieldDiscount',
  discountTotal: 'audit.fieldDiscountTotal',
  subtotal: 'audit.fieldSubtotal',
  tax: 'audit.fieldTax',
  total: 'audit.fieldTotal',
  currency: 'audit.fieldCurrency',
  amountPaid: 'audit.fieldAmountPaid',
  cashRounding: 'audit.fieldCashRounding',
  balance: 'audit.fieldBalance',
  credited: 'audit.fieldCredited',
  orderNumber: 'audit.fieldOrderNumber',
  issuedAt: 'audit.fieldIssuedAt',
  paidAt: 'audit.fieldPaidAt',
  cancelledAt: 'audit.fieldCancelledAt',
  cancelReason: 'audit.fieldCancelReason',
  taxBreakdown: 'audit.fieldTaxBreakdown',
  approvedByName: 'audit.fieldApprovedByName',
  refunded: 'audit.fieldRefunded',
  refunds: 'audit.fieldRefunds',
  vouchers: 'audit.fieldVouchers',
  issuedBy: 'audit.fieldIssuedBy',
  issuedByName: 'audit.fieldIssuedByName',
  invoiceNumber: 'audit.fieldInvoiceNumber',
  exchangeInvoiceId: 'audit.fieldExchangeInvoiceId',
  method: 'audit.fieldMethod',
  tendered: 'audit.fieldTendered',
  change: 'audit.fieldChange',
  reference: 'audit.fieldReference',
  refundOf: 'audit.fieldRefundOf',
  creditNoteId: 'audit.fieldCreditNoteId',
  voucherCode: 'audit.fieldVoucherCode',
  rounding: 'audit.fieldRounding',
  cashSessionId: 'audit.fieldCashSessionId',
  paymentId: 'audit.fieldPaymentId',
  code: 'audit.fieldCode',
  printer: 'audit.fieldPrinter',
  zCount: 'audit.fieldZCount',
  expiresAt: 'audit.fieldExpiresAt',
  usable: 'audit.fieldUsable',
  storeName: 'audit.fieldStoreName',
  address: 'audit.fieldAddress',
  taxId: 'audit.fieldTaxId',
  phone: 'audit.fieldPhone',
  locale: 'audit.fieldLocale',
  timeZone: 'audit.fieldTimeZone',
  invoiceFooter: 'audit.fieldInvoiceFooter',
  paperSize: 'audit.fieldPaperSize',
  receiptWidth: 'audit.fieldReceiptWidth',
  logo: 'audit.fieldLogo',
  maxChange: 'audit.fieldMaxChange',
  quantityConfirmAbove: 'audit.fieldQuantityConfirmAbove',
  lockAfterIdleMinutes: 'audit.fieldLockAfterIdleMinutes',
  varianceApprovalAbove: 'audit.fieldVarianceApprovalAbove',
  blindCount: 'audit.fieldBlindCount',
  returnWindowDays: 'audit.fieldReturnWindowDays',
  receiptlessPriceWindowDays: 'audit.fieldReceiptlessPriceWindowDays',
  voucherValidityDays: 'audit.fieldVoucherValidityDays',
  returnReasons: 'audit.fieldReturnReasons',
  pricesIncludeTax: 'audit.fieldPricesIncludeTax',
  taxRounding: 'audit.fieldTaxRounding',
  discountReasons: 'audit.fieldDiscountReasons',
  cashierMaxDiscountPercent: 'audit.fieldCashierMaxDiscountPercent',
  defaultLanguage: 'audit.fieldDefaultLanguage',
  documentLanguage: 'audit.fieldDocumentLanguage',
};

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One value, short: money formatted, free texts quoted, objects and lists summarised. */
export function formatValue(key: string, value: Json | undefined, currency: string | null): string {
  if (value === undefined || value === null) return t('common.none_dash');
  if (typeof value === 'number' && moneyKeys.has(key) && currency && Number.isInteger(value)) return formatMoney(value, currency);
  if (typeof value === 'boolean') return value ? t('audit.valueYes') : t('audit.valueNo');
  if (typeof value === 'string') {
    const short = value.length > 40 ? `${value.slice(0, 39)}…` : value;
    // Codes and single words as they are; free text in quotes.
    return /\s/.test(value) || value === '' ? t('audit.quoted', { text: short }) : short;
  }
  if (Array.isArray(value)) return t('audit.itemCount', { count: value.length });
  if (isObject(value)) {
    if (typeof value.name === 'string') return t('audit.quoted', { text: value.name });
    return `{${Object.keys(value).slice(0, 3).join(', ')}${Object.keys(value).length > 3 ? ', …' : ''}}`;
  }
  return String(value);
}

/** Readable name of a field: its label, or camelCase → words. */
export function fieldLabel(key: string): string {
  if (Object.hasOwn(fieldLabels, key)) return t(fieldLabels[key]!);
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface Change {
  field: string;
  before: string | null;
  after: string;
}

/** "2 × Espresso (€3.30)": one voided line. */
function voidedLine(line: JsonObject, currency: string | null): string {
  const quantity = String(line.quantity ?? '?');
  const name = String(line.name ?? '?');
  return typeof line.amount === 'number'
    ? t('audit.voidedLineAmount', { quantity, name, amount: formatValue('amount', line.amount, currency) })
    : t('audit.voidedLine', { quantity, name });
}

/** Counter voids read as who took off what and for how much, not as their raw fields. */
function counterChanges(entry: AuditEntry, currency: string | null): Change[] | null {
  const after = entry.after;
  if (!isObject(after)) return null;
  const cashier = typeof after.cashierName === 'string' ? after.cashierName : typeof after.cashier === 'string' ? after.cashier : t('common.none_dash');
  const held: Change[] = typeof after.heldOrderId === 'string' ? [{ field: t('audit.counterFromHeldOrder'), before: null, after: t('audit.valueYes') }] : [];
  if (entry.type === 'counter.line_voided') {
    return [{ field: t('audit.counterLine'), before: null, after: voidedLine(after, currency) }, { field: t('audit.counterCashier'), before: null, after: cashier }, ...held];
  }
  if (entry.type === 'counter.cart_abandoned') {
    const lines = Array.isArray(after.lines) ? after.lines.filter(isObject) : [];
    const shown = lines.slice(0, 3).map((l) => voidedLine(l, currency)).join(', ');
    return [
      { field: t('audit.counterLines'), before: null, after: lines.length > 3 ? t('audit.linesAndMore', { lines: shown, count: lines.length - 3 }) : shown },
      { field: t('common.amount'), before: null, after: formatValue('amount', after.amount, currency) },
      { field: t('audit.counterCashier'), before: null, after: cashier },
      ...held,
    ];
  }
  return null;
}

/**
 * What an entry changed, as a few lines a person can read: for an edit, each field that
 * differs (before → after); for a creation, its notable fields; nothing when there is no data.
 */
export function changesOf(entry: AuditEntry, currency: string | null, max = 4): { changes: Change[]; more: number } {
  const { before, after } = entry;
  const counter = counterChanges(entry, currency);
  if (counter) return { changes: counter.slice(0, max), more: Math.max(0, counter.length - max) };
  const changes: Change[] = [];
  if (isObject(before) && isObject(after)) {
    // An edit: each field that differs.
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
      if (quietKeys.has(key) || same(before[key], after[key])) continue;
      const was = before[key] === undefined ? null : formatValue(key, before[key], currency);
      changes.push({ field: fieldLabel(key), before: was, after: after[key] === undefined ? t('audit.valueRemoved') : formatValue(key, after[key], currency) });
    }
  } else if (isObject(after) || isObject(before)) {
    // A creation (its fields) or a deletion (what was removed): the telling fields first.
    const fields = (isObject(after) ? after : before) as JsonObject;
    const keys = Object.keys(fields).filter((k) => !quietKeys.has(k) && fields[k] !== null && !(k === 'amountPaid' && fields[k] === 0));
    const rank = (k: string) => (notable.includes(k) ? notable.indexOf(k) : notable.length);
    for (const key of keys.sort((a, b) => rank(a) - rank(b))) {
      changes.push({ field: fieldLabel(key), before: null, after: formatValue(key, fields[key], currency) });
    }
  } else if (after !== null) {
    changes.push({ field: t('audit.fieldValue'), before: before === null ? null : formatValue('', before, currency), after: formatValue('', after, currency) });
  }
  return { changes: changes.slice(0, max), more: Math.max(0, changes.length - max) };
}

/** The same as one line of text (for tests and screen readers). */
export function summaryText(entry: AuditEntry, currency: string | null): string {
  const { changes, more } = changesOf(entry, currency);
  if (changes.length === 0) return '';
  const text = changes.map((c) => (c.before !== null ? t('audit.summaryChange', { field: c.field, before: c.before, after: c.after }) : t('audit.summaryField', { field: c.field, value: c.after }))).join('; ');
  return more > 0 ? t('audit.summaryMore', { text, count: more }) : text;
}
