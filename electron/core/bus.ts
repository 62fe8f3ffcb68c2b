import type { PushEvent } from '../../shared/contract';

type Listener = (event: PushEvent) => void;

/** Push events for the hosts to forward (IPC to windows, SSE to browsers). */
export class PushBus {
  private readonly listeners = new Set<Listener>();

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: PushEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
