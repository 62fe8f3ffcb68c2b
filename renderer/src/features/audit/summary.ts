import type { AuditEntry } from '../../../../shared/contract/audit';
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
const typeLabels: Record<string, string> = {
  'auth.setup': 'First admin created',
  'auth.login': 'Signed in',
  'auth.logout': 'Signed out',
  'auth.login_failed': 'Sign-in failed',
  'auth.login_throttled': 'Sign-ins refused while locked',
  'user.created': 'User created',
  'user.updated': 'User changed',
  'user.password_reset': 'Password reset',
  'user.unlocked': 'Sign-in unlocked',
  'settings.updated': 'Settings changed',
  'product.created': 'Product created',
  'product.updated': 'Product changed',
  'order.created': 'Order created',
  'order.updated': 'Order changed',
  'order.deleted': 'Order deleted',
  'order.processing': 'Order invoiced',
  'order.fulfilled': 'Order paid',
  'order.shipped': 'Order shipped',
  'order.delivered': 'Order delivered',
  'order.cancelled': 'Order cancelled',
  'invoice.issued': 'Invoice issued',
  'invoice.paid': 'Invoice paid',
  'invoice.cancelled': 'Invoice cancelled',
  'payment.received': 'Payment',
  'payment.refunded': 'Refund',
  'system.backup': 'Backup made',
  'system.restored': 'Backup restored',
  'export.created': 'Export written',
  'export.downloaded': 'Export downloaded',
  'export.saved': 'Export saved',
  'system.backup_failed': 'Backup failed',
  'system.backup_copied': 'Backup copied',
  'system.backup_removed': 'Old backup removed',
  'system.backup_folder_chosen': 'Second backup folder chosen',
  'system.diagnostics': 'Diagnostics saved',
  'counter.line_voided': 'Line voided at the counter',
  'counter.cart_abandoned': 'Cart abandoned at the counter',
  'auth.register_chosen': 'Terminal register chosen',
  'auth.pin_login': 'Signed in with PIN',
  'auth.locked': 'Terminal locked',
  'register.created': 'Register created',
  'register.updated': 'Register changed',
  'cash_session.opened': 'Register opened',
  'cash_session.moved': 'Cash movement',
  'cash_session.closed': 'Register closed',
  'z_report.sealed': 'Z report sealed',
};

export function typeLabel(type: string): string {
  return typeLabels[type] ?? type;
}

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** One value, short: money formatted, free texts quoted, objects and lists summarised. */
export function formatValue(key: string, value: Json | undefined, currency: string | null): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number' && moneyKeys.has(key) && currency && Number.isInteger(value)) return formatMoney(value, currency);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') {
    const short = value.length > 40 ? `${value.slice(0, 39)}…` : value;
    // Codes and single words as they are; free text in quotes.
    return /\s/.test(value) || value === '' ? `“${short}”` : short;
  }
  if (Array.isArray(value)) return `${value.length} item${value.length === 1 ? '' : 's'}`;
  if (isObject(value)) {
    if (typeof value.name === 'string') return `“${value.name}”`;
    return `{${Object.keys(value).slice(0, 3).join(', ')}${Object.keys(value).length > 3 ? ', …' : ''}}`;
  }
  return String(value);
}

/** Readable name of a field: camelCase → words. */
export function fieldLabel(key: string): string {
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
  const amount = typeof line.amount === 'number' ? ` (${formatValue('amount', line.amount, currency)})` : '';
  return `${String(line.quantity ?? '?')} × ${String(line.name ?? '?')}${amount}`;
}

/** Counter voids read as who took off what and for how much, not as their raw fields. */
function counterChanges(entry: AuditEntry, currency: string | null): Change[] | null {
  const after = entry.after;
  if (!isObject(after)) return null;
  const cashier = typeof after.cashierName === 'string' ? after.cashierName : typeof after.cashier === 'string' ? after.cashier : '—';
  const held: Change[] = typeof after.heldOrderId === 'string' ? [{ field: 'From a held order', before: null, after: 'yes' }] : [];
  if (entry.type === 'counter.line_voided') {
    return [{ field: 'Line', before: null, after: voidedLine(after, currency) }, { field: 'Cashier', before: null, after: cashier }, ...held];
  }
  if (entry.type === 'counter.cart_abandoned') {
    const lines = Array.isArray(after.lines) ? after.lines.filter(isObject) : [];
    const shown = lines.slice(0, 3).map((l) => voidedLine(l, currency)).join(', ');
    return [
      { field: 'Lines', before: null, after: lines.length > 3 ? `${shown}, and ${lines.length - 3} more` : shown },
      { field: 'Amount', before: null, after: formatValue('amount', after.amount, currency) },
      { field: 'Cashier', before: null, after: cashier },
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
      changes.push({ field: fieldLabel(key), before: was, after: after[key] === undefined ? 'removed' : formatValue(key, after[key], currency) });
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
    changes.push({ field: 'Value', before: before === null ? null : formatValue('', before, currency), after: formatValue('', after, currency) });
  }
  return { changes: changes.slice(0, max), more: Math.max(0, changes.length - max) };
}

/** The same as one line of text (for tests and screen readers). */
export function summaryText(entry: AuditEntry, currency: string | null): string {
  const { changes, more } = changesOf(entry, currency);
  if (changes.length === 0) return '';
  const text = changes.map((c) => (c.before !== null ? `${c.field}: ${c.before} → ${c.after}` : `${c.field}: ${c.after}`)).join('; ');
  return more > 0 ? `${text}; and ${more} more` : text;
}
