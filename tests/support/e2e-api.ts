/**
 * Seeding for the end-to-end tests: users, products, orders, invoices and payments made
 * through the HTTP API (the same contract the UI speaks), and signing in through the UI.
 */
import { expect, type Page } from '@playwright/test';
import type { Input, Invoice, Order, Product, Role } from '../../shared/contract';
import type { TesseraServer } from './e2e';

export interface StoreUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
}

export const users = {
  admin: { username: 'admin', displayName: 'Alex Admin', password: 'correct horse battery', role: 'admin' },
  manager: { username: 'morgan', displayName: 'Morgan Manager', password: 'manager-pass-1', role: 'manager' },
  cashier: { username: 'casey', displayName: 'Casey Cashier', password: 'cashier-pass-1', role: 'cashier' },
  support: { username: 'sam', displayName: 'Sam Support', password: 'support-pass-1', role: 'support' },
} as const satisfies Record<Role, StoreUser>;

/** Session tokens per role, for seeding behind the UI's back. */
export type Tokens = Record<Role, string>;

/** A fresh store with one user per role; returns their API tokens. */
export async function setUpStore(server: TesseraServer, roles: readonly Role[] = ['admin', 'manager', 'cashier', 'support']): Promise<Tokens> {
  const { admin } = users;
  const setup = await server.call('auth.setup', { username: admin.username, displayName: admin.displayName, password: admin.password });
  const tokens = { admin: setup.token } as Tokens;
  for (const role of roles) {
    if (role === 'admin') continue;
    const u = users[role];
    await server.call('users.create', { username: u.username, displayName: u.displayName, role: u.role, password: u.password }, setup.token);
    tokens[role] = (await server.call('auth.login', { username: u.username, password: u.password })).token;
  }
  // Register 1 is open, as at a store during the day: the counter takes sales at once.
  await server.call('cashSessions.open', { registerId: 'register-1', openingFloat: 10_000 }, setup.token);
  return tokens;
}

/** Signs `role`'s user in through the sign-in screen and waits for the shell. */
export async function signIn(page: Page, role: Role): Promise<void> {
  const u = users[role];
  await page.goto('/');
  await page.getByLabel('Username').fill(u.username);
  await page.getByLabel('Password', { exact: true }).fill(u.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toHaveText(u.displayName);
}

/** The left navigation. */
export const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

export function createProduct(server: TesseraServer, token: string, input: Input<'products.create'>): Promise<Product> {
  return server.call('products.create', input, token);
}

export interface OrderSeed {
  customer?: string;
  /** Free lines; one €10.00 + 20 % line when absent. */
  lines?: Input<'orders.create'>['lines'];
  note?: string;
}

/** A held order (RECEIVED), as the counter's Hold makes it. */
export function createOrder(server: TesseraServer, token: string, seed: OrderSeed = {}): Promise<Order> {
  return server.call(
    'orders.create',
    {
      lines: seed.lines ?? [{ name: 'Espresso beans 1 kg', unitPrice: 1000, taxRateBp: 2000, quantity: 1 }],
      ...(seed.customer ? { customer: { name: seed.customer } } : {}),
      ...(seed.note ? { note: seed.note } : {}),
    },
    token,
  );
}

export function issueInvoice(server: TesseraServer, token: string, orderId: string): Promise<Invoice> {
  return server.call('invoices.generate', { orderId }, token);
}

let keys = 0;

/** Pays `amount` (the whole balance when absent) of an invoice. */
export async function pay(server: TesseraServer, token: string, invoice: Invoice, method: 'cash' | 'card' | 'other' = 'card', amount = invoice.balance): Promise<Invoice> {
  const result = await server.call('payments.pay', { invoiceId: invoice.id, method, amount, idempotencyKey: `e2e-${Date.now()}-${++keys}` }, token);
  return result.invoice;
}

/** An order invoiced and paid in full (FULFILLED), with its invoice. */
export async function paidOrder(server: TesseraServer, token: string, seed: OrderSeed = {}, method: 'cash' | 'card' | 'other' = 'card'): Promise<{ order: Order; invoice: Invoice }> {
  const order = await createOrder(server, token, seed);
  const invoice = await pay(server, token, await issueInvoice(server, token, order.id), method);
  return { order: await server.call('orders.get', { id: order.id }, token), invoice };
}
