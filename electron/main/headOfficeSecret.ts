// Electron host: the head office's URL (it holds the installation's password) kept encrypted
// by the OS keychain through safeStorage, in a file private to the OS user in the data folder.
import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { SecretStore } from '../headoffice/control';

export function createHeadOfficeSecret(dataDir: string): SecretStore {
  const file = path.join(dataDir, 'head-office.secret');
  return {
    available: () => safeStorage.isEncryptionAvailable(),
    read() {
      if (!fs.existsSync(file) || !safeStorage.isEncryptionAvailable()) return null;
      try {
        return safeStorage.decryptString(fs.readFileSync(file));
      } catch {
        // Another user's or another machine's keychain: as if none were set.
        return null;
      }
    },
    write(value) {
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, safeStorage.encryptString(value), { mode: 0o600 });
      fs.renameSync(temp, file);
    },
    clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
