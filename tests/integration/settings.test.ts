/**
 * Store settings through the contract: defaults, partial updates by an admin, the audit
 * event, validation (every bad value → VALIDATION naming the field, nothing changed),
 * the logo (PNG or JPEG by its bytes, at most 512 KiB), the pricing settings (tax-inclusive
 * prices, tax rounding, discount reasons, the cashier's discount limit) and the lock of the
 * currency and the price basis once orders exist.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Settings } from '../../shared/contract';
import { logoPng, makeJpeg, makePng, tinyPdf } from '../support/images';
import { setupAdmin, startCore, userWithRole, type TestCore } from '../support/core';

const b64 = (b: Buffer) => b.toString('base64');

function events(t: TestCore, type = 'settings.updated') {
  return t.core.store.sqlite.prepare('SELECT * FROM events WHERE type = ? ORDER BY seq').all(type) as {
    actor: string;
    entity: string;
    before: string;
    after: string;
  }[];
}

function settingsRows(t: TestCore) {
  return t.core.store.sqlite.prepare('SELECT key, value FROM settings ORDER BY key').all();
}

describe.each(['in-process', 'http'] as const)('settings (%s)', (transport) => {
  let t: TestCore;
  let admin: string;
  let manager: string;
  let cashier: string;
  let support: string;

  beforeAll(async () => {
    t = await startCore(transport);
    admin = await setupAdmin(t);
    manager = await userWithRole(t, admin, 'manager');
    cashier = await userWithRole(t, admin, 'cashier');
    support = await userWithRole(t, admin, 'support');
  });
  afterAll(() => t.close());

  /** A rejected update: VALIDATION naming `field`, settings, rows and events exactly as before. */
  async function rejected(input: unknown, field: string) {
    const before = await t.ok('settings.get', {}, admin);
    const rows = settingsRows(t);
    const eventCount = events(t).length;
    const error = await t.fail('settings.update', input, admin);
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain(field);
    if (transport === 'in-process' || error.details) {
      const issues = (error.details as { issues: { path: (string | number)[] }[] }).issues;
      expect(issues.map((i) => i.path[0])).toContain(field);
    }
    expect(await t.ok('settings.get', {}, admin)).toEqual(before);
    expect(settingsRows(t)).toEqual(rows);
    expect(events(t)).toHaveLength(eventCount);
    return error;
  }

  test('every role reads the defaults; only an admin may change them', async () => {
    for (const token of [admin, manager, cashier, support]) {
      const s = await t.ok('settings.get', {}, token);
      expect(s).toMatchObject({
        storeName: 'My Store',
        address: null,
        currency: 'EUR',
        locale: 'en-US',
        invoiceFooter: null,
        paperSize: 'A4',
        receiptWidth: 80,
        logo: null,
        currencyLocked: false,
      });
    }
    for (const token of [manager, cashier, support]) {
      expect((await t.fail('settings.update', { storeName: 'Mine now' }, token)).code).toBe('FORBIDDEN');
    }
    expect((await t.fail('settings.get', {})).code).toBe('UNAUTHENTICATED');
    expect((await t.ok('settings.get', {}, admin)).storeName).toBe('My Store');
  });

  test('an admin changes some fields; the rest stay; the change is one audit event without logo bytes', async () => {
    const before = events(t).length;
    const s = await t.ok(
      'settings.update',
      {
        storeName: '  Café Flore  ',
        address: '172 Boulevard Saint-Germain\n75006 Paris',
        taxId: 'FR 12 345678901',
        phone: '+33 1 45 48 55 26',
        invoiceFooter: 'Payment due within 30 days. Merci !',
        paperSize: 'Letter',
        receiptWidth: 58,
        locale: 'fr-FR',
        timeZone: 'Europe/Paris',
        logo: b64(logoPng()),
      },
      admin,
    );
    expect(s).toMatchObject({
      storeName: 'Café Flore',
      address: '172 Boulevard Saint-Germain\n75006 Paris',
      taxId: 'FR 12 345678901',
      paperSize: 'Letter',
      receiptWidth: 58,
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
      currency: 'EUR',
      logo: { contentType: 'image/png', width: 240, height: 80 },
    });
    expect(await t.ok('settings.get', {}, cashier)).toEqual(s);
    const logo = await t.ok('settings.logo', {}, support);
    expect(logo.logo?.contentType).toBe('image/png');
    expect(Buffer.from(logo.logo!.contentBase64, 'base64').equals(logoPng())).toBe(true);

    const added = events(t).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]!.entity).toBe('settings');
    const after = JSON.parse(added[0]!.after) as Record<string, unknown>;
    expect(after).toMatchObject({ storeName: 'Café Flore', paperSize: 'Letter', logo: { contentType: 'image/png', sha256: s.logo!.sha256 } });
    expect(JSON.parse(added[0]!.before)).toMatchObject({ storeName: 'My Store', paperSize: 'A4', logo: null });
    expect(added[0]!.after).not.toContain(b64(logoPng()).slice(0, 40));

    // Only what is given changes; an unchanged value writes no event.
    const again = await t.ok('settings.update', { phone: '+33 1 45 48 55 26' }, admin);
    expect(again).toEqual(s);
    expect(events(t)).toHaveLength(before + 1);

    // Empty text clears an optional field; null removes the logo.
    const cleared = await t.ok('settings.update', { address: '   ', invoiceFooter: '', logo: null }, admin);
    expect(cleared).toMatchObject({ address: null, invoiceFooter: null, logo: null, storeName: 'Café Flore' });
    expect((await t.ok('settings.logo', {}, admin)).logo).toBeNull();
  });

  test('pricing settings: defaults, changed by an admin in one audit event, bad values refused by name', async () => {
    expect(await t.ok('settings.get', {}, cashier)).toMatchObject({
      pricesIncludeTax: false,
      taxRounding: 'line',
      discountReasons: ['Damaged', 'Price match', 'Loyal customer', 'Staff', 'Promotion'],
      cashierMaxDiscountPercent: 10,
    });
    const before = events(t).length;
    const changed = { pricesIncludeTax: true, taxRounding: 'rate' as const, discountReasons: ['Damaged', 'Staff'], cashierMaxDiscountPercent: 25 };
    expect(await t.ok('settings.update', changed, admin)).toMatchObject(changed);
    expect(await t.ok('settings.get', {}, support)).toMatchObject(changed);
    const added = events(t).slice(before);
    expect(added).toHaveLength(1);
    expect(JSON.parse(added[0]!.before)).toEqual({ pricesIncludeTax: false, taxRounding: 'line', discountReasons: ['Damaged', 'Price match', 'Loyal customer', 'Staff', 'Promotion'], cashierMaxDiscountPercent: 10 });
    expect(JSON.parse(added[0]!.after)).toEqual(changed);

    await rejected({ cashierMaxDiscountPercent: 101 }, 'cashierMaxDiscountPercent');
    await rejected({ cashierMaxDiscountPercent: -1 }, 'cashierMaxDiscountPercent');
    await rejected({ cashierMaxDiscountPercent: 12.5 }, 'cashierMaxDiscountPercent');
    await rejected({ storeName: 'Renamed', taxRounding: 'invoice' }, 'taxRounding');
    await rejected({ pricesIncludeTax: 'yes' }, 'pricesIncludeTax');
    await rejected({ discountReasons: ['Damaged', '  '] }, 'discountReasons');
    await rejected({ discountReasons: Array.from({ length: 31 }, (_, i) => `Reason ${i}`) }, 'discountReasons');
    for (const token of [manager, cashier]) expect((await t.fail('settings.update', { cashierMaxDiscountPercent: 100 }, token)).code).toBe('FORBIDDEN');

    // The limit's bounds are allowed; back to the defaults for the lock test.
    expect((await t.ok('settings.update', { cashierMaxDiscountPercent: 0 }, admin)).cashierMaxDiscountPercent).toBe(0);
    expect((await t.ok('settings.update', { cashierMaxDiscountPercent: 100 }, admin)).cashierMaxDiscountPercent).toBe(100);
    await t.ok('settings.update', { pricesIncludeTax: false, taxRounding: 'line', cashierMaxDiscountPercent: 10 }, admin);
  });

  test('a JPEG logo is accepted by its bytes', async () => {
    const jpeg = makeJpeg(tinyPdf());
    const s = await t.ok('settings.update', { logo: b64(jpeg) }, admin);
    expect(s.logo).toMatchObject({ contentType: 'image/jpeg', bytes: jpeg.length });
    expect(s.logo!.width).toBeGreaterThan(0);
  });

  test('bad values → VALIDATION naming the field, and nothing changed', async () => {
    await rejected({ currency: 'XYZ' }, 'currency');
    await rejected({ storeName: 'Renamed', currency: 'XYZ' }, 'currency');
    await rejected({ currency: 'eurosss' }, 'currency');
    await rejected({ currency: 'XAU' }, 'currency'); // gold is not money a shop takes
    await rejected({ storeName: '' }, 'storeName');
    await rejected({ storeName: 'x'.repeat(121) }, 'storeName');
    await rejected({ storeName: 'Bell\u0007' }, 'storeName');
    await rejected({ paperSize: 'A5' }, 'paperSize');
    await rejected({ receiptWidth: 72 }, 'receiptWidth');
    await rejected({ locale: 'not a locale!' }, 'locale');
    await rejected({ timeZone: 'Mars/Olympus_Mons' }, 'timeZone');
    const unknown = await t.fail('settings.update', { storeName: 'Renamed', surprise: true }, admin);
    expect(unknown.code).toBe('VALIDATION');
    expect(unknown.message).toContain('surprise');
    expect((await t.ok('settings.get', {}, admin)).storeName).not.toBe('Renamed');
  });

  test('a logo that is not a PNG or JPEG, or too big → VALIDATION naming logo, nothing changed', async () => {
    await t.ok('settings.update', { logo: b64(logoPng()) }, admin);
    // A text file named logo.png: the name is never looked at, the bytes are.
    await rejected({ storeName: 'Renamed', logo: b64(Buffer.from('I am a text file, not a picture.\n')) }, 'logo');
    // GIF and SVG are images but not ones we accept.
    await rejected({ logo: b64(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')) }, 'logo');
    await rejected({ logo: b64(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')) }, 'logo');
    // A PNG signature with a broken header.
    await rejected({ logo: b64(Buffer.concat([logoPng().subarray(0, 8), Buffer.from('garbage garbage garbage garbage')])) }, 'logo');
    await rejected({ logo: 'not base64 at all!' }, 'logo');
    // Over 512 KiB: a real PNG of about 700 KiB, one byte over the limit, and a 5 MiB one.
    const noisy = makePng(600, 400, (x, y) => [(x * 7919 + y * 104729) % 251, (x * 31 + y * 17) % 253, (x ^ y) % 256]);
    expect(noisy.length).toBeGreaterThan(512 * 1024);
    await rejected({ logo: b64(noisy) }, 'logo');
    await rejected({ logo: b64(Buffer.concat([logoPng(), Buffer.alloc(512 * 1024 + 1 - logoPng().length)])) }, 'logo');
    const huge = Buffer.concat([logoPng(), Buffer.alloc(5 * 1024 * 1024)]);
    if (transport === 'in-process') await rejected({ logo: b64(huge) }, 'logo');
    else {
      // Over HTTP the host refuses the body before it is parsed (still VALIDATION, still nothing changed).
      const before = await t.ok('settings.get', {}, admin);
      expect((await t.fail('settings.update', { logo: b64(huge) }, admin)).code).toBe('VALIDATION');
      expect(await t.ok('settings.get', {}, admin)).toEqual(before);
    }
    // Exactly 512 KiB is allowed.
    const limit = Buffer.concat([logoPng(), Buffer.alloc(512 * 1024 - logoPng().length)]);
    expect((await t.ok('settings.update', { logo: b64(limit) }, admin)).logo?.bytes).toBe(512 * 1024);
    await t.ok('settings.update', { logo: null }, admin);
  });

  test('the currency and the price basis are fixed once the first order exists; tax rounding is not', async () => {
    const s = await t.ok('settings.update', { currency: 'usd' }, admin);
    expect(s).toMatchObject({ currency: 'USD', currencyLocked: false });
    await t.ok('settings.update', { currency: 'EUR' }, admin);

    const order = await t.ok('orders.create', { lines: [{ name: 'Espresso', unitPrice: 250, taxRateBp: 1000, quantity: 1 }] }, cashier);
    await t.ok('invoices.generate', { orderId: order.id }, cashier);
    expect((await t.ok('settings.get', {}, admin)).currencyLocked).toBe(true);

    const error = await rejected({ currency: 'GBP', storeName: 'Renamed' }, 'currency');
    expect(error.message).toMatch(/EUR/);
    // Sending the same currency is not a change; other fields still update.
    const ok: Settings = await t.ok('settings.update', { currency: 'EUR', storeName: 'Renamed' }, admin);
    expect(ok).toMatchObject({ currency: 'EUR', storeName: 'Renamed', currencyLocked: true });

    // Orders are priced net: the basis stays (the same value is no change), rounding may move.
    const basis = await rejected({ pricesIncludeTax: true, storeName: 'Gross' }, 'pricesIncludeTax');
    expect(basis.message).toMatch(/without tax/);
    const rounding: Settings = await t.ok('settings.update', { pricesIncludeTax: false, taxRounding: 'rate', cashierMaxDiscountPercent: 5 }, admin);
    expect(rounding).toMatchObject({ pricesIncludeTax: false, taxRounding: 'rate', cashierMaxDiscountPercent: 5 });
  });
});

test('a failure before commit leaves the settings and the audit trail untouched', async () => {
  let fail = false;
  const t = await startCore('in-process', {
    hooks: {
      beforeCommit(point) {
        if (fail && point === 'settings.update') throw new Error('power cut');
      },
    },
  });
  try {
    const admin = await setupAdmin(t);
    const before = await t.ok('settings.get', {}, admin);
    const eventCount = events(t).length;
    fail = true;
    expect((await t.fail('settings.update', { storeName: 'Half written', logo: b64(logoPng()) }, admin)).code).toBe('INTERNAL');
    fail = false;
    expect(await t.ok('settings.get', {}, admin)).toEqual(before);
    expect(events(t)).toHaveLength(eventCount);
    expect(settingsRows(t)).toEqual([]);
  } finally {
    await t.close();
  }
});
