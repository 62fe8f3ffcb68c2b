import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Tessera';

/** The folder Electron's app.getPath('userData') gives, for hosts that run without Electron. */
export function defaultDataDir(): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

/** --data-dir, else TESSERA_DATA_DIR, else the OS app-data folder. */
export function resolveDataDir(flag: string | undefined): string {
  return path.resolve(flag ?? process.env.TESSERA_DATA_DIR ?? defaultDataDir());
}
