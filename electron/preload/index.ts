// Electron host, preload (sandboxed: it may only require 'electron'; bundled into one CommonJS file).
// Exposes exactly window.tessera = { invoke, on } and nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// Same names as electron/main/ipc.ts; not imported so the bundle stays self-contained.
const INVOKE_CHANNEL = 'tessera:invoke';
const EVENT_CHANNEL = 'tessera:event';

interface PushMessage {
  event: string;
  data: unknown;
}

const tessera = {
  /** Calls a contract method; resolves to its envelope `{ ok, value } | { ok: false, error }`. */
  invoke(method: string, input?: unknown, token?: string): Promise<unknown> {
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, input, token);
  },
  /** Listens for one push event; returns the function that stops listening. */
  on(event: string, cb: (data: unknown) => void): () => void {
    if (typeof cb !== 'function') throw new TypeError('tessera.on: the callback must be a function');
    const listener = (_ipcEvent: IpcRendererEvent, message: PushMessage) => {
      if (message && message.event === event) cb(message.data);
    };
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld('tessera', tessera);
