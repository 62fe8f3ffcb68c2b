import { useEffect, useRef } from 'react';
import { createScanGuard, SCAN_GAP_MS } from './scanner';

export interface ScanGuardHandlers {
  /** A scanner burst ended in Enter: the code (whatever of it was typed has been taken out again). */
  onScan(code: string): void;
  /** Keys a person typed outside a text field, released after the gap (e.g. method shortcuts). */
  onShortcut?(key: string): void;
  /** A shortcut released earlier turned out to be a scan's first key: undo it (latest first). */
  onShortcutTakenBack?(key: string): void;
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

function isTextField(el: Element | null): el is TextField {
  if (el instanceof HTMLTextAreaElement) return true;
  return el instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(el.type);
}

/** Where released keys went, so that a scan can take them back: a field, or a shortcut. */
type Released = { field: TextField; text: string } | { shortcut: string };

/** Removes `text` typed into `field` (just before the caret when it is there), through the field's own input event. */
function untype(field: TextField, text: string): void {
  const value = field.value;
  const caret = document.activeElement === field ? field.selectionStart : null;
  const at = caret !== null && caret >= text.length && value.slice(caret - text.length, caret) === text ? caret - text.length : value.lastIndexOf(text);
  if (at < 0) return;
  if (document.activeElement === field) {
    field.setSelectionRange(at, at + text.length);
    if (document.execCommand('delete')) return;
  }
  // Not focused any more: set the value as the browser would and tell the page (React listens to input).
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field) as object, 'value')?.set;
  setter?.call(field, value.slice(0, at) + value.slice(at + text.length));
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * While enabled, holds printable keys back for a few milliseconds so a scanner burst never
 * lands in a field or presses a shortcut: a burst ending in Enter goes to `onScan`; typing is
 * released into the focused field (or to `onShortcut`) as typed. When the page fell behind
 * and released the first keys of a burst before the rest arrived, they are taken back out.
 */
export function useScanGuard(enabled: boolean, handlers: ScanGuardHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;

  useEffect(() => {
    if (!enabled) return;
    const guard = createScanGuard();
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** The latest releases, one entry per character, newest last (a scan takes back at most its own length). */
    let released: Released[] = [];

    const type = (text: string) => {
      if (!text) return;
      const el = document.activeElement;
      if (isTextField(el) && !el.readOnly && !el.disabled) {
        // Typed as if by the keyboard: the field's own input handling (and undo) sees it.
        document.execCommand('insertText', false, text);
        for (const ch of text) released.push({ field: el, text: ch });
      } else {
        for (const ch of text) {
          ref.current.onShortcut?.(ch);
          released.push({ shortcut: ch });
        }
      }
      if (released.length > 64) released = released.slice(-64);
    };

    const takeBack = (count: number) => {
      const undo = released.splice(Math.max(0, released.length - count));
      // Adjacent characters typed into one field go back out together.
      for (let i = undo.length - 1; i >= 0; ) {
        const r = undo[i]!;
        if ('shortcut' in r) {
          ref.current.onShortcutTakenBack?.(r.shortcut);
          i -= 1;
          continue;
        }
        let text = '';
        while (i >= 0 && 'field' in undo[i]! && (undo[i] as { field: TextField }).field === r.field) {
          text = (undo[i] as { text: string }).text + text;
          i -= 1;
        }
        untype(r.field, text);
      }
    };

    // The timer runs on the page's own clock: it fires when no next key came while the page was free to take it.
    const flush = () => type(guard.idle());

    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || document.querySelector('dialog[open]')) return;
      const modified = e.ctrlKey || e.altKey || e.metaKey;
      // Space works buttons and radios: only held where it types.
      const printable = !modified && e.key.length === 1 && (e.key !== ' ' || isTextField(document.activeElement));
      const step = guard.key(e.key, e.timeStamp, printable);
      clearTimeout(timer);
      if (step.kind !== 'scan') type(step.release);
      // Held keys (also across a Shift) wait for the next key or the timer.
      if (guard.held) timer = setTimeout(flush, SCAN_GAP_MS + 5);
      if (step.kind === 'pass') return;
      e.preventDefault();
      e.stopPropagation();
      if (step.kind === 'scan') {
        takeBack(step.takeBack);
        ref.current.onScan(step.code);
      }
    };

    window.addEventListener('keydown', onKey, true);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [enabled]);
}
