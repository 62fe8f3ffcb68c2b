/**
 * Admin → Head office and the shell's head-office indicator, without PostgreSQL: a store
 * started without --head-office is detached (the screen says how to attach, the shell shows
 * nothing), and the attached states are played to the page by answering headOffice.status and
 * headOffice.installations in the browser (what the real link reports is the integration
 * tests' part). The desktop app's form (attach with a URL, stop shipping) is played the same
 * way: the HTTP host answers `settable: false`. Screenshots: test-results/screens/head-office-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Route } from '@playwright/test';
import IntlMessageFormat from 'intl-messageformat';
import type { HeadOfficeStatus, InstallationProgress } from '../../shared/contract/headOffice';
import type { ErrorBody } from '../../shared/errors';
import { StoreFormat } from '../../shared/domain/format';
import { expect, screen, test } from '../support/e2e';
import { CLIPPED, MISFITS } from '../support/fit';
import { nav, setUpStore, signIn } from '../support/e2e-api';

const indicator = (page: Page) => page.getByTestId('head-office-indicator');

async function openHeadOffice(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Head office' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Head office' })).toBeVisible();
}

test('detached: Admin → Head office says how to attach, and the shell shows no head-office state', async ({ page, server }) => {
  const tokens = await setUpStore(server);
  // The HTTP host takes its head office at its start: the app cannot set one.
  expect(await server.call('headOffice.status', {}, tokens.cashier)).toMatchObject({ state: 'detached', installation: null, target: null, pending: 0, settable: false });
  await expect(server.call('headOffice.attach', { url: 'postgres://till:secret@ho.example.com:5432/books' }, tokens.admin)).rejects.toThrow(/CONFLICT/);

  await signIn(page, 'admin');
  await openHeadOffice(page);
  const detached = page.getByTestId('head-office-detached');
  await expect(page.getByTestId('head-office-sentence')).toHaveText('This till is not attached to a head office: it keeps its books on its own.');
  await expect(detached).toContainText('Not attached');
  await expect(detached.locator('code', { hasText: 'tessera headoffice add-installation' })).toBeVisible();
  await expect(detached.locator('code', { hasText: 'tessera serve --head-office URL' })).toBeVisible();
  await expect(detached).toContainText('it prints the URL this till attaches with');
  // No form: nothing here could keep the URL.
  await expect(page.getByRole('form')).toHaveCount(0);
  await expect(page.getByLabel('Head office URL')).toHaveCount(0);
  // No installations table and no indicator while detached.
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(indicator(page)).toHaveCount(0);
  await screen(page, 'head-office-detached-1280x800');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screen(page, 'head-office-detached-1024x768');
  await nav(page).getByRole('link', { name: 'Counter' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Counter' })).toBeVisible();
  await expect(indicator(page)).toHaveCount(0);
});

test('Admin → Head office is for admins and managers; cashiers and support have no link to it', async ({ browser, server }) => {
  await setUpStore(server);
  for (const role of ['manager', 'cashier', 'support'] as const) {
    const page = await browser.newPage({ baseURL: server.baseURL });
    await signIn(page, role);
    await expect(nav(page).getByRole('link', { name: 'Head office' })).toHaveCount(role === 'manager' ? 1 : 0);
    if (role !== 'manager') {
      // Typed in by hand: back home.
      await page.goto('/#/admin/head-office');
      await expect(page.getByRole('heading', { level: 1, name: 'Head office' })).toHaveCount(0);
    }
    await page.close();
  }
});

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

/** What a `tessera serve` host attached with --head-office answers (`settable`: the HTTP host takes the head office at its start). */
function attached(patch: Partial<HeadOfficeStatus>): HeadOfficeStatus {
  return {
    settable: false,
    state: 'synced',
    installation: { id: 'inst-main', name: 'Main Street' },
    target: 'ho.example.com:5432/books',
    pending: 0,
    lastSuccessAt: ago(30),
    error: null,
    takenRegisterCodes: [],
    ...patch,
  } as HeadOfficeStatus;
}

