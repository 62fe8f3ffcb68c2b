// Electron host: the OS folder dialog behind Admin → Backups ("Copy to…", the second backup
// folder). Asked here in the main process: the renderer never hands over a path.
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import type { BackupDesktop } from '../core/services/backup';

const titles = {
  'copy-folder': { title: 'Choose a second folder for the daily backups', buttonLabel: 'Use this folder' },
  'copy-to': { title: 'Copy the backup to…', buttonLabel: 'Copy here' },
} as const;

export function createBackupDesktop(): BackupDesktop {
  return {
    async chooseFolder(purpose) {
      const options: OpenDialogOptions = { ...titles[purpose], properties: ['openDirectory', 'createDirectory'] };
      const win = BrowserWindow.getFocusedWindow();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
