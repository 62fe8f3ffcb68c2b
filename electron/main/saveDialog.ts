// Electron host: the "Save as…" dialog behind exports.saveAs. The main process asks the OS
// for the file; the renderer never names one. Plain functions over a structural type so
// they are tested without Electron (index.ts passes dialog.showSaveDialog in).
import fs from 'node:fs';
import path from 'node:path';
import type { SaveDialog } from '../core/services/exports';

/** The parts of Electron's SaveDialogOptions used here. */
export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  buttonLabel: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('createDirectory' | 'showOverwriteConfirmation')[];
}

/** Electron's dialog.showSaveDialog, bound to the app's window. */
export type ShowSaveDialog = (options: SaveDialogOptions) => Promise<{ canceled: boolean; filePath?: string }>;

const formatNames: Record<string, string> = { csv: 'CSV', ndjson: 'NDJSON', jsonl: 'NDJSON', xlsx: 'Excel workbook' };

/**
 * The dialog as the exports service asks it: the export's name in `defaultFolder()` to
 * start with, its format's extensions as the filter, and the OS's own question before a
 * file is replaced. A name typed without an extension gets the format's (Linux dialogs do
 * not add it) unless that would name a file the dialog never asked about replacing.
 */
export function createSaveDialog(show: ShowSaveDialog, defaultFolder: () => string): SaveDialog {
  return async ({ defaultName, extensions }) => {
    const result = await show({
      title: 'Save the export as',
      defaultPath: path.join(defaultFolder(), defaultName),
      buttonLabel: 'Save',
      filters: [{ name: formatNames[extensions[0] ?? ''] ?? 'Export', extensions }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || !result.filePath) return null;
    const chosen = result.filePath;
    if (path.extname(chosen) !== '' || extensions.length === 0) return chosen;
    const withExtension = `${chosen}.${extensions[0]}`;
    return fs.existsSync(withExtension) ? chosen : withExtension;
  };
}