/** Answers the page's headOffice.* calls as an attached host would; `state.status` can change under it. */
async function playHeadOffice(page: Page, state: { status: HeadOfficeStatus; installations: { items: InstallationProgress[]; error: string | null } }): Promise<void> {
  const answer = (value: unknown) => (route: Route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, value }) });
  await page.route('**/rpc/headOffice.status', (route) => answer(state.status)(route));
  await page.route('**/rpc/headOffice.installations', (route) => answer(state.installations)(route));
}

test('attached: the shell says how the books are shipping in every state, and Admin → Head office shows this till and every installation', async ({ page, server }) => {
  test.setTimeout(90_000);
  const tokens = await setUpStore(server);
  const settings = await server.call('settings.get', {}, tokens.admin);
  const fmt = StoreFormat.of(settings);
  const lastSent = ago(180);
  const state: { status: HeadOfficeStatus; installations: { items: InstallationProgress[]; error: string | null } } = {
    status: attached({}),
    installations: {
      items: [
        { id: 'inst-main', name: 'Main Street', registerCodes: ['R1'], shippedSeq: 120, lastReceivedAt: ago(45), lagSeconds: 45 },
        { id: 'inst-harbour', name: 'Harbour Road', registerCodes: ['H1', 'H2'], shippedSeq: 80, lastReceivedAt: ago(125), lagSeconds: 125 },
        { id: 'inst-new', name: 'Airport kiosk', registerCodes: [], shippedSeq: 0, lastReceivedAt: null, lagSeconds: null },
      ],
      error: null,
    },
  };
  await playHeadOffice(page, state);

  // A cashier at the counter: one small line, in words and colour; not a link.
  await signIn(page, 'cashier');
  await expect(indicator(page)).toHaveAttribute('data-state', 'synced');
  await expect(indicator(page)).toHaveText('Head office: up to date');
  await expect(indicator(page)).toHaveJSProperty('tagName', 'P');
  await expect(indicator(page)).toHaveAttribute('title', /Head office: ho\.example\.com:5432\/books\nThis till there: Main Street\nLast sent: /);
  await screen(page, 'head-office-counter-synced');

  // The head office goes away while sales go on: read again within the poll.
  state.status = attached({ state: 'offline', pending: 12, lastSuccessAt: lastSent, error: 'the head office does not answer (connection refused)' });
  await expect(indicator(page)).toHaveAttribute('data-state', 'offline', { timeout: 12_000 });
  await expect(page.getByTestId('head-office-indicator-state')).toHaveText('Head office offline');
  // Today's time alone, in the store's time zone; the date too when it was another day there.
  const sentAt = fmt.day(lastSent) === fmt.day(Date.now()) ? fmt.time(lastSent) : fmt.dateTime(lastSent);
  await expect(page.getByTestId('head-office-indicator-detail')).toHaveText(`12 changes waiting, last sent ${sentAt}`);
  await expect(indicator(page)).toHaveAttribute('title', /Error: the head office does not answer \(connection refused\)$/);
  await expect(indicator(page)).toHaveClass(/ho-indicator--warning/);
  // The counter sells as before.
  await expect(page.getByRole('button', { name: /Charge/ })).toBeVisible();
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(indicator(page)).toBeInViewport();
  await screen(page, 'head-office-counter-offline-1024x768');

  state.status = attached({ state: 'sending', pending: 1 });
  await expect(page.getByTestId('head-office-indicator-state')).toHaveText('Head office: sending', { timeout: 12_000 });
  await expect(page.getByTestId('head-office-indicator-detail')).toHaveText('1 change waiting');

  state.status = attached({ state: 'refused', pending: 3, lastSuccessAt: lastSent, error: "the head office refused this installation's password" });
  await expect(page.getByTestId('head-office-indicator-state')).toHaveText('Head office refused', { timeout: 12_000 });
  await expect(indicator(page)).toHaveClass(/ho-indicator--danger/);
  await screen(page, 'head-office-counter-refused-1024x768');

  // The admin's screen: this till, the taken register code, every installation.
  state.status = attached({ pending: 0, takenRegisterCodes: ['R1'] });
  const admin = await page.context().newPage();
  await admin.setViewportSize({ width: 1280, height: 800 });
  await playHeadOffice(admin, state);
  await signIn(admin, 'admin');
  await openHeadOffice(admin);
  await expect(admin.getByTestId('head-office-sentence')).toHaveText('The head office holds every change recorded at this till.');
  await expect(admin.getByTestId('head-office-state')).toHaveText('Up to date');
  await expect(admin.getByTestId('head-office-installation')).toHaveText('Main Street');
  await expect(admin.getByTestId('head-office-target')).toHaveText('ho.example.com:5432/books');
  await expect(admin.getByTestId('head-office-pending')).toHaveText('0');
  await expect(admin.getByTestId('head-office-last-sent')).toHaveText(fmt.dateTime(state.status.lastSuccessAt!));
  const taken = admin.getByTestId('head-office-taken-codes');
  await expect(taken).toContainText('A register code is already in use');
  await expect(taken).toContainText('Another installation at the head office already uses the register code R1');
  await expect(taken.getByRole('link', { name: 'Open Admin → Registers' })).toHaveAttribute('href', '#/admin/registers');

  const rows = admin.getByRole('table', { name: 'Installations' }).getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('Main Street');
  await expect(rows.nth(1)).toContainText('This till');
  await expect(rows.nth(1)).toContainText('under 1 min');
  await expect(rows.nth(2)).toContainText('H1, H2');
  await expect(rows.nth(2)).toContainText(fmt.dateTime(state.installations.items[1]!.lastReceivedAt!));
  await expect(rows.nth(2)).toContainText('2 min');
  await expect(rows.nth(3)).toContainText('Never');
  // The shell's indicator opens this screen for those who have it.
  await expect(indicator(admin)).toHaveAttribute('href', '#/admin/head-office');
  await screen(admin, 'head-office-attached-1280x800');
  await admin.setViewportSize({ width: 1024, height: 768 });
  await expect(indicator(admin)).toBeInViewport();
  await expect(nav(admin).getByRole('link', { name: 'Head office' })).toBeInViewport();
  await screen(admin, 'head-office-attached-1024x768');

  // A refusal, its detail, and a head office that cannot be asked about the installations.
  state.status = attached({ state: 'diverged', pending: 7, error: 'the head office holds entries up to 130 that this database does not (was a backup restored?)' });
  state.installations = { items: [], error: 'the head office (ho.example.com:5432/books) could not be asked: connect ECONNREFUSED' };
  await nav(admin).getByRole('link', { name: 'Counter' }).click();
  await openHeadOffice(admin);
  await expect(admin.getByTestId('head-office-state')).toHaveText('Records differ');
  await expect(admin.getByTestId('head-office-sentence')).toContainText('Nothing more is sent until this is resolved.');
  await expect(admin.getByTestId('head-office-error')).toContainText('the head office holds entries up to 130');
  await expect(admin.getByTestId('head-office-pending')).toHaveText('7');
  await expect(admin.getByTestId('head-office-installations-error')).toContainText('could not be asked: connect ECONNREFUSED');
  await expect(admin.getByRole('button', { name: 'Try again' })).toBeVisible();
  await screen(admin, 'head-office-diverged-1024x768');
});

