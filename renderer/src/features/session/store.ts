import { create } from 'zustand';
import type { Input, Output, User } from '../../../../shared/contract';
import { api, ApiError, isUnreachable, savedLock, saveLock, savedToken } from '../../api';
import { adoptStoreLanguage, adoptUserLanguage, type MessageId } from '../../i18n';
import { useToasts } from '../../ui';
import { rememberedRegister, rememberRegister, registerRefused } from '../register/terminal';

export type Phase = 'starting' | 'unreachable' | 'setup' | 'signIn' | 'signedIn';

export interface Notice {
  tone: 'info' | 'warning' | 'success';
  /** Translated when shown, so it follows a language change. */
  message: MessageId;
}

export interface SessionState {
  phase: Phase;
  /** The signed-in user; null unless phase is 'signedIn'. The token lives in the api client (and this tab's storage). */
  user: User | null;
  /** The terminal is locked (auth.lock): the app stays underneath, the lock screen asks for a PIN or password. */
  locked: boolean;
  /** Shown on the sign-in screen: why the user is there (signed out, session ended). */
  notice: Notice | null;
  /** Why start() failed (phase 'unreachable'); null when the store simply did not answer (the screen says so). */
  startError: string | null;
  /** Setup asks for the one-time setup code (the browser: `tessera serve` printed it). */
  needsSetupCode: boolean;
  /** The register this session sells through; null: none (the back office, or not chosen yet). */
  registerId: string | null;
  /**
   * The terminal asks which till it is: 'required' after a seller's sign-in with none known
   * (several registers), 'change' from the register menu (may be cancelled); null: not asking.
   */
  choosingRegister: 'required' | 'change' | null;
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
  /** Binds this session (and this terminal, remembered) to a register, or to none (null). Throws ApiError. */
  bindRegister(registerId: string | null): Promise<void>;
  /** Opens the register chooser ("Change register…"), or closes it when it may be (null). */
  askRegister(mode: 'change' | null): void;
}

type SignedInSession = Output<'auth.login'>;
const sells = (user: User) => user.role !== 'support';

/**
 * Signs in with this terminal's remembered register. A remembered register that is gone or
 * out of use is forgotten and the sign-in made again without it (the terminal then chooses).
 */
async function withRegister(call: (registerId: string | undefined) => Promise<SignedInSession>): Promise<SignedInSession> {
  const remembered = rememberedRegister();
  if (remembered === null) return call(undefined);
  try {
    return await call(remembered);
  } catch (err) {
    if (!registerRefused(err)) throw err;
    rememberRegister(null);
    return call(undefined);
  }
}

/** The sign-in screen's notice after a session ended elsewhere (expired, revoked, deactivated). */
export const SESSION_ENDED: MessageId = 'session.sessionEnded';

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
  const signedIn = (token: string, user: User, registerId: string | null = null, choosingRegister: SessionState['choosingRegister'] = null) => {
    api.setToken(token);
    saveLock(false);
    // The store's locale for money comes with its settings (AppShell's useStoreSettings).
    set({ phase: 'signedIn', user, notice: null, locked: false, registerId, choosingRegister });
  };

  /**
   * Which register the new session sells through. Support is never bound. A seller with none:
   * the one active register when there is exactly one, else the terminal asks (the chooser,
   * which also shows a failed read of the registers with a retry).
   */
  const settleRegister = async (session: SignedInSession): Promise<void> => {
    api.setToken(session.token);
    const { user } = session;
    if (!sells(user)) {
      if (session.registerId !== null) await api.call('auth.useRegister', { registerId: null }).catch(() => undefined);
      signedIn(session.token, user, null);
      return;
    }
    if (session.registerId !== null) {
      rememberRegister(session.registerId);
      signedIn(session.token, user, session.registerId);
      return;
    }
    try {
      const { items } = await api.call('registers.list', { includeInactive: false });
      const only = items.length === 1 ? items[0]! : null;
      if (only) {
        await api.call('auth.useRegister', { registerId: only.id });
        rememberRegister(only.id);
        signedIn(session.token, user, only.id);
        return;
      }
    } catch {
      // The chooser reads the registers again and says what went wrong.
    }
    signedIn(session.token, user, null, 'required');
  };

  const signedOut = (notice: Notice | null) => {
    api.setToken(null);
    saveLock(false);
    clearFeatureStores();
    useToasts.getState().clear();
    set({ phase: 'signIn', user: null, notice, locked: false, registerId: null, choosingRegister: null });
  };

  // Any signed-in call refused with UNAUTHENTICATED (expired, revoked, deactivated) lands here.
  api.onSessionEnded(() => {
    if (get().phase === 'signedIn') signedOut({ tone: 'warning', message: SESSION_ENDED });
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
    registerId: null,
    choosingRegister: null,

    async start() {
      set({ phase: 'starting', startError: null });
      try {
        // A reload (or a restarted window) resumes this tab's session: signed in, or still locked.
        const token = savedToken();
        if (token !== null) api.setToken(token);
        const status = await api.call('auth.status', {});
        // The first screen comes up in the store's language (a catalogue that cannot be fetched leaves English).
        await adoptStoreLanguage(status.language).catch(() => undefined);
        if (token !== null && status.user) {
          // Locked on screen before the reload but not on the server (auth.lock did not get through): lock it now.
          if (savedLock() && status.locked !== true) await api.call('auth.lock', {});
          const locked = status.locked === true || savedLock();
          // A cashier's session bound to no register (the chooser was up at the reload) asks again.
          const choosingRegister = status.registerId === null && status.user.role === 'cashier' ? 'required' : null;
          set({ phase: 'signedIn', user: status.user, notice: null, locked, needsSetupCode: false, registerId: status.registerId, choosingRegister });
          return;
        }
        if (token !== null) api.setToken(null);
        saveLock(false);
        set({ phase: status.needsSetup ? 'setup' : 'signIn', user: null, needsSetupCode: status.needsSetupCode === true });
      } catch (err) {
        set({ phase: 'unreachable', startError: isUnreachable(err) ? null : err instanceof Error ? err.message : String(err) });
      }
    },

    async setup(input) {
      const session = await api.call('auth.setup', input);
      await settleRegister(session);
    },

    async signIn(input) {
      const session = await withRegister((registerId) => api.call('auth.login', registerId ? { ...input, registerId } : input));
      await settleRegister(session);
    },

    async signOut() {
      try {
        if (api.hasToken()) await api.call('auth.logout', {});
      } catch (err) {
        // Signing out locally always works; a session the server already ended is fine.
        if (!(err instanceof ApiError)) throw err;
      }
      signedOut({ tone: 'info', message: 'session.signedOut' });
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
      const session = await withRegister((registerId) => {
        const register = registerId ? { registerId } : {};
        return 'pin' in input ? api.call('auth.pinLogin', { ...input, ...register }) : api.call('auth.login', { ...input, ...register });
      });
      await settleRegister(session);
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

    async bindRegister(registerId) {
      const bound = await api.call('auth.useRegister', { registerId });
      // "No register" is this session's choice, not the terminal's: the next seller is asked again.
      if (bound.registerId !== null) rememberRegister(bound.registerId);
      set({ registerId: bound.registerId, choosingRegister: null });
    },

    askRegister(mode) {
      if (mode === null && get().choosingRegister === 'required') return;
      set({ choosingRegister: mode });
    },
  };
});

// The screens speak the signed-in user's language, else the store's (sign-in, sign-out, switch cashier).
useSession.subscribe((s, prev) => {
  if (s.user?.language !== prev.user?.language || (s.user === null) !== (prev.user === null)) void adoptUserLanguage(s.user?.language ?? null);
});
