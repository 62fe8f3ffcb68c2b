import type { PushEvent, PushEvents } from '../../../shared/contract';
import type { Envelope, ErrorCode } from '../../../shared/errors';
import type { TesseraBridge } from './bridge';
import { clientError, UnreachableError } from './errors';
import { openEventStream } from './eventStream';
import { reportReachable } from './reachability';

export type PushListener = (event: PushEvent) => void;

/** How the client reaches the core: Electron IPC or HTTP. Chosen once at start. */
export interface Transport {
  readonly kind: 'ipc' | 'http';
  invoke(method: string, input: unknown, token: string | null): Promise<Envelope<unknown>>;
  /**
   * Opens the push-event stream for `token` (closing any previous one) and forwards
   * every event to `listener`. `null` closes it. Returns nothing; call again on token change.
   */
  listen(token: string | null, listener: PushListener): void;
}

const pushEventNames = ['order.changed', 'invoice.changed', 'product.changed', 'taxClass.changed', 'user.changed', 'settings.changed', 'export.progress', 'register.changed', 'cashSession.changed', 'creditNote.changed', 'voucher.changed'] as const satisfies readonly (keyof PushEvents)[];
// Every kind the core publishes is forwarded: a kind added to PushEvents and not here fails to compile.
const everyKind: Exclude<keyof PushEvents, (typeof pushEventNames)[number]> extends never ? true : never = true;
void everyKind;

function isEnvelope(value: unknown): value is Envelope<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

function statusCode(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 400 && status < 500) return 'VALIDATION';
  return 'INTERNAL';
}

/** Electron: `window.tessera.invoke` / `on`. */
export function ipcTransport(bridge: TesseraBridge): Transport {
  let unsubscribe: (() => void)[] = [];
  return {
    kind: 'ipc',
    invoke: (method, input, token) => bridge.invoke(method, input, token ?? undefined),
    listen(token, listener) {
      for (const off of unsubscribe) off();
      unsubscribe = [];
      if (!token) return;
      unsubscribe = pushEventNames.map((event) =>
        bridge.on(event, (data) => listener({ event, data } as PushEvent)),
      );
    },
  };
}

/** The HTTP host: POST /rpc/<method> on the page's own origin, and /events as Server-Sent Events (token in the header). */
export function httpTransport(base = ''): Transport {
  let closeStream: (() => void) | null = null;
  return {
    kind: 'http',
    async invoke(method, input, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      let res: Response;
      try {
        res = await fetch(`${base}/rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
          cache: 'no-store',
        });
      } catch {
        // No answer at all (host stopped, network down): never the browser's "Failed to fetch".
        reportReachable(false);
        throw new UnreachableError(method);
      }
      reportReachable(true);
      let body: unknown = null;
      try {
        body = await res.json();
      } catch {
        // Not JSON (a proxy page, a crash): described by the status below.
      }
      if (isEnvelope(body)) return body;
      return { ok: false, error: clientError(statusCode(res.status), 'httpStatus', { status: res.status, statusText: res.statusText }) };
    },
    listen(token, listener) {
      closeStream?.();
      closeStream = null;
      if (!token) return;
      closeStream = openEventStream(`${base}/events`, token, (event, data) => {
        if (!(pushEventNames as readonly string[]).includes(event)) return;
        try {
          listener({ event, data: JSON.parse(data) } as PushEvent);
        } catch {
          // A malformed event is dropped; the next list refresh catches up.
        }
      });
    },
  };
}

/** IPC when running inside Electron (the preload set `window.tessera`), else HTTP to this page's origin. */
export function detectTransport(): Transport {
  return typeof window !== 'undefined' && window.tessera ? ipcTransport(window.tessera) : httpTransport();
}
