import type { Input, Method, Output, PushEvent } from '../../../shared/contract';
import { ApiError, toApiError } from './errors';
import { saveToken } from './tokenStore';
import type { PushListener, Transport } from './transport';

/** Methods whose UNAUTHENTICATED means "wrong credentials", not "your session ended". */
const credentialMethods = new Set<string>(['auth.login', 'auth.pinLogin', 'auth.setup', 'auth.status']);

export interface ApiClient {
  readonly transport: Transport['kind'];
  /** Calls a contract method; resolves with its output or throws an ApiError. */
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  /** The session token, kept for this tab only (tokenStore). `null` signs the client out (and closes the event stream). */
  setToken(token: string | null): void;
  hasToken(): boolean;
  /** Push events of the signed-in session. Returns the unsubscribe function. */
  onPush(listener: PushListener): () => void;
  /** Called when a signed-in call is refused with UNAUTHENTICATED (expired, revoked, deactivated). */
  onSessionEnded(listener: (error: ApiError) => void): () => void;
  /** Called when a call is refused with LOCKED: the session holds, but only a PIN or password opens it. */
  onLocked(listener: () => void): () => void;
}

export function createApiClient(transport: Transport): ApiClient {
  let token: string | null = null;
  const pushListeners = new Set<PushListener>();
  const endedListeners = new Set<(error: ApiError) => void>();
  const lockedListeners = new Set<() => void>();
  const dispatchPush = (event: PushEvent) => {
    for (const l of pushListeners) l(event);
  };

  const setToken = (next: string | null) => {
    if (next === token) return;
    token = next;
    saveToken(next);
    transport.listen(token, dispatchPush);
  };

  return {
    transport: transport.kind,
    async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
      const sentWith = token;
      let envelope;
      try {
        envelope = await transport.invoke(method, input, sentWith);
      } catch (err) {
        throw toApiError(method, err);
      }
      if (envelope.ok) return envelope.value as Output<M>;
      const error = new ApiError(method, envelope.error);
      if (error.code === 'UNAUTHENTICATED' && sentWith !== null && sentWith === token && !credentialMethods.has(method)) {
        setToken(null);
        for (const l of endedListeners) l(error);
      }
      if (error.code === 'LOCKED' && sentWith !== null && sentWith === token) for (const l of lockedListeners) l();
      throw error;
    },
    setToken,
    hasToken: () => token !== null,
    onPush(listener) {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    onSessionEnded(listener) {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },
    onLocked(listener) {
      lockedListeners.add(listener);
      return () => lockedListeners.delete(listener);
    },
  };
}
