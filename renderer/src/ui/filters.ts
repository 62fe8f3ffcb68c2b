import { useCallback, useEffect, useState } from 'react';
import { create } from 'zustand';

/** Each list's filters, kept while moving between screens (client state; the lists are server state). */
const useFilters = create<Record<string, unknown>>(() => ({}));

/** Forgets every list's filters (sign-out). */
export function clearFilters(): void {
  useFilters.setState({}, true);
}

/** A list's filter: `[filter, patch, reset]`, remembered under `name` until sign-out. */
export function usePageFilter<F extends object>(name: string, initial: F): [F, (patch: Partial<F>) => void, () => void] {
  const filter = useFilters((s) => (s[name] as F | undefined) ?? initial);
  const patch = useCallback((p: Partial<F>) => useFilters.setState((s) => ({ [name]: { ...((s[name] as F | undefined) ?? initial), ...p } })), [name, initial]);
  const reset = useCallback(() => useFilters.setState({ [name]: initial }), [name, initial]);
  return [filter, patch, reset];
}

/** `value` once it has stopped changing for `ms` (search as you type, once the typing pauses). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (Object.is(value, settled)) return;
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, settled, ms]);
  return settled;
}
