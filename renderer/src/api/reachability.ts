import { create } from 'zustand';

/** Whether the last call reached the store's host. Set by the HTTP transport; read by the offline banner. */
export interface Reachability {
  unreachable: boolean;
}

export const useReachability = create<Reachability>(() => ({ unreachable: false }));

/** A call got an answer (any answer) or none at all. */
export function reportReachable(reached: boolean): void {
  if (useReachability.getState().unreachable === reached) useReachability.setState({ unreachable: !reached });
}
