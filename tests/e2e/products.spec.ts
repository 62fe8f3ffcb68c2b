import { expect, screen, test } from '../support/e2e';
import { createProduct, nav, setUpStore, signIn } from '../support/e2e-api';

test('an admin creates, edits and archives a product; prices convert exactly', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin']);
  await createProduct(server, tokens.admin, { sku: 'TEA-001', name: 'Green tea 100 g', unitPrice: 450, taxRateBp: 700, category: 'Tea', barcode: '4006381333931' });
  await createProduct(server, tokens.admin, { sku: 'MUG-001', name: 'Stoneware mug', unitPrice: 1250, taxRateBp: 2000, category: 'Kitchen' });
  const reduced = await server.call('taxClasses.create', { name: 'Reduced', rateBp: 750 }, tokens.admin);

  await signIn(page, 'admin');
  await nav(page).getByRole('link', { name: 'Products' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  const table = page.getByRole('table', { name: 'Products' });
  await expect(table.getByRole('row', { name: /Green tea/ })).toContainText('€4.50');
  await expect(table.getByRole('row', { name: /Green tea/ })).toContainText('7%');

  await page.getByRole('button', { name: 'New product' }).click();
  const dialog = page.getByRole('dialog', { name: 'New product' });
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await dialog.getByLabel('Name').fill('Pour-over kettle');
  await dialog.getByLabel('SKU').fill('TEA-001');
  await dialog.getByLabel('Price excl. tax (EUR)').fill('19.999');
  await dialog.getByLabel('Tax class').selectOption({ label: 'Reduced · 7.5%' });
  await dialog.getByLabel('Category').fill('Kitchen');
  await dialog.getByRole('button', { name: 'Create product' }).click();
  // Three decimals are refused before anything is sent; nothing typed is lost.
  await expect(dialog.getByLabel('Price excl. tax (EUR)')).toHaveAccessibleDescription(/at most 2 decimals/);
  await expect(dialog.getByLabel('Name')).toHaveValue('Pour-over kettle');

  await dialog.getByLabel('Price excl. tax (EUR)').fill('19.99');
  await dialog.getByRole('button', { name: 'Create product' }).click();
  // The SKU is taken: the server's message sits next to the SKU field.
  await expect(dialog.getByLabel('SKU')).toHaveAccessibleDescription(/SKU TEA-001 is already used by Green tea 100 g/);
  await expect(dialog.getByLabel('Price excl. tax (EUR)')).toHaveValue('19.99');
  await screen(page, 'products-dialog-error');

  await dialog.getByLabel('SKU').fill('KIT-010');
  await dialog.getByLabel('Barcode').fill('5901234123457');
  await screen(page, 'products-dialog');
  await dialog.getByRole('button', { name: 'Create product' }).click();
  await expect(dialog).toBeHidden();
  const row = table.getByRole('row', { name: /Pour-over kettle/ });
  await expect(row).toContainText('€19.99');
  await expect(row).toContainText('7.5%Reduced');
  await expect(row).toContainText('KIT-010');

  // Stored exactly: 1999 minor units and 750 basis points.
  const stored = await server.call('products.findByCode', { code: 'KIT-010' }, tokens.admin);
  expect(stored).toMatchObject({ unitPrice: 1999, taxRateBp: 750, barcode: '5901234123457', category: 'Kitchen' });
  await screen(page, 'products-list');

  // Edit: a new price and no barcode.
  await page.getByRole('button', { name: 'Edit Pour-over kettle' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Pour-over kettle' });
  await expect(edit.getByLabel('Price excl. tax (EUR)')).toHaveValue('19.99');
  await expect(edit.getByLabel('Tax class')).toHaveValue(reduced.id);
  await edit.getByLabel('Price excl. tax (EUR)').fill('24,5');
  await edit.getByLabel('Barcode').fill('');
  await screen(page, 'products-edit-dialog');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('€24.50');
  expect(await server.call('products.get', { id: stored.id }, tokens.admin)).toMatchObject({ unitPrice: 2450, barcode: null });

  // Category filter and search.
  await page.getByLabel('Category').selectOption('Tea');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row', { name: /Green tea/ })).toBeVisible();
  await page.getByLabel('Category').selectOption('');
  await page.getByLabel('Search').fill('kettle');
  await expect(table.getByRole('row')).toHaveCount(2);
  await page.getByLabel('Search').fill('');
  await expect(table.getByRole('row')).toHaveCount(4);

  // Archive: gone from the list, back with Include archived, and unarchived again.
  await page.getByRole('button', { name: 'Archive Pour-over kettle' }).click();
  await expect(row).toHaveCount(0);
  expect((await server.call('products.get', { id: stored.id }, tokens.admin)).archived).toBe(true);
  await page.getByLabel('Include archived').check();
  await expect(row).toContainText('Archived');
  await screen(page, 'products-archived');
  await page.getByRole('button', { name: 'Unarchive Pour-over kettle' }).click();
  await expect(row).not.toContainText('Archived');
  expect((await server.call('products.get', { id: stored.id }, tokens.admin)).archived).toBe(false);
});

test('a manager manages products; cashiers and support have no Products screen', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'manager', 'cashier']);
  await server.call('taxClasses.create', { name: 'Standard', rateBp: 2000 }, tokens.admin);
  await signIn(page, 'manager');
  await nav(page).getByRole('link', { name: 'Products' }).click();
  await expect(page.getByText('No products yet.')).toBeVisible();
  await page.getByRole('button', { name: 'New product' }).click();
  const dialog = page.getByRole('dialog', { name: 'New product' });
  await dialog.getByLabel('Name').fill('Paper filters');
  await dialog.getByLabel('SKU').fill('FIL-100');
  await dialog.getByLabel('Price excl. tax (EUR)').fill('abc');
  await dialog.getByRole('button', { name: 'Create product' }).click();
  await expect(dialog.getByLabel('Price excl. tax (EUR)')).toHaveAccessibleDescription(/Enter the price as a number/);
  await dialog.getByLabel('Price excl. tax (EUR)').fill('3');
  await dialog.getByLabel('Tax class').selectOption({ label: 'Standard · 20%' });
  await dialog.getByRole('button', { name: 'Create product' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: /Paper filters/ })).toContainText('€3.00');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'cashier');
  await expect(nav(page).getByRole('link', { name: 'Products' })).toHaveCount(0);
  await page.goto('/#/admin/products');
  await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toHaveCount(0);
});

