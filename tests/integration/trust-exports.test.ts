/**
 * Exports as an attacker would try them, through the real host (coreHost) behind the real
 * HTTP server on a real SQLite file: API callers never name a path, download links end
 * with the session that made them, every export, download and save is audited, files are
 * private, and a killed export's leftovers are removed at start.
 */
import { hostOverHttp, type Hosted } from '../support/hosted';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSaveDialog, type SaveDialogOptions } from '../../electron/main/saveDialog';
import type { Platform } from '../../electron/core/platform';
import { adminInput, manualClock, tempDir, TEST_SETUP_CODE } from '../support/core';

const cleanups: (() => Promise<void> | void)[] = [];
/** What a desktop host would offer; a test lends a part and takes it back. */
const desktop: Platform = {};

/** A host on a data folder behind the HTTP server, as `tessera serve` runs it. */
async function hosted(dir = tempDir('tessera-trust-exports-'), clock = manualClock()): Promise<Hosted> {
  const self = await hostOverHttp(dir, clock, { platform: desktop });
  self.host.core.services.auth.setupCode.set(TEST_SETUP_CODE);
  cleanups.push(() => self.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
  return self;
}

let h: Hosted;
let admin: string;
let supportId: string;
const SUPPORT = { username: 'support1', password: 'support-password-1' };

async function signInSupport(): Promise<string> {
  return (await h.ok('auth.login', SUPPORT)).token;
}

beforeAll(async () => {
  h = await hosted();
  admin = (await h.ok('auth.setup', adminInput)).token;
  supportId = (await h.ok('users.create', { ...SUPPORT, displayName: 'Sam Support', role: 'support' }, admin)).id;
  for (let i = 0; i < 3; i++) await h.ok('orders.create', { lines: [{ name: `Item ${i}`, unitPrice: 1000 + i, quantity: 1 }] }, admin);
}, 60_000);

afterAll(async () => {
  for (const clean of cleanups.reverse()) await clean();
});

describe('files only where the app decides', () => {
  test('a support user cannot replace or create a file in another folder: destination and overwrite are VALIDATION', async () => {
    const support = await signInSupport();
    const elsewhere = tempDir('tessera-victim-');
    cleanups.push(() => fs.rmSync(elsewhere, { recursive: true, force: true }));
    const victim = path.join(elsewhere, 'ledger.csv');
    fs.writeFileSync(victim, 'precious');
    const before = fs.statSync(victim);
    for (const method of ['exports.orders', 'exports.invoices', 'exports.payments']) {
      for (const [input, field] of [
        [{ format: 'csv', destination: victim, overwrite: true }, 'destination'],
        [{ format: 'csv', destination: path.join(elsewhere, 'new.csv') }, 'destination'],
        [{ format: 'csv', destination: 'relative.csv' }, 'destination'],
        [{ format: 'csv', overwrite: true }, 'overwrite'],
      ] as const) {
        const error = await h.fail(method, input, support);
        expect({ method, input, code: error.code }).toEqual({ method, input, code: 'VALIDATION' });
        expect((error.details as { issues: { path: string[] }[] }).issues.map((i) => i.path)).toContainEqual([field]);
      }
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.statSync(victim).mtimeMs).toBe(before.mtimeMs);
    expect(fs.readdirSync(elsewhere)).toEqual(['ledger.csv']);
    expect(fs.existsSync(path.join(process.cwd(), 'relative.csv'))).toBe(false);
  });

  test('an export answers an id and a file name, never a path of the machine; download and reveal take the id only', async () => {
    const support = await signInSupport();
    const r = await h.ok('exports.orders', { format: 'csv' }, support);
    expect(r).not.toHaveProperty('path');
    expect(JSON.stringify(r)).not.toContain(h.dir);
    expect(r.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(r.fileName).toMatch(/^orders-\d{8}-\d{6}(-\d+)?\.csv$/);
    expect(fs.readFileSync(path.join(h.dir, 'exports', r.fileName), 'utf8')).toMatch(/^number,id,status/);

    const link = await h.ok('exports.download', { id: r.id }, support);
    expect(link.fileName).toBe(r.fileName);
    const res = await fetch(h.base + link.url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(fs.readFileSync(path.join(h.dir, 'exports', r.fileName)));

    for (const method of ['exports.download', 'exports.reveal', 'exports.saveAs']) {
      const byPath = await h.fail(method, { path: path.join(h.dir, 'tessera.db') }, support);
      expect(byPath.code).toBe('VALIDATION');
      expect((await h.fail(method, { id: 'no-such-export-1' }, support)).code).toBe('NOT_FOUND');
    }
  });

  test('in the browser host the desktop-only calls answer a typed error', async () => {
    const support = await signInSupport();
    const r = await h.ok('exports.invoices', { format: 'csv' }, support);
    for (const method of ['exports.reveal', 'exports.saveAs'] as const) {
      const error = await h.fail(method, { id: r.id }, support);
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toMatch(/desktop app/);
    }
  });

  test('desktop "Save as…": the main process asks the dialog for the path and copies the file there, private and audited', async () => {
    const support = await signInSupport();
    const r = await h.ok('exports.payments', { format: 'ndjson' }, support);
    const chosen = tempDir('tessera-save-as-');
    cleanups.push(() => fs.rmSync(chosen, { recursive: true, force: true }));
    const asked: { defaultName: string; extensions: string[] }[] = [];
    let answer: string | null = null;
    desktop.saveDialog = (request) => {
      asked.push({ defaultName: request.defaultName, extensions: request.extensions });
      return Promise.resolve(answer);
    };
    try {
      expect(await h.ok('exports.saveAs', { id: r.id }, support)).toEqual({ saved: false, fileName: null });
      answer = path.join(chosen, 'for-the-accountant.ndjson');
      fs.writeFileSync(answer, 'old file the user agreed to replace');
      expect(await h.ok('exports.saveAs', { id: r.id }, support)).toEqual({ saved: true, fileName: 'for-the-accountant.ndjson' });
      expect(fs.readFileSync(answer)).toEqual(fs.readFileSync(path.join(h.dir, 'exports', r.fileName)));
      if (process.platform !== 'win32') expect(fs.statSync(answer).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(chosen)).toEqual(['for-the-accountant.ndjson']);
      expect(asked).toEqual([
        { defaultName: r.fileName, extensions: ['ndjson', 'jsonl'] },
        { defaultName: r.fileName, extensions: ['ndjson', 'jsonl'] },
      ]);
      // A path of another kind from the dialog is refused, nothing written.
      answer = path.join(chosen, 'authorized_keys');
      expect((await h.fail('exports.saveAs', { id: r.id }, support)).code).toBe('VALIDATION');
      expect(fs.existsSync(answer)).toBe(false);
      const saved = await h.ok('audit.list', { type: 'export.saved' }, admin);
      expect(saved.items[0]).toMatchObject({ actorId: supportId, entity: 'export', entityId: r.id, after: { fileName: r.fileName, savedTo: path.join(chosen, 'for-the-accountant.ndjson') } });
    } finally {
      delete desktop.saveDialog;
    }
  });

  test('the desktop\'s dialog: starts at the export\'s name in Documents, filters by format, asks before replacing; a bare name gets the extension', async () => {
    const folder = tempDir('tessera-dialog-');
    cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
    const asked: SaveDialogOptions[] = [];
    let reply: { canceled: boolean; filePath?: string } = { canceled: true };
    const dialog = createSaveDialog(
      (options) => {
        asked.push(options);
        return Promise.resolve(reply);
      },
      () => folder,
    );
    const request = { defaultName: 'orders-20260601-090000.csv', extensions: ['csv'] };
    expect(await dialog(request)).toBeNull();
    expect(asked[0]).toMatchObject({
      defaultPath: path.join(folder, 'orders-20260601-090000.csv'),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
      properties: expect.arrayContaining(['showOverwriteConfirmation']),
    });
    reply = { canceled: false, filePath: path.join(folder, 'ledger.csv') };
    expect(await dialog(request)).toBe(path.join(folder, 'ledger.csv'));
    reply = { canceled: false, filePath: path.join(folder, 'ledger') };
    expect(await dialog(request)).toBe(path.join(folder, 'ledger.csv'));
    // ledger.csv exists and the dialog asked about "ledger" only: the name stays as typed (and is refused for its kind).
    fs.writeFileSync(path.join(folder, 'ledger.csv'), 'kept');
    expect(await dialog(request)).toBe(path.join(folder, 'ledger'));
    reply = { canceled: false, filePath: '' };
    expect(await dialog(request)).toBeNull();
  });

  test('desktop "Show in folder" shows the export in the data folder', async () => {
    const support = await signInSupport();
    const r = await h.ok('exports.orders', { format: 'xlsx' }, support);
    const shown: string[] = [];
    desktop.reveal = (file) => shown.push(file);
    try {
      expect(await h.ok('exports.reveal', { id: r.id }, support)).toEqual({ revealed: true });
    } finally {
      delete desktop.reveal;
    }
    expect(shown).toEqual([path.join(h.dir, 'exports', r.fileName)]);
  });
});

describe('download links end with the session that made them', () => {
  /** A fresh support session with a working link; `end` ends the session somehow; the link must then be refused. */
  async function linkDiesWith(end: (token: string) => Promise<void>): Promise<void> {
    const token = await signInSupport();
    const r = await h.ok('exports.orders', { format: 'csv' }, token);
    const link = await h.ok('exports.download', { id: r.id }, token);
    expect((await fetch(h.base + link.url, { method: 'HEAD' })).status).toBe(200);
    await end(token);
    const res = await fetch(h.base + link.url);
    expect(res.status).toBe(404);
    await res.arrayBuffer();
  }

  test('logout', async () => {
    await linkDiesWith(async (token) => void (await h.ok('auth.logout', {}, token)));
  });

  test('expiry: a link made just before the session’s 12 hours are up ends with them', async () => {
    const token = await signInSupport();
    // Kept busy (never idle for 30 minutes) until five minutes before its absolute end.
    for (let i = 0; i < 28; i++) {
      h.clock.advance(25 * 60_000);
      await h.ok('auth.me', {}, token);
    }
    h.clock.advance(15 * 60_000); // 11 h 55 min
    await h.ok('auth.me', {}, token);
    const r = await h.ok('exports.orders', { format: 'csv' }, token);
    const link = await h.ok('exports.download', { id: r.id }, token);
    expect((await fetch(h.base + link.url, { method: 'HEAD' })).status).toBe(200);
    h.clock.advance(6 * 60_000);
    expect((await h.fail('auth.me', {}, token)).code).toBe('UNAUTHENTICATED');
    expect((await fetch(h.base + link.url, { method: 'HEAD' })).status).toBe(404);
    admin = (await h.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token;
  });

  test('deactivation (and the account coming back does not revive the link)', async () => {
    await linkDiesWith(async () => {
      await h.ok('users.update', { id: supportId, active: false }, admin);
      await h.ok('users.update', { id: supportId, active: true }, admin);
    });
  });

  test('role change', async () => {
    await linkDiesWith(async () => {
      await h.ok('users.update', { id: supportId, role: 'manager' }, admin);
    });
    await h.ok('users.update', { id: supportId, role: 'support' }, admin);
  });

  test('password reset', async () => {
    await linkDiesWith(async () => {
      await h.ok('users.setPassword', { id: supportId, password: SUPPORT.password }, admin);
    });
  });

  test('restore', async () => {
    const backup = (await h.ok('system.backup', {}, admin)) as { name?: string; path?: string };
    const name = backup.name ?? path.basename(backup.path ?? '');
    await linkDiesWith(async () => {
      await h.ok('system.restore', { name }, admin);
    });
    admin = (await h.ok('auth.login', { username: adminInput.username, password: adminInput.password })).token;
  });
});

describe('everything that moves data is audited', () => {
  test('an export records who, what, which filters, how many rows and the file; a download records who and which export', async () => {
    const support = await signInSupport();
    const r = await h.ok('exports.payments', { format: 'csv', method: ['cash', 'card'], from: '2026-01-01', kind: 'payment', bom: true }, support);
    const exported = await h.ok('audit.list', { type: 'export.created', entityId: r.id }, admin);
    expect(exported.items).toHaveLength(1);
    expect(exported.items[0]).toMatchObject({
      actorId: supportId,
      entity: 'export',
      entityId: r.id,
      after: { kind: 'payments', format: 'csv', filters: { method: ['cash', 'card'], from: '2026-01-01', kind: 'payment', bom: true }, rows: r.rows, bytes: r.bytes, fileName: r.fileName },
    });

    const link = await h.ok('exports.download', { id: r.id }, support);
    const res = await fetch(h.base + link.url);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const downloads = await h.ok('audit.list', { type: 'export.downloaded', entityId: r.id }, admin);
    expect(downloads.items).toHaveLength(1);
    expect(downloads.items[0]).toMatchObject({ actorId: supportId, entity: 'export', entityId: r.id, after: { fileName: r.fileName, bytes: r.bytes } });
    expect((await h.ok('audit.verify', {}, admin)).ok).toBe(true);
  });
});

describe('private files', () => {
  test.runIf(process.platform !== 'win32')('the exports folder is 0700 and every export 0600, whatever the umask and the folder was before', async () => {
    fs.chmodSync(path.join(h.dir, 'exports'), 0o755);
    const previous = process.umask(0);
    try {
      const support = await signInSupport();
      for (const format of ['csv', 'ndjson', 'xlsx'] as const) {
        const r = await h.ok('exports.orders', { format }, support);
        expect(fs.statSync(path.join(h.dir, 'exports', r.fileName)).mode & 0o777).toBe(0o600);
      }
      expect(fs.statSync(path.join(h.dir, 'exports')).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });
});

describe('leftovers', () => {
  test('a killed export’s .part files are removed at start; finished exports stay', async () => {
    const dir = tempDir('tessera-leftovers-');
    const first = await hosted(dir);
    await first.close();
    const exportsDir = path.join(dir, 'exports');
    fs.mkdirSync(exportsDir, { recursive: true });
    const stale = path.join(exportsDir, '.orders-20260601-090000.csv.0190a1b2-killed.part');
    fs.writeFileSync(stale, 'half an export');
    fs.writeFileSync(path.join(exportsDir, 'orders-20260601-090000.csv'), 'a finished export');
    const again = await hosted(dir);
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.readdirSync(exportsDir)).toEqual(['orders-20260601-090000.csv']);
    await again.close();
  });
});
