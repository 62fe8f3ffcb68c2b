import { useT } from '../i18n';
import { Banner } from './Banner';
import { Button } from './Button';

/** A list that could not be loaded: what failed, why, and a way to try again. */
export function LoadError({ title, message, onRetry }: { title: string; message: string; onRetry: () => void }) {
  const t = useT();
  return (
    <div className="load-error">
      <Banner tone="error" title={title}>
        {message}
      </Banner>
      <Button onClick={onRetry}>{t('shell.tryAgain')}</Button>
    </div>
  );
}
