import type { PushEvent } from '../../../shared/contract';
import type { Envelope } from '../../../shared/errors';

/** What the Electron preload exposes as `window.tessera`, and nothing more. */
export interface TesseraBridge {
  invoke(method: string, input: unknown, token?: string): Promise<Envelope<unknown>>;
  on(event: PushEvent['event'], cb: (data: unknown) => void): () => void;
}

declare global {
  interface Window {
    /** Present only inside the Electron host. */
    tessera?: TesseraBridge;
  }
}

export {};
