import { useState } from 'react';

/**
 * A dialog's confirm button: busy while `action` runs; a failure is said in the dialog and the
 * button given back. Busy stays on after a success: the action closes the dialog or the app moves on.
 * `fallback` words a failure that is not an Error (otherwise it is shown as it is).
 */
export function useConfirm(action: () => Promise<void>, fallback?: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err instanceof Error ? err.message : (fallback ?? String(err)));
      setBusy(false);
    }
  };
  return { busy, error, run };
}
