import { create } from 'zustand';
import type { Input, Settings } from '../../../../shared/contract';
import { api } from '../../api';
import { onSessionCleared } from '../session/store';

export interface SettingsState {
  settings: Settings | null;
  /** The logo as a data: URL, for the preview. */
  logoUrl: string | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  load(): Promise<void>;
  /** Saves the changed fields; throws ApiError for the form to show next to its fields. */
  save(changes: Input<'settings.update'>): Promise<Settings>;
}

const initial = { settings: null, logoUrl: null, status: 'idle', error: null } as const;

async function readLogo(): Promise<string | null> {
  const { logo } = await api.call('settings.logo', {});
  return logo ? `data:${logo.contentType};base64,${logo.contentBase64}` : null;
}

export const useSettings = create<SettingsState>((set, get) => ({
  ...initial,

  async load() {
    set({ status: get().settings ? 'ready' : 'loading', error: null });
    try {
      const settings = await api.call('settings.get', {});
      const logoUrl = settings.logo ? await readLogo() : null;
      set({ settings, logoUrl, status: 'ready' });
    } catch (err) {
      set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
    }
  },

  async save(changes) {
    const before = get().settings;
    const settings = await api.call('settings.update', changes);
    const logoChanged = settings.logo?.sha256 !== before?.logo?.sha256;
    set({ settings, logoUrl: logoChanged ? (settings.logo ? await readLogo() : null) : get().logoUrl });
    return settings;
  },
}));

onSessionCleared(() => useSettings.setState({ ...initial }));
