// Electron host: the one IPC channel between the window and the core.
// Plain functions over structural types so they can be tested without Electron.
import type { Envelope, ErrorBody } from '../../shared/errors';
import type { UrlCheck } from './electron-urls';
import type { Dispatch } from '../core/rpc/dispatcher';

/** The renderer calls the core here: (method, input, token) → envelope. */
export const INVOKE_CHANNEL = 'tessera:invoke';
/** The core pushes events here: { event, data }. */
export const EVENT_CHANNEL = 'tessera:event';

/** The frame an IPC message came from: the parts of Electron's WebFrameMain the checks read. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of Electron's IpcMainInvokeEvent the handler reads. */
export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The parts of Electron's WebContents the sender check compares with. */
export interface ContentsLike {
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}

export type SenderCheck = (event: InvokeEventLike) => boolean;
export type InvokeHandler = (event: InvokeEventLike, method: unknown, input: unknown, token: unknown) => Promise<Envelope<unknown>>;

function failure(code: ErrorBody['code'], message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/**
 * A message is trusted when it comes from the main window's top frame (not an
 * iframe) while that frame shows the app's own page.
 */
export function createSenderCheck(getContents: () => ContentsLike | null, isAppUrl: UrlCheck): SenderCheck {
  return (event) => {
    const contents = getContents();
    if (!contents || contents.isDestroyed() || event.sender !== contents) return false;
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    const top = contents.mainFrame;
    const sameFrame = frame === top || (frame.processId === top.processId && frame.routingId === top.routingId);
    return sameFrame && isAppUrl(frame.url);
  };
}

/**
 * The `ipcMain.handle(INVOKE_CHANNEL, …)` listener: checks the sender, then
 * dispatches. Always resolves to an envelope; nothing is thrown across IPC.
 */
export function createInvokeHandler(dispatch: Dispatch, isTrustedSender: SenderCheck): InvokeHandler {
  return async (event, method, input, token) => {
    let trusted = false;
    try {
      trusted = isTrustedSender(event);
    } catch {
      trusted = false;
    }
    if (!trusted) return failure('FORBIDDEN', 'Only the Tessera window may call the core.');
    if (typeof method !== 'string') return failure('VALIDATION', 'method: expected a method name');
    if (token !== undefined && token !== null && typeof token !== 'string') return failure('VALIDATION', 'token: expected a string');
    try {
      return await dispatch(method, input, typeof token === 'string' ? token : undefined, { transport: 'ipc' });
    } catch {
      // The dispatcher turns every failure into an envelope; this is a last line of defence.
      return failure('INTERNAL', 'Something went wrong on our side. Nothing was changed.');
    }
  };
}
