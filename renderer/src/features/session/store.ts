import { create } from 'zustand';
import type { Input, User } from '../../../../shared/contract';
import { api, ApiError } from '../../api';
import { useToasts } from '../../ui';

export type Phase = 'starting' | 'unreachable' | 'setup' | 'signIn' | 'signedIn';

export interface Notice {
  tone: 'info' | 'warning' | 'success';
  text: string;
}

export interface SessionState {
  phase: Phase;
  /** The signed-in user; null unless phase is 'signedIn'. The token lives in the api client, in memory only. */
  user: User | null;
  /** Shown on the sign-in screen: why the user is there (signed out, session ended). */
  notice: Notice | null;
  /** Why start() failed (phase 'unreachable'). */
  startError: string | null;
  /** Setup asks for the one-time setup code (the browser: `tessera serve` printed it). */
  needsSetupCode: boolean;
  start(): Promise<void>;
  /** First run: creates the admin and signs in. Throws ApiError (form shows it). */
  setup(input: Input<'auth.setup'>): Promise<void>;
  /** Throws ApiError (form shows it). */
  signIn(input: Input<'auth.login'>): Promise<void>;
  signOut(): Promise<void>;
  /** Re-reads the signed-in user (auth.me); an ended session drops to sign-in. */
  refresh(): Promise<void>;
  dismissNotice(): void;
}

export const SESSION_ENDED = 'Your session has ended. Sign in again to continue.';

const clearers = new Set<() => void>();

/** Feature stores register here to drop their cached data when the session ends or the user signs out. */
export function onSessionCleared(clear: () => void): () => void {
  clearers.add(clear);
  return () => clearers.delete(clear);
}

function clearFeatureStores(): void {
  for (const clear of clearers) clear();
}

export const useSession = create<SessionState>((set, get) => {
  const signedIn = (token: string, user: User) => {
    api.setToken(token);
    // The store's locale for money comes with its settings (AppShell's useStoreSettings).
    set({ phase: 'signedIn', user, notice: null });
  };

  const signedOut = (notice: Notice | null) => {
    api.setToken(null);
    clearFeatureStores();
    useToasts.getState().clear();
    set({ phase: 'signIn', user: null, notice });
  };

  // Any signed-in call refused with UNAUTHENTICATED (expired, revoked, deactivated) lands here.
  api.onSessionEnded(() => {
    if (get().phase === 'signedIn') signedOut({ tone: 'warning', text: SESSION_ENDED });
  });

  return {
    phase: 'starting',
    user: null,
    notice: null,
    startError: null,
    needsSetupCode: false,

    async start() {
      set({ phase: 'starting', startError: null });
      try {
        const status = await api.call('auth.status', {});
        set({ phase: status.needsSetup ? 'setup' : 'signIn', user: null, needsSetupCode: status.needsSetupCode === true });
      } catch (err) {
        set({ phase: 'unreachable', startError: err instanceof Error ? err.message : String(err) });
      }
    },

    async setup(input) {
      const session = await api.call('auth.setup', input);
      signedIn(session.token, session.user);
    },

    async signIn(input) {
      const session = await api.call('auth.login', input);
      signedIn(session.token, session.user);
    },

    async signOut() {
      try {
        if (api.hasToken()) await api.call('auth.logout', {});
      } catch (err) {
        // Signing out locally always works; a session the server already ended is fine.
        if (!(err instanceof ApiError)) throw err;
      }
      signedOut({ tone: 'info', text: 'You have signed out.' });
    },

    async refresh() {
      if (get().phase !== 'signedIn') return;
      try {
        const user = await api.call('auth.me', {});
        if (get().phase === 'signedIn') set({ user });
      } catch {
        // UNAUTHENTICATED is handled by onSessionEnded; anything else keeps the current view.
      }
    },

    dismissNotice() {
      set({ notice: null });
    },
  };
});