const catalogues = path.join(import.meta.dirname, '..', '..', 'shared', 'i18n', 'catalogues');

/** A message as German says it (placeholders filled), read from the catalogue. */
function de(id: string, values?: Record<string, string | number>): string {
  const [area, ...rest] = id.split('.');
  const messages = JSON.parse(fs.readFileSync(path.join(catalogues, 'de', `${area}.json`), 'utf8')) as Record<string, string>;
  const text = messages[rest.join('.')];
  if (text === undefined) throw new Error(`no message ${id} in de`);
  return String(new IntlMessageFormat(text, 'de').format(values)).replace(/<\/?code>/g, '');
}

/** Nothing scrolls sideways, no label is cut or spills out of its button (German runs long). */
async function fits(page: Page, shot: string): Promise<void> {
  expect.soft(await page.evaluate<string[]>(MISFITS), `${shot}: fits`).toEqual([]);
  expect.soft(await page.evaluate<string[]>(CLIPPED), `${shot}: no clipped label`).toEqual([]);
}

/** The desktop app, no head office yet: it may set one. */
const desktopDetached = (): HeadOfficeStatus => ({ ...attached({ state: 'detached', installation: null, target: null, lastSuccessAt: null }), settable: true });

const unreachableTarget = 'wrong-host.example.com:5432/books';
const unreachableDetail = 'connect ECONNREFUSED 10.0.0.5:5432';

