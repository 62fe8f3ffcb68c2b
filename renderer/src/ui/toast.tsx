import { create } from 'zustand';
import { useT } from '../i18n';

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  message: string;
}

interface ToastState {
  toasts: Toast[];
  show(message: string, tone?: Toast['tone']): void;
  dismiss(id: number): void;
  clear(): void;
}

let nextId = 1;
const TOAST_MS = 5000;

/** Short confirmations ("User created") and background errors, shown bottom-left, clear of Hold and Charge. */
export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  show(message, tone = 'success') {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-2), { id, tone, message }] });
    window.setTimeout(() => get().dismiss(id), tone === 'error' ? TOAST_MS * 2 : TOAST_MS);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
  clear() {
    set({ toasts: [] });
  },
}));

export const toast = (message: string, tone?: Toast['tone']) => useToasts.getState().show(message, tone);

export function ToastRegion() {
  const t = useT();
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((item) => (
        <div key={item.id} className={`toast toast--${item.tone}`}>
          <span className="toast__message">{item.message}</span>
          <button type="button" className="toast__dismiss" onClick={() => dismiss(item.id)} aria-label={t('shell.dismiss')}>
            <span aria-hidden="true">{t('shell.closeIcon')}</span>
          </button>
        </div>
      ))}
    </div>
  );
}
