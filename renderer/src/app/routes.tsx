import type { ReactNode } from 'react';
import type { Role } from '../../../shared/contract';
import type { MessageId } from '../i18n';
import { canCall } from './access';
import { lazyPage } from './lazyPage';

const counter = lazyPage(() => import('../features/counter/CounterPage'), 'CounterPage');
const orders = lazyPage(() => import('../features/orders/OrdersPage'), 'OrdersPage');
const invoices = lazyPage(() => import('../features/invoices/InvoicesPage'), 'InvoicesPage');
const returns = lazyPage(() => import('../features/returns/ReturnsPage'), 'ReturnsPage');
const reports = lazyPage(() => import('../features/reports/ReportsPage'), 'ReportsPage');
const exportsPage = lazyPage(() => import('../features/exports/ExportsPage'), 'ExportsPage');
const users = lazyPage(() => import('../features/users/UsersPage'), 'UsersPage');
const products = lazyPage(() => import('../features/products/ProductsPage'), 'ProductsPage');
const settings = lazyPage(() => import('../features/settings/SettingsPage'), 'SettingsPage');
const taxes = lazyPage(() => import('../features/settings/TaxesPage'), 'TaxesPage');
const registers = lazyPage(() => import('../features/settings/RegistersPage'), 'RegistersPage');
const audit = lazyPage(() => import('../features/audit/AuditPage'), 'AuditPage');
const backups = lazyPage(() => import('../features/backup/BackupsPage'), 'BackupsPage');
const headOffice = lazyPage(() => import('../features/headOffice/HeadOfficePage'), 'HeadOfficePage');
const about = lazyPage(() => import('../features/about/AboutPage'), 'AboutPage');

export interface AppRoute {
  path: string;
  /** The label in the left navigation, and the window title (a message id: it follows the language). */
  labelId: MessageId;
  /** Navigation group; items of a group are shown under its heading. */
  section: 'main' | 'admin';
  /** Further addresses this screen shows (e.g. one invoice, #/invoices/<id>); its link stays `path`. */
  matches?: (path: string) => boolean;
  visible: (role: Role) => boolean;
  render: () => ReactNode;
  /** Fetches the screen's code ahead of showing it. */
  preload: () => Promise<unknown>;
}

/**
 * Every screen of the signed-in app. Visibility follows the contract's access table
 * (the screen's main method); the dispatcher still enforces it.
 */
export const appRoutes: readonly AppRoute[] = [
  { path: '/counter', labelId: 'shell.navCounter', section: 'main', visible: (r) => canCall(r, 'orders.create'), render: () => <counter.Page />, preload: counter.preload },
  { path: '/orders', labelId: 'shell.navOrders', section: 'main', visible: (r) => canCall(r, 'orders.list'), render: () => <orders.Page />, preload: orders.preload },
  {
    path: '/invoices',
    matches: (p) => /^\/invoices\/[^/]+$/.test(p),
    labelId: 'shell.navInvoices',
    section: 'main',
    visible: (r) => canCall(r, 'invoices.list'),
    render: () => <invoices.Page />,
    preload: invoices.preload,
  },
  // Returns, exchanges and returns without a receipt (#/returns/<invoice id> opens one sale's).
  {
    path: '/returns',
    matches: (p) => p.startsWith('/returns/'),
    labelId: 'shell.navReturns',
    section: 'main',
    visible: (r) => canCall(r, 'returns.create'),
    render: () => <returns.Page />,
    preload: returns.preload,
  },
  // Sessions and Z reports for every role (a cashier's are their register's); the dashboard tab for reports.dashboard's roles.
  {
    path: '/reports',
    matches: (p) => p.startsWith('/reports/'),
    labelId: 'shell.navReports',
    section: 'main',
    visible: (r) => canCall(r, 'reports.zList'),
    render: () => <reports.Page />,
    preload: reports.preload,
  },
  // exports.*: admin, manager, support.
  { path: '/exports', labelId: 'shell.navExports', section: 'main', visible: (r) => r !== 'cashier', render: () => <exportsPage.Page />, preload: exportsPage.preload },
  { path: '/admin/users', labelId: 'shell.navUsers', section: 'admin', visible: (r) => canCall(r, 'users.list'), render: () => <users.Page />, preload: users.preload },
  { path: '/admin/products', labelId: 'shell.navProducts', section: 'admin', visible: (r) => canCall(r, 'products.create'), render: () => <products.Page />, preload: products.preload },
  { path: '/admin/settings', labelId: 'shell.navSettings', section: 'admin', visible: (r) => canCall(r, 'settings.update'), render: () => <settings.Page />, preload: settings.preload },
  { path: '/admin/taxes', labelId: 'shell.navTaxes', section: 'admin', visible: (r) => canCall(r, 'taxClasses.create'), render: () => <taxes.Page />, preload: taxes.preload },
  { path: '/admin/registers', labelId: 'shell.navRegisters', section: 'admin', visible: (r) => canCall(r, 'registers.create'), render: () => <registers.Page />, preload: registers.preload },
  { path: '/admin/audit', labelId: 'shell.navAudit', section: 'admin', visible: (r) => canCall(r, 'audit.list'), render: () => <audit.Page />, preload: audit.preload },
  { path: '/admin/backups', labelId: 'shell.navBackups', section: 'admin', visible: (r) => canCall(r, 'system.backups'), render: () => <backups.Page />, preload: backups.preload },
  // Shipping the books to the head office: this till's state and every installation's progress.
  { path: '/admin/head-office', labelId: 'shell.navHeadOffice', section: 'admin', visible: (r) => canCall(r, 'headOffice.installations'), render: () => <headOffice.Page />, preload: headOffice.preload },
  { path: '/admin/about', labelId: 'shell.navAbout', section: 'admin', visible: (r) => canCall(r, 'system.about'), render: () => <about.Page />, preload: about.preload },
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
