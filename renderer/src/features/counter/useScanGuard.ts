import { useEffect, useRef } from 'react';
import { createScanGuard, SCAN_GAP_MS } from './scanner';

export interface ScanGuardHandlers {
  /** A scanner burst ended in Enter: the code (nothing was typed, no key was pressed). */
  onScan(code: string): void;
  /** Keys a person typed outside a text field, released after the gap (e.g. method shortcuts). */
  onShortcut?(key: string): void;
}

function isTextField(el: Element | null): el is HTMLInputElement | HTMLTextAreaElement {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(el.type);
}

/**
 * While enabled, holds printable keys back for a few milliseconds so a scanner burst never
 * lands in a field or presses a shortcut: a burst ending in Enter goes to `onScan`; typing is
 * released into the focused field (or to `onShortcut`) as typed.
 */
export function useScanGuard(enabled: boolean, handlers: ScanGuardHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    if (!enabled) return;
    const guard = createScanGuard();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const type = (text: string) => {
      if (!text) return;
      const el = document.activeElement;
      if (isTextField(el) && !el.readOnly && !el.disabled) {
        // Typed as if by the keyboard: the field's own input handling (and undo) sees it.
        document.execCommand('insertText', false, text);
      } else {
        for (const ch of text) ref.current.onShortcut?.(ch);
      }
    };

    const flush = () => {
      type(guard.idle(performance.now()));
      // A timer that fired a little early: try again shortly.
      if (guard.held) timer = setTimeout(flush, 10);
    };

    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || document.querySelector('dialog[open]')) return;
      const modified = e.ctrlKey || e.altKey || e.metaKey;
      // Space works buttons and radios: only held where it types.
      const printable = !modified && e.key.length === 1 && (e.key !== ' ' || isTextField(document.activeElement));
      const step = guard.key(e.key, e.timeStamp, printable);
      clearTimeout(timer);
      if (step.kind !== 'scan') type(step.release);
      if (step.kind === 'pass') return;
      e.preventDefault();
      e.stopPropagation();
      if (step.kind === 'scan') ref.current.onScan(step.code);
      else timer = setTimeout(flush, SCAN_GAP_MS + 5);
    };

    window.addEventListener('keydown', onKey, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [enabled]);
}
