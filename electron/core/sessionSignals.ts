/**
 * "A session has ended", told to whatever holds something on a session's behalf (the HTTP
 * host's event streams, download tickets). The database already refuses an ended session
 * on its next call; this makes things that do not call again (an open stream, a link
 * handed out) end at the same moment.
 */

/** 'locked': the session holds on but serves nothing (no stream, no download) until someone signs in. */
export type SessionEndReason = 'logout' | 'expired' | 'deactivated' | 'role-changed' | 'password-reset' | 'restore' | 'locked';

export type SessionEnded =
  /** One session (logout, expiry). */
  | { reason: SessionEndReason; tokenHash: string }
  /** Every session of a user but `keepTokenHash` (the admin's own, when they change themselves). */
  | { reason: SessionEndReason; userId: string; keepTokenHash?: string }
  /** Every session (a restore replaces the store they belong to). */
  | { reason: SessionEndReason; all: true };

export type SessionEndListener = (ended: SessionEnded) => void;

/** Whether `ended` covers the session `tokenHash` of `userId`. */
export function endsSession(ended: SessionEnded, session: { tokenHash: string; userId: string }): boolean {
  if ('all' in ended) return true;
  if ('tokenHash' in ended) return ended.tokenHash === session.tokenHash;
  return ended.userId === session.userId && ended.keepTokenHash !== session.tokenHash;
}

export class SessionSignals {
  private readonly listeners = new Set<SessionEndListener>();

  subscribe(listener: SessionEndListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener; one that throws does not keep the others from hearing it. */
  ended(ended: SessionEnded): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(ended);
      } catch {
        // A listener's failure is its own; the session has ended regardless.
      }
    }
  }
}
