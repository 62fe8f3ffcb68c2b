import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../i18n';
import { Button } from './Button';

const tabbable =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  open: boolean;
  title: string;
  /** Called on Escape, the close button, or the caller's own Cancel. */
  onClose: () => void;
  description?: ReactNode;
  children: ReactNode;
  /** Buttons at the bottom (Cancel, Save ...). */
  footer?: ReactNode;
  size?: 'md' | 'lg';
  /** When given, the body and footer are one <form>: Enter submits, a submit button in the footer works. */
  onSubmit?: () => void;
}

/**
 * A modal dialog: the native <dialog> shown with showModal() (the page behind is inert),
 * Tab and Shift+Tab kept inside, Escape closes, focus returns to where it was.
 */
export function Dialog({ open, title, onClose, description, children, footer, size = 'md', onSubmit }: DialogProps) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  }, [onClose]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog || !open) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const body = dialog.querySelector('.dialog__body');
    (body?.querySelector<HTMLElement>(tabbable) ?? dialog.querySelector<HTMLElement>(tabbable))?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      returnTo?.focus();
    };
  }, [open]);

  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCloseRef.current();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = Array.from(ref.current.querySelectorAll<HTMLElement>(tabbable)).filter((el) => el.offsetParent !== null);
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  if (!open) return null;
  const content = (
    <>
      <div className="dialog__body">{children}</div>
      {footer ? <div className="dialog__footer">{footer}</div> : null}
    </>
  );
  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      aria-modal="true"
      onKeyDown={onKeyDown}
    >
      <div className="dialog__header">
        <h2 className="dialog__title" id={titleId}>
          {title}
        </h2>
        <button type="button" className="dialog__close" onClick={() => onCloseRef.current()} aria-label={t('common.close')}>
          <span aria-hidden="true">{t('shell.closeIcon')}</span>
        </button>
      </div>
      {description ? (
        <p className="dialog__description" id={descId}>
          {description}
        </p>
      ) : null}
      {onSubmit ? (
        <form
          className="dialog__form"
          noValidate
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {content}
        </form>
      ) : (
        content
      )}
    </dialog>
  );
}

/** The footer of a form dialog: a way out and the submit button (Enter presses it). */
export function DialogActions({ onCancel, cancelLabel, submitLabel, busy, tone = 'primary' }: { onCancel: () => void; cancelLabel?: string; submitLabel: string; busy: boolean; tone?: 'primary' | 'danger' }) {
  const t = useT();
  return (
    <>
      <Button variant="secondary" onClick={onCancel}>
        {cancelLabel ?? t('common.cancel')}
      </Button>
      <Button type="submit" variant={tone} busy={busy}>
        {submitLabel}
      </Button>
    </>
  );
}
