import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { toast } from '../../ui';

/**
 * The keys and documents of a done screen (a sale paid, a return made): its next button takes
 * the focus; P prints the receipt from anywhere in it, Enter (off a button) goes on; the PDF is
 * opened with its button busy meanwhile. The receipt closed, the focus is back on the next button.
 */
export function useDoneActions({ onNext, openPdf, pdfFailed }: { onNext: () => void; openPdf: () => Promise<unknown>; pdfFailed: string }) {
  const nextRef = useRef<HTMLButtonElement>(null);
  const [receipt, setReceipt] = useState(false);
  const [pdfBusy, setPdfBusy] = useState(false);

  useEffect(() => {
    const id = requestAnimationFrame(() => nextRef.current?.focus());
    return () => cancelAnimationFrame(id);
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (receipt || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'p' || e.key === 'P') {
      e.preventDefault();
      setReceipt(true);
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement) && !(e.target instanceof HTMLAnchorElement)) {
      e.preventDefault();
      onNext();
    }
  };

  const pdf = async () => {
    setPdfBusy(true);
    try {
      await openPdf();
    } catch (err) {
      toast(err instanceof Error ? err.message : pdfFailed, 'error');
    } finally {
      setPdfBusy(false);
    }
  };

  return {
    nextRef,
    onKeyDown,
    pdf,
    pdfBusy,
    receipt,
    openReceipt: () => setReceipt(true),
    closeReceipt: () => {
      setReceipt(false);
      requestAnimationFrame(() => nextRef.current?.focus());
    },
  };
}
