/**
 * Tells a barcode scanner from a person at the keyboard. A scanner "types" its code as a
 * burst — characters a few milliseconds apart — and ends it with Enter; a person leaves far
 * more time between keys. Screens where a stray scan would do harm (the payment step) hold
 * printable keys back for a moment: keys the caller's timer finds idle are released as typed;
 * a fast run of at least `minLength` keys ending in Enter is a scan.
 *
 * Time stamps are the key events' own (KeyboardEvent.timeStamp: when the key was pressed),
 * never the time a busy page got round to handling it. A page that falls behind may release
 * the first keys of a burst before the rest arrive: the scan then says how many of its
 * characters were already typed (`takeBack`), for the caller to take them out again.
 *
 * Measured (Chromium, 2 loaded cores): a scanner's keys arrive 3–20 ms apart; a person
 * (Playwright `delay` 40–80 ms) never less than 47 ms. A run is judged by its median gap,
 * so one late key does not break a burst and one quick pair does not make typing a scan.
 * Pure: the caller feeds key presses with their time stamps and acts on the answers.
 */

export interface ScanGuardOptions {
  /** A run whose median pause between keys is below this (ms) is a scanner's. */
  gapMs?: number;
  /** A pause this long (ms) starts a new run: what came before is not part of the next scan. */
  breakMs?: number;
  /** Fewest characters a scan has (shorter fast runs are typing). */
  minLength?: number;
}

export type ScanStep =
  /** Keep this key back for now (call `idle` when the caller's timer finds no next key); `release` (possibly empty) was held before it: type it now. */
  | { kind: 'hold'; release: string }
  /** Let the key through; `release` (possibly empty) is typed first. */
  | { kind: 'pass'; release: string }
  /**
   * A scanner burst ended in Enter: swallow the Enter; `code` was scanned. Its last `takeBack`
   * characters released so far (typed into a field or pressed as shortcuts) are to be undone.
   */
  | { kind: 'scan'; code: string; takeBack: number };

export const SCAN_GAP_MS = 35;
export const SCAN_BREAK_MS = 250;
export const SCAN_MIN_LENGTH = 4;

/** Keys that only modify the next one (a scanner sends Shift for capitals): they never end a run. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock']);

export interface ScanGuard {
  /**
   * A key press at `at` ms (the event's time stamp). `key` is KeyboardEvent.key; `printable`
   * says whether it types a character (a single character without Ctrl/Alt/Meta).
   */
  key(key: string, at: number, printable: boolean): ScanStep;
  /** The caller's timer found no next key: the held keys, to type as typed ('' when none). */
  idle(): string;
  /** Held keys right now, without releasing them. */
  readonly held: string;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function createScanGuard({ gapMs = SCAN_GAP_MS, breakMs = SCAN_BREAK_MS, minLength = SCAN_MIN_LENGTH }: ScanGuardOptions = {}): ScanGuard {
  let held = '';
  let last = -Infinity;
  /** The run of keys since the last long pause: its characters, the gaps between them, how many were released. */
  let run = { chars: '', gaps: [] as number[], released: 0 };

  const newRun = () => {
    run = { chars: '', gaps: [], released: 0 };
  };
  const releaseHeld = () => {
    const text = held;
    held = '';
    return text;
  };

  return {
    get held() {
      return held;
    },
    key(key, at, printable) {
      if (MODIFIERS.has(key)) return { kind: 'pass', release: '' };
      const gap = at - last;
      last = at;
      if (printable && key.length === 1) {
        let release = '';
        if (gap >= breakMs) {
          release = releaseHeld();
          newRun();
        } else if (gap >= gapMs) {
          // A slow key: what was held is typing, though it may still turn out a scan's.
          release = releaseHeld();
          run.released += release.length;
        }
        if (run.chars) run.gaps.push(gap);
        run.chars += key;
        held += key;
        return { kind: 'hold', release };
      }
      // Keys a person typed just before the burst (each followed by a slow gap) are not the scan's.
      let lead = 0;
      while (lead < run.gaps.length && run.gaps[lead]! >= gapMs) lead += 1;
      const code = run.chars.slice(lead);
      const scan = key === 'Enter' && code.length >= minLength && gap < breakMs && median([...run.gaps.slice(lead), gap]) < gapMs;
      const result: ScanStep = scan ? { kind: 'scan', code, takeBack: Math.max(0, run.released - lead) } : { kind: 'pass', release: held };
      held = '';
      newRun();
      return result;
    },
    idle() {
      const text = releaseHeld();
      run.released += text.length;
      return text;
    },
  };
}
