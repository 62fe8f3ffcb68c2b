/**
 * Settings → Head office (the desktop's way to attach), against a real PostgreSQL, with the OS
 * keychain behind its small interface (an in-memory SecretStore here; the Electron side is
 * electron/main/headOfficeSecret.ts): the URL is checked before anything is kept, kept only in
 * the keychain, never shown or recorded with its password; detaching forgets it; the HTTP host's
 * head office is set at its start and cannot be changed from the app.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { HeadOfficeStatus } from '../../shared/contract/headOffice';
import { DB_FILE } from '../../electron/core/core';
import { HeadOfficeControl, type SecretStore } from '../../electron/headoffice/control';
import { setupAdmin, startCore, tempDir, userWithRole, type TestCore } from '../support/core';
import { testHeadOffice, type TestHeadOffice } from '../support/headOffice';
import { pgSkipReason, pollUntil, testPgUrl } from '../support/postgres';

const adminUrl = testPgUrl();
if (!adminUrl) console.warn(pgSkipReason());

function memoryKeychain(available = true): SecretStore & { value: string | null } {
  const store = {
    value: null as string | null,
    available: () => available,
    read: () => store.value,
    write: (v: string) => {
      store.value = v;
    },
    clear: () => {
      store.value = null;
    },
  };
  return store;
}

async function desktop(keychain: SecretStore, dir = tempDir()): Promise<{ t: TestCore; control: HeadOfficeControl; admin: string }> {
  let t: TestCore | null = null;
  const control = new HeadOfficeControl({ dbFile: path.join(dir, DB_FILE), secrets: keychain, services: () => t!.core.services });
  t = await startCore('in-process', { dir, host: { headOffice: control } });
  const admin = await setupAdmin(t).catch(async () => (await t!.ok('auth.login', { username: 'admin', password: 'correct horse battery' })).token);
  control.start();
  return { t, control, admin };
}

describe.skipIf(!adminUrl)('attaching from Settings → Head office', () => {
  let ho: TestHeadOffice;
  let url: string;
  beforeAll(async () => {
    ho = await testHeadOffice(adminUrl!);
    url = (await ho.add('Desk Street')).url;
  });
  afterAll(async () => {
    await ho?.drop();
  });

  test('a wrong or unreachable URL is refused and nothing is kept', async () => {
    const keychain = memoryKeychain();
    const { t, control, admin } = await desktop(keychain);
    try {
      expect(await t.fail('headOffice.attach', { url: 'https://example.com/' }, admin)).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: ['url'] }] } });
      const closed = new URL(url);
      closed.port = '1';
      const refused = await t.fail('headOffice.attach', { url: closed.toString() }, admin);
      expect(refused).toMatchObject({ code: 'CONFLICT', key: 'headOfficeUnreachable' });
      expect(refused.message).not.toContain(closed.password);
      expect(keychain.value).toBeNull();
      expect(await t.ok('headOffice.status', {}, admin)).toMatchObject({ state: 'detached', settable: true });
      const cashier = await userWithRole(t, admin, 'cashier');
      expect(await t.fail('headOffice.attach', { url }, cashier)).toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      await control.close();
      await t.close();
    }
  });

  test('without a keychain the URL is not kept', async () => {
    const keychain = memoryKeychain(false);
    const { t, control, admin } = await desktop(keychain);
    try {
      expect(await t.fail('headOffice.attach', { url }, admin)).toMatchObject({ code: 'CONFLICT', key: 'headOfficeNoKeychain' });
      expect(keychain.value).toBeNull();
    } finally {
      await control.close();
      await t.close();
    }
  });

  test('a good URL is kept in the keychain alone, shipping starts and survives a restart; detaching forgets it', async () => {
    const keychain = memoryKeychain();
    const dir = tempDir();
    let { t, control, admin } = await desktop(keychain, dir);
    try {
      const attached = await t.ok('headOffice.attach', { url }, admin);
      expect(attached.target).not.toContain(new URL(url).password);
      expect(keychain.value).toBe(url);
      const synced = await pollUntil(async () => {
        const st = await t.ok('headOffice.status', {}, admin);
        return st.state === 'synced' ? st : null;
      }, 20_000, 'the first sync');
      expect(synced.installation?.name).toBe('Desk Street');
      // The trail says who set it and where, never the password.
      const trail = await t.ok('audit.list', { type: 'head_office.set' }, admin);
      expect(JSON.stringify(trail.items)).not.toContain(new URL(url).password);
      expect(trail.items[0]?.after).toMatchObject({ target: attached.target });

      await control.close();
      await t.close();
      ({ t, control, admin } = await desktop(keychain, dir));
      await pollUntil(async () => ((await t.ok('headOffice.status', {}, admin)) as HeadOfficeStatus).state === 'synced', 20_000, 'shipping after a restart');

      expect(await t.ok('headOffice.detach', {}, admin)).toMatchObject({ state: 'detached' });
      expect(keychain.value).toBeNull();
      // Attached once, it stays numbered per register and its catalogue stays the head office's.
      expect(t.core.services.headOffice.attachment()?.name).toBe('Desk Street');
    } finally {
      await control.close();
      await t.close();
    }
  });

  test('the HTTP host is attached at its start and cannot be changed from the app', async () => {
    const dir = tempDir();
    let t: TestCore | null = null;
    const control = new HeadOfficeControl({ dbFile: path.join(dir, DB_FILE), fixedUrl: url, services: () => t!.core.services });
    t = await startCore('in-process', { dir, host: { headOffice: control } });
    try {
      const admin = await setupAdmin(t);
      expect((await t.ok('headOffice.status', {}, admin)).settable).toBe(false);
      expect(await t.fail('headOffice.attach', { url }, admin)).toMatchObject({ code: 'CONFLICT', key: 'headOfficeSetAtStart' });
      expect(await t.fail('headOffice.detach', {}, admin)).toMatchObject({ code: 'CONFLICT', key: 'headOfficeSetAtStart' });
    } finally {
      await control.close();
      await t.close();
    }
  });
});