test('a product list that could not be loaded says so, claims no empty store, and loads on Try again', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin']);
  await createProduct(server, tokens.admin, { sku: 'TEA-001', name: 'Green tea 100 g', unitPrice: 450 });
  let failing = true;
  await page.route('**/rpc/products.list', (route) =>
    failing
      ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side (error e2e).', errorId: 'e2e' } }) })
      : route.continue(),
  );
  await signIn(page, 'admin');
  await nav(page).getByRole('link', { name: 'Products' }).click();
  await expect(page.getByText('The products could not be loaded.')).toBeVisible();
  await expect(page.getByText('No products yet.')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Products' })).toHaveCount(0);
  // Adding a product does not need the list.
  await expect(page.getByRole('button', { name: 'New product' })).toBeVisible();
  await screen(page, 'products-load-error');
  failing = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('table', { name: 'Products' }).getByRole('row', { name: /Green tea/ })).toContainText('€4.50');
  await expect(page.getByText('The products could not be loaded.')).toHaveCount(0);
});

// Needs the server to publish product.changed and the event stream to forward it.
test('a product changed at another terminal shows on an open Products screen and counter without a reload', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin']);
  const tea = await createProduct(server, tokens.admin, { sku: 'TEA-001', name: 'Green tea 100 g', unitPrice: 450, taxRateBp: 700, category: 'Tea' });
  await signIn(page, 'admin');
  await nav(page).getByRole('link', { name: 'Products' }).click();
  const row = page.getByRole('table', { name: 'Products' }).getByRole('row', { name: /Green tea/ });
  await expect(row).toContainText('€4.50');

  await server.call('products.update', { id: tea.id, unitPrice: 520 }, tokens.admin);
  await expect(row).toContainText('€5.20');

  await nav(page).getByRole('link', { name: 'Counter' }).click();
  await expect(page.getByRole('button', { name: /Green tea 100 g, €5\.20/ })).toBeVisible();
  await server.call('products.update', { id: tea.id, name: 'Sencha 100 g' }, tokens.admin);
  await expect(page.getByRole('button', { name: /Sencha 100 g, €5\.20/ })).toBeVisible();
});

test('a settings change made at another terminal shows on an open counter without a reload', async ({ page, server }) => {
  const tokens = await setUpStore(server, ['admin', 'cashier']);
  await createProduct(server, tokens.admin, { sku: 'TEA-002', name: 'Oolong 50 g', unitPrice: 450, taxRateBp: 700, category: 'Tea' });
  await signIn(page, 'cashier');
  await expect(page.getByRole('button', { name: /Oolong 50 g, €4\.50/ })).toBeVisible();

  // An admin at the back office switches the store to pounds before the first sale.
  await server.call('settings.update', { currency: 'GBP' }, tokens.admin);
  await expect(page.getByRole('button', { name: /Oolong 50 g, £4\.50/ })).toBeVisible();
});