/**
 * Answers headOffice.attach and headOffice.detach as the desktop's core does: a URL on
 * wrong-host is not reached (CONFLICT headOfficeUnreachable), any other attaches. While `held`,
 * answers wait for `release()` (the core checks the connection for up to 10 s).
 */
async function playDesktop(page: Page, state: { status: HeadOfficeStatus; installations: { items: InstallationProgress[]; error: string | null } }) {
  const calls = { attach: [] as string[], detach: 0, held: false, release: () => {} };
  const fulfil = (route: Route, status: number, body: unknown) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
  await page.route('**/rpc/headOffice.attach', async (route) => {
    const { url } = route.request().postDataJSON() as { url: string };
    calls.attach.push(url);
    if (calls.held) await new Promise<void>((resolve) => (calls.release = resolve));
    if (url.includes('wrong-host')) {
      const params = { target: unreachableTarget, detail: unreachableDetail };
      const error: ErrorBody = { code: 'CONFLICT', message: `The head office at ${unreachableTarget} could not be reached as an installation: ${unreachableDetail}. Nothing was changed.`, key: 'headOfficeUnreachable', params };
      return fulfil(route, 409, { ok: false, error });
    }
    state.status = { ...attached({ state: 'connecting', installation: null, lastSuccessAt: null, pending: 3 }), settable: true };
    return fulfil(route, 200, { ok: true, value: state.status });
  });
  await page.route('**/rpc/headOffice.detach', async (route) => {
    calls.detach++;
    state.status = desktopDetached();
    return fulfil(route, 200, { ok: true, value: state.status });
  });
  return calls;
}

