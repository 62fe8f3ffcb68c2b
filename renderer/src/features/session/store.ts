import { create } from 'zustand';
import type { Input, User } from '../../../../shared/contract';
import { api, ApiError, savedLock, saveLock, savedToken } from '../../api';
import { useToasts } from '../../ui';

export type Phase = 'starting' | 'unreachable' | 'setup' | 'signIn' | 'signedIn';

export interface Notice {
  tone: 'info' | 'warning' | 'success';
  text: string;
}

export interface SessionState {
  phase: Phase;
  /** The signed-in user; null unless phase is 'signedIn'. The token lives in the api client (and this tab's storage). */
  user: User | null;
  /** The terminal is locked (auth.lock): the app stays underneath, the lock screen asks for a PIN or password. */
  locked: boolean;
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
  /** Locks this terminal: on screen at once, and the session on the server (refuses everything until opened). */
  lock(): Promise<void>;
  /** Opens a locked terminal, as its user or another (switch cashier). Throws ApiError (form shows it). */
  unlock(input: { username: string; pin: string } | { username: string; password: string }): Promise<void>;
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
    saveLock(false);
    // The store's locale for money comes with its settings (AppShell's useStoreSettings).
    set({ phase: 'signedIn', user, notice: null, locked: false });
  };

  const signedOut = (notice: Notice | null) => {
    api.setToken(null);
    saveLock(false);
    clearFeatureStores();
    useToasts.getState().clear();
    set({ phase: 'signIn', user: null, notice, locked: false });
  };

  // Any signed-in call refused with UNAUTHENTICATED (expired, revoked, deactivated) lands here.
  api.onSessionEnded(() => {
    if (get().phase === 'signedIn') signedOut({ tone: 'warning', text: SESSION_ENDED });
  });

  // A call refused with LOCKED (the session was locked elsewhere in this tab's life, e.g. before a reload).
  api.onLocked(() => {
    if (get().phase !== 'signedIn') return;
    saveLock(true);
    set({ locked: true });
  });

  return {
    phase: 'starting',
    locked: false,
    user: null,
    notice: null,
    startError: null,
    needsSetupCode: false,

    async start() {
      set({ phase: 'starting', startError: null });
      try {
        // A reload (or a restarted window) resumes this tab's session: signed in, or still locked.
        const token = savedToken();
        if (token !== null) api.setToken(token);
        const status = await api.call('auth.status', {});
        if (token !== null && status.user) {
          // Locked on screen before the reload but not on the server (auth.lock did not get through): lock it now.
          if (savedLock() && status.locked !== true) await api.call('auth.lock', {});
          const locked = status.locked === true || savedLock();
          set({ phase: 'signedIn', user: status.user, notice: null, locked, needsSetupCode: false });
          return;
        }
        if (token !== null) api.setToken(null);
        saveLock(false);
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

    async lock() {
      if (get().phase !== 'signedIn') return;
      set({ locked: true });
      // Remembered in this tab first: should auth.lock not get through, a reload still comes back locked.
      saveLock(true);
      try {
        await api.call('auth.lock', {});
      } catch {
        // Locked on screen regardless; an ended session shows up as sign-in, an unreachable store on the next call.
      }
    },

    async unlock(input) {
      // A PIN sign-in sends the locked session along, which ends it; a password one leaves it to expire locked.
      const session = 'pin' in input ? await api.call('auth.pinLogin', input) : await api.call('auth.login', input);
      signedIn(session.token, session.user);
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
