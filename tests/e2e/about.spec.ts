import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, screen, test } from '../support/e2e';
import { nav, setUpStore, signIn, users } from '../support/e2e-api';

async function openAbout(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'About' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'About' })).toBeVisible();
}

test('Admin → About shows the versions and the data folder, and saves a diagnostics bundle without secrets', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'manager']);
  await signIn(page, 'admin');
  await openAbout(page);

  const health = await server.call('system.health', {});
  await expect(page.getByTestId('about-version')).toHaveText(health.version);
  await expect(page.getByTestId('about-schema')).toHaveText(String(health.schemaVersion));
  await expect(page.getByTestId('about-node')).toHaveText(/^\d+\.\d+\.\d+$/);
  await expect(page.getByTestId('about-chromium')).toHaveText(/\d+\.\d+.*\(this browser\)/);
  await expect(page.getByTestId('about-electron')).toHaveText(/browser host/);
  await expect(page.getByTestId('about-data-dir')).toHaveText(server.dataDir);
  await expect(page.getByTestId('about-db-size')).toHaveText(/\d+(\.\d)? (KB|MB)/);
  await screen(page, 'about-1280x800');
  await page.setViewportSize({ width: 1024, height: 768 });
  await screen(page, 'about-1024x768');
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole('button', { name: 'Save diagnostics' }).click();
  const link = page.getByRole('link', { name: /^Download diagnostics-/ });
  await expect(link).toBeVisible();
  await expect(page.getByTestId('diagnostics-result')).toContainText(/log lines?\)/);
  await screen(page, 'about-diagnostics');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^diagnostics-\d{8}-\d{6}\.ndjson$/);
  const text = fs.readFileSync(await download.path(), 'utf8');
  const records = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; [key: string]: unknown });
  expect(records[0]).toMatchObject({ type: 'about', version: health.version, schemaVersion: health.schemaVersion, dataDir: server.dataDir, generatedBy: 'admin' });
  expect(records.find((r) => r.type === 'settings')).toMatchObject({ settings: { storeName: expect.any(String) } });
  expect(records.filter((r) => r.type === 'log').length).toBeGreaterThan(0);
  for (const secret of [users.admin.password, users.manager.password, tokens.admin, tokens.manager, server.setupCode]) expect(text).not.toContain(secret);

  // Audited: who made the bundle, and who downloaded it.
  const made = await server.call('audit.list', { type: 'system.diagnostics' }, tokens.admin);
  expect(made.items.map((e) => e.actor?.username)).toEqual(['admin']);
  const downloaded = await server.call('audit.list', { type: 'export.downloaded', entityId: made.items[0]!.entityId! }, tokens.admin);
  expect(downloaded.items.map((e) => e.actor?.username)).toEqual(['admin']);
});

test('About is for admins only: a manager has no link to it', async ({ page, server }) => {
  await setUpStore(server, ['admin', 'manager']);
  await signIn(page, 'manager');
  await expect(nav(page).getByRole('link', { name: 'Backups' })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'About' })).toHaveCount(0);
});