test('desktop: an admin attaches with the URL add-installation printed (refusals in words under the field) and stops shipping after a confirmation; a manager is told who does', async ({ page, server }) => {
  test.setTimeout(120_000);
  const tokens = await setUpStore(server);
  const state: { status: HeadOfficeStatus; installations: { items: InstallationProgress[]; error: string | null } } = {
    status: desktopDetached(),
    installations: { items: [{ id: 'inst-main', name: 'Main Street', registerCodes: ['R1'], shippedSeq: 0, lastReceivedAt: null, lagSeconds: null }], error: null },
  };
  const password = 's3cret-Pass_42';
  const goodUrl = `postgres://tessera_inst_main:${password}@ho.example.com:5432/books?sslmode=require`;
  const wrongUrl = `postgres://tessera_inst_main:${password}@wrong-host.example.com:5432/books`;

  // A manager sees the state and who attaches it, no form.
  const manager = await page.context().newPage();
  await playHeadOffice(manager, state);
  await signIn(manager, 'manager');
  await openHeadOffice(manager);
  await expect(manager.getByTestId('head-office-ask-admin')).toContainText('An administrator attaches this till here');
  await expect(manager.getByTestId('head-office-ask-admin').locator('code')).toHaveText('tessera headoffice add-installation');
  await expect(manager.getByLabel('Head office URL')).toHaveCount(0);
  await screen(manager, 'head-office-desktop-manager-1280x800');
  await manager.close();

  await playHeadOffice(page, state);
  const calls = await playDesktop(page, state);
  await signIn(page, 'admin');
  await openHeadOffice(page);
  const form = page.getByRole('form', { name: 'Attach to a head office' });
  await expect(form).toBeVisible();
  // The desktop sets it here: no command line to start it with.
  await expect(page.getByTestId('head-office-detached')).not.toContainText('tessera serve --head-office');
  const field = form.getByLabel('Head office URL');
  // The URL holds the installation's password: hidden as typed, never offered or corrected.
  await expect(field).toHaveAttribute('type', 'password');
  await expect(field).toHaveAttribute('autocomplete', 'off');
  await expect(field).toHaveAttribute('spellcheck', 'false');
  await expect(form).toContainText("The head office's administrator gets it by running tessera headoffice add-installation for this till.");
  await expect(form.locator('code', { hasText: 'tessera headoffice add-installation' })).toBeVisible();
  await screen(page, 'head-office-desktop-detached-1280x800');

  // Empty: asked for, nothing sent.
  const attach = form.getByRole('button', { name: 'Attach' });
  await attach.click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field__error')).toHaveText('Enter the URL that tessera headoffice add-installation printed (it starts with postgres://).');
  expect(calls.attach).toEqual([]);

  // A head office that does not answer: busy while the core checks, then why, under the field.
  calls.held = true;
  await field.fill(wrongUrl);
  await expect(form.locator('.field__error')).toHaveCount(0);
  await attach.click();
  await expect(attach).toHaveAttribute('aria-busy', 'true');
  await expect(attach).toBeDisabled();
  await expect(page.getByTestId('head-office-attach-busy')).toHaveText('Checking the connection to the head office… This can take up to 10 seconds.');
  await screen(page, 'head-office-desktop-attaching-1280x800');
  calls.release();
  calls.held = false;
  const error = form.locator('.field__error');
  await expect(error).toHaveText(`The head office at ${unreachableTarget} could not be reached as an installation: ${unreachableDetail}. Nothing was changed.`);
  await expect(field).toHaveAttribute('aria-describedby', new RegExp(`${await error.getAttribute('id')}`));
  await expect(attach).toBeEnabled();
  await expect(page.getByTestId('head-office-attach-busy')).toHaveText('');
  expect(calls.attach).toEqual([wrongUrl]);
  // The password is never shown back.
  expect(await page.locator('body').innerText()).not.toContain(password);
  await screen(page, 'head-office-desktop-unreachable-1280x800');
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(attach).toBeInViewport();
  await screen(page, 'head-office-desktop-unreachable-1024x768');

  // The right URL: attached, shipping starts, the form and its URL are gone.
  await field.fill(goodUrl);
  await field.press('Enter');
  const attachedToast = page.getByRole('status').filter({ hasText: "Attached: this till's books are on their way to the head office." });
  await expect(attachedToast).toBeVisible();
  await attachedToast.getByRole('button', { name: 'Dismiss' }).click();
  expect(calls.attach).toEqual([wrongUrl, goodUrl]);
  await expect(form).toHaveCount(0);
  await expect(page.getByTestId('head-office-state')).toHaveAttribute('data-state', 'connecting');
  await expect(page.getByTestId('head-office-target')).toHaveText('ho.example.com:5432/books');
  await expect(page.getByRole('table', { name: 'Installations' })).toContainText('Main Street');
  expect(await page.locator('body').innerText()).not.toContain(password);
  expect(await page.locator('input[type="password"]').count()).toBe(0);

  // Stop shipping: asked first, with what it means.
  state.status = { ...attached({ pending: 3, state: 'sending' }), settable: true };
  await nav(page).getByRole('link', { name: 'Counter' }).click();
  await openHeadOffice(page);
  await expect(page.getByTestId('head-office-state')).toHaveAttribute('data-state', 'sending');
  const stop = page.getByRole('button', { name: 'Stop shipping to this head office' });
  await expect(stop).toBeVisible();
  await screen(page, 'head-office-desktop-attached-1024x768');
  await page.setViewportSize({ width: 1280, height: 800 });
  await screen(page, 'head-office-desktop-attached-1280x800');
  await stop.click();
  const dialog = page.getByRole('dialog', { name: 'Stop shipping to this head office?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('This till sends its books to ho.example.com:5432/books.');
  const consequences = dialog.getByTestId('head-office-detach-consequences').getByRole('listitem');
  await expect(consequences).toHaveText([
    'Nothing is lost: everything this till has already sent stays at the head office.',
    'This till keeps selling on its own, and its invoices and credit notes keep their numbering per register.',
    "The 3 changes not sent yet stay in this till's books.",
    "This computer forgets the head office's URL. The till can be attached again here at any time, with a URL from tessera headoffice add-installation.",
  ]);
  await screen(page, 'head-office-desktop-detach-1280x800');
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect(dialog.getByRole('button', { name: 'Stop shipping', exact: true })).toBeInViewport();
  await screen(page, 'head-office-desktop-detach-1024x768');
  // Kept: nothing asked of the core.
  await dialog.getByRole('button', { name: 'Keep shipping' }).click();
  await expect(dialog).toHaveCount(0);
  expect(calls.detach).toBe(0);
  await expect(page.getByTestId('head-office-state')).toHaveAttribute('data-state', 'sending');

  await stop.click();
  await dialog.getByRole('button', { name: 'Stop shipping', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  expect(calls.detach).toBe(1);
  await expect(page.getByRole('status').filter({ hasText: 'This till no longer ships its books to a head office.' })).toBeVisible();
  await expect(page.getByTestId('head-office-sentence')).toHaveText('This till is not attached to a head office: it keeps its books on its own.');
  await expect(page.getByRole('form', { name: 'Attach to a head office' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Attach to a head office' }).getByLabel('Head office URL')).toHaveValue('');
  await expect(indicator(page)).toHaveCount(0);

  // In German: the refusal and the confirmation speak it.
  const admin = (await server.call('users.list', {}, tokens.admin)).items.find((u) => u.username === 'admin')!;
  await server.call('users.update', { id: admin.id, language: 'de' }, tokens.admin);
  const german = await page.context().newPage();
  await german.setViewportSize({ width: 1280, height: 800 });
  await playHeadOffice(german, state);
  await playDesktop(german, state);
  await signIn(german, 'admin');
  await german.goto('/#/admin/head-office');
  await expect(german.getByRole('heading', { level: 1, name: de('headOffice.title') })).toBeVisible();
  const deForm = german.getByRole('form', { name: de('headOffice.attachHeading') });
  await deForm.getByLabel(de('headOffice.attachUrlLabel')).fill(wrongUrl);
  await deForm.getByRole('button', { name: de('headOffice.attachButton') }).click();
  await expect(deForm.locator('.field__error')).toHaveText(de('errors.headOfficeUnreachable', { target: unreachableTarget, detail: unreachableDetail }));
  await screen(german, 'head-office-desktop-unreachable-de-1280x800');
  await german.setViewportSize({ width: 1024, height: 768 });
  await fits(german, 'de attach form');
  await screen(german, 'head-office-desktop-unreachable-de-1024x768');
  state.status = { ...attached({ pending: 12, state: 'offline', error: 'the head office does not answer (connection refused)' }), settable: true };
  await german.setViewportSize({ width: 1280, height: 800 });
  await german.getByRole('navigation', { name: de('shell.navMain') }).getByRole('link', { name: de('shell.navCounter') }).click();
  await german.getByRole('navigation', { name: de('shell.navMain') }).getByRole('link', { name: de('shell.navHeadOffice') }).click();
  const deStop = german.getByRole('button', { name: de('headOffice.detachButton') });
  await expect(deStop).toBeVisible();
  await screen(german, 'head-office-desktop-attached-de-1280x800');
  await german.setViewportSize({ width: 1024, height: 768 });
  await fits(german, 'de attached');
  await screen(german, 'head-office-desktop-attached-de-1024x768');
  await deStop.click();
  const deDialog = german.getByRole('dialog', { name: de('headOffice.detachTitle') });
  await expect(deDialog).toContainText(de('headOffice.detachPending', { count: 12, n: '12' }));
  await expect(deDialog.getByRole('button', { name: de('headOffice.detachConfirm'), exact: true })).toBeInViewport();
  await fits(german, 'de detach dialog');
  await screen(german, 'head-office-desktop-detach-de-1024x768');
});
