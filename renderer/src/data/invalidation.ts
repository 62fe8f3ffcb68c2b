import type { QueryClient } from '@tanstack/react-query';
import type { Method, PushEvent, PushEvents } from '../../../shared/contract';

type EventKind = keyof PushEvents;

/**
 * The one place that says what a push event makes old: event kind → the contract methods whose
 * cached answers (every input) are re-read. A new kind is one line here.
 */
export const invalidatedBy = {
  'order.changed': ['reports.x', 'reports.daySummary', 'reports.dashboard', 'orders.list', 'orders.get', 'orders.history', 'invoices.list', 'invoices.get', 'invoices.getByOrder', 'payments.list'],
  'invoice.changed': ['invoices.list', 'invoices.get', 'invoices.getByOrder', 'orders.list', 'orders.get', 'orders.history', 'payments.list', 'receipts.layout'],
  'export.progress': [],
  'product.changed': ['products.list', 'products.get', 'products.findByCode', 'products.categories'],
  'taxClass.changed': ['taxClasses.list', 'products.list', 'products.get', 'products.findByCode'],
  'settings.changed': ['settings.get', 'settings.logo', 'receipts.layout', 'returns.returnable'],
  'user.changed': ['users.list', 'auth.me'],
  'register.changed': ['registers.list'],
  'creditNote.changed': ['creditNotes.list', 'creditNotes.get', 'creditNotes.receiptLayout', 'returns.returnable', 'invoices.list', 'invoices.get', 'payments.list', 'reports.x', 'reports.daySummary', 'reports.dashboard'],
  'voucher.changed': ['vouchers.get', 'reports.x'],
  'cashSession.changed': ['cashSessions.current', 'cashSessions.get', 'cashSessions.list', 'cashSessions.movements', 'reports.x', 'reports.zList', 'reports.daySummary', 'reports.dashboard'],
} as const satisfies Record<EventKind, readonly Method[]>;

/** An event as the client hands it over. */
export type AnyPushEvent = PushEvent;

/**
 * Marks what `event` makes old: screens showing it re-read now (an older answer still on its
 * way is dropped by the cache), the rest when next shown. Resolves when the re-reads are done.
 */
export async function invalidateFor(client: QueryClient, event: AnyPushEvent): Promise<void> {
  const methods: readonly Method[] = invalidatedBy[event.event];
  await Promise.all(methods.map((method) => client.invalidateQueries({ queryKey: [method] })));
}
