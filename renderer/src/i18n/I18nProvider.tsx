import type { ReactNode } from 'react';
import { RawIntlProvider } from 'react-intl';
import { useReactIntl } from './index';

/** For react-intl's components (<FormattedMessage> with rich text). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const intl = useReactIntl();
  return <RawIntlProvider value={intl}>{children}</RawIntlProvider>;
}
