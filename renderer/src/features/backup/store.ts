import { create } from 'zustand';
import type { Output } from '../../../../shared/contract';
import type { BackupFailure, BackupFile, RestoreResult } from '../../../../shared/contract/system';
import { api } from '../../api';
import { onSessionCleared } from '../session/store';

export interface BackupsState {
  items: BackupFile[];
  /** The name of the second folder the daily backups are copied into (chosen on the desktop). */
  copyFolder: string | null;
  /** The last backup or copy that failed, until one succeeds. */
  lastFailure: BackupFailure | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  backingUp: boolean;
  /** The last backup made from this screen. */
  made: Output<'system.backup'> | null;
  /** Set once a restore has replaced the database: the app must be reloaded. */
  restored: RestoreResult | null;
  load(): Promise<void>;
  /** Throws ApiError for the screen to show. */
  backupNow(): Promise<void>;
  /** Throws ApiError for the dialog to show. */
  restore(name: string): Promise<RestoreResult>;
  /** Desktop only: the OS dialog picks the folder; the copy's name, or null when cancelled. Throws ApiError. */
  copyTo(name: string): Promise<string | null>;
  /** Desktop only: the OS dialog picks the second folder (or `clear` forgets it). Throws ApiError. */
  chooseCopyFolder(clear?: boolean): Promise<void>;
}

/** The desktop app (Electron) asks the OS for folders; the browser cannot. */
export const isDesktop = typeof window !== 'undefined' && window.tessera !== undefined;

const initial = { items: [], copyFolder: null, lastFailure: null, status: 'idle', error: null, backingUp: false, made: null, restored: null } as const;

export const useBackups = create<BackupsState>((set, get) => ({
  ...initial,
  items: [],

  async load() {
    set({ status: get().items.length > 0 ? 'ready' : 'loading', error: null });
    try {
      const { items, copyFolder, lastFailure } = await api.call('system.backups', {});
      set({ items, copyFolder: copyFolder ?? null, lastFailure: lastFailure ?? null, status: 'ready' });
    } catch (err) {
      set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
    }
  },

  async backupNow() {
    set({ backingUp: true, made: null });
    try {
      const made = await api.call('system.backup', {});
      set({ made });
      await get().load();
    } finally {
      set({ backingUp: false });
    }
  },

  async restore(name) {
    const restored = await api.call('system.restore', { name });
    set({ restored });
    return restored;
  },

  async copyTo(name) {
    const result = await api.call('system.copyBackup', { name });
    return result.copied ? result.name : null;
  },

  async chooseCopyFolder(clear) {
    const { copyFolder } = await api.call('system.chooseBackupFolder', clear ? { clear: true } : {});
    set({ copyFolder });
  },
}));

onSessionCleared(() => {
  // A restore ends the session on purpose: keep its result for the screen that reloads the app.
  if (!useBackups.getState().restored) useBackups.setState({ ...initial, items: [] });
});
