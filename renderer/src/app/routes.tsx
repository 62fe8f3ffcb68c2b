import type { ReactNode } from 'react';
import type { Role } from '../../../shared/contract';
import { AuditPage } from '../features/audit/AuditPage';
import { BackupsPage } from '../features/backup/BackupsPage';
import { CounterPage } from '../features/counter/CounterPage';
import { ExportsPage } from '../features/exports/ExportsPage';
import { InvoicesPage } from '../features/invoices/InvoicesPage';
import { OrdersPage } from '../features/orders/OrdersPage';
import { ProductsPage } from '../features/products/ProductsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { UsersPage } from '../features/users/UsersPage';
import { canCall } from './access';

export interface AppRoute {
  path: string;
  /** The label in the left navigation, and the window title. */
  label: string;
  /** Navigation group; items of a group are shown under its heading. */
  section: 'main' | 'admin';
  /** Further addresses this screen shows (e.g. one invoice, #/invoices/<id>); its link stays `path`. */
  matches?: (path: string) => boolean;
  visible: (role: Role) => boolean;
  render: () => ReactNode;
}

/**
 * Every screen of the signed-in app. Visibility follows the contract's access table
 * (the screen's main method); the dispatcher still enforces it.
 */
export const appRoutes: readonly AppRoute[] = [
  { path: '/counter', label: 'Counter', section: 'main', visible: (r) => canCall(r, 'orders.create'), render: () => <CounterPage /> },
  { path: '/orders', label: 'Orders', section: 'main', visible: (r) => canCall(r, 'orders.list'), render: () => <OrdersPage /> },
  {
    path: '/invoices',
    matches: (p) => /^\/invoices\/[^/]+$/.test(p),
    label: 'Invoices',
    section: 'main',
    visible: (r) => canCall(r, 'invoices.list'),
    render: () => <InvoicesPage />,
  },
  // exports.* (CONTRACT.md roles table): admin, manager, support.
  { path: '/exports', label: 'Exports', section: 'main', visible: (r) => r !== 'cashier', render: () => <ExportsPage /> },
  { path: '/admin/users', label: 'Users', section: 'admin', visible: (r) => canCall(r, 'users.list'), render: () => <UsersPage /> },
  { path: '/admin/products', label: 'Products', section: 'admin', visible: (r) => canCall(r, 'products.create'), render: () => <ProductsPage /> },
  { path: '/admin/settings', label: 'Settings', section: 'admin', visible: (r) => canCall(r, 'settings.update'), render: () => <SettingsPage /> },
  { path: '/admin/audit', label: 'Audit', section: 'admin', visible: (r) => canCall(r, 'audit.list'), render: () => <AuditPage /> },
  { path: '/admin/backups', label: 'Backups', section: 'admin', visible: (r) => canCall(r, 'system.backups'), render: () => <BackupsPage /> },
];

/** The route that shows `path`, if any. */
export function routeFor(routes: readonly AppRoute[], path: string): AppRoute | null {
  return routes.find((r) => r.path === path || r.matches?.(path)) ?? null;
}

export function routesFor(role: Role): AppRoute[] {
  return appRoutes.filter((r) => r.visible(role));
}

/** Where a role lands after sign-in, and for unknown paths. */
export function homeFor(role: Role): string {
  return routesFor(role)[0]?.path ?? '/orders';
}
