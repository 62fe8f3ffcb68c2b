import { create } from 'zustand';
import type { Output } from '../../../../shared/contract';
import type { BackupFile, RestoreResult } from '../../../../shared/contract/system';
import { api } from '../../api';
import { onSessionCleared } from '../session/store';

export interface BackupsState {
  items: BackupFile[];
  folder: string | null;
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
}

const initial = { items: [], folder: null, status: 'idle', error: null, backingUp: false, made: null, restored: null } as const;

export const useBackups = create<BackupsState>((set, get) => ({
  ...initial,
  items: [],

  async load() {
    set({ status: get().items.length > 0 ? 'ready' : 'loading', error: null });
    try {
      const { items, folder } = await api.call('system.backups', {});
      set({ items, folder, status: 'ready' });
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
}));

onSessionCleared(() => {
  // A restore ends the session on purpose: keep its result for the screen that reloads the app.
  if (!useBackups.getState().restored) useBackups.setState({ ...initial, items: [] });
});
