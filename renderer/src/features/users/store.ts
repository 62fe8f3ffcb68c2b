import { create } from 'zustand';
import type { Input, ListedUser, User } from '../../../../shared/contract';
import { api } from '../../api';
import { onSessionCleared } from '../session/store';

export interface UsersState {
  items: ListedUser[];
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Why the last load failed. */
  error: string | null;
  load(): Promise<void>;
  /** The mutations throw ApiError for the dialog to show next to its fields; on success the list is updated in place. */
  create(input: Input<'users.create'>): Promise<User>;
  update(input: Input<'users.update'>): Promise<User>;
  setPassword(input: Input<'users.setPassword'>): Promise<void>;
  /** Sets (or with null removes) a user's PIN. */
  setPin(input: Input<'users.setPin'>): Promise<User>;
  /** Lifts the user's sign-in lock (after too many wrong passwords). */
  unlock(id: string): Promise<ListedUser>;
}

const initial = { items: [], status: 'idle', error: null } as const;

function byUsername(a: User, b: User): number {
  return a.username.localeCompare(b.username);
}

export const useUsers = create<UsersState>((set, get) => ({
  ...initial,
  items: [],

  async load() {
    set({ status: get().items.length > 0 ? 'ready' : 'loading', error: null });
    try {
      const { items } = await api.call('users.list', {});
      set({ items: [...items].sort(byUsername), status: 'ready' });
    } catch (err) {
      set({ status: 'error', error: err instanceof Error ? err.message : String(err) });
    }
  },

  async create(input) {
    const user = await api.call('users.create', input);
    set({ items: [...get().items.filter((u) => u.id !== user.id), { ...user, lockedUntil: null }].sort(byUsername) });
    return user;
  },

  async update(input) {
    const user = await api.call('users.update', input);
    // An update leaves a sign-in lock as it was.
    set({ items: get().items.map((u) => (u.id === user.id ? { ...user, lockedUntil: u.lockedUntil } : u)) });
    return user;
  },

  async unlock(id) {
    const user = await api.call('users.unlock', { id });
    set({ items: get().items.map((u) => (u.id === user.id ? user : u)) });
    return user;
  },

  async setPassword(input) {
    await api.call('users.setPassword', input);
  },

  async setPin(input) {
    const user = await api.call('users.setPin', input);
    set({ items: get().items.map((u) => (u.id === user.id ? { ...user, lockedUntil: u.lockedUntil } : u)) });
    return user;
  },
}));

onSessionCleared(() => useUsers.setState({ ...initial, items: [] }));
