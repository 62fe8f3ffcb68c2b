/**
 * Tells a barcode scanner from a person at the keyboard. A scanner "types" its code as a
 * burst — characters a few milliseconds apart — and ends it with Enter; a person leaves far
 * more than 30 ms between keys. Screens where a stray scan would do harm (the payment step)
 * hold printable keys back for a moment: a key the next one does not follow within the gap
 * is released as typed; a fast run of at least `minLength` keys ending in Enter is a scan.
 * Pure: the caller feeds key presses with their time stamps and acts on the answers.
 */

export interface ScanGuardOptions {
  /** Longest pause between two keys of a scanner burst, in ms. */
  gapMs?: number;
  /** Fewest characters a scan has (shorter fast runs are typing). */
  minLength?: number;
}

export type ScanStep =
  /** Keep this key back for now (call `idle` after the gap); `release` (possibly empty) was held before it: type it now. */
  | { kind: 'hold'; release: string }
  /** Let the key through; `release` (possibly empty) is typed first. */
  | { kind: 'pass'; release: string }
  /** A scanner burst ended in Enter: swallow the Enter; `code` was scanned. */
  | { kind: 'scan'; code: string };

export const SCAN_GAP_MS = 30;
export const SCAN_MIN_LENGTH = 4;

export interface ScanGuard {
  /**
   * A key press at `at` ms. `key` is KeyboardEvent.key; `printable` says whether it types a
   * character (a single character without Ctrl/Alt/Meta).
   */
  key(key: string, at: number, printable: boolean): ScanStep;
  /** The gap has passed since the last key (a timer): the held keys, to type as typed ('' when none). */
  idle(at: number): string;
  /** Held keys right now, without releasing them. */
  readonly held: string;
}

export function createScanGuard({ gapMs = SCAN_GAP_MS, minLength = SCAN_MIN_LENGTH }: ScanGuardOptions = {}): ScanGuard {
  let buffer = '';
  let last = -Infinity;

  const release = () => {
    const text = buffer;
    buffer = '';
    return text;
  };

  return {
    get held() {
      return buffer;
    },
    key(key, at, printable) {
      const fast = at - last < gapMs;
      last = at;
      if (printable && key.length === 1) {
        // A slow key after a held run: that run was typing.
        const before = fast ? '' : release();
        buffer += key;
        return { kind: 'hold', release: before };
      }
      if (key === 'Enter' && fast && buffer.length >= minLength) return { kind: 'scan', code: release() };
      return { kind: 'pass', release: release() };
    },
    idle(at) {
      if (at - last < gapMs) return '';
      return release();
    },
  };
}
