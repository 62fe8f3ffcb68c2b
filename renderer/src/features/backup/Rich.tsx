import { createElement, Fragment, type ReactNode } from 'react';
import { useReactIntl, type MessageId } from '../../i18n';

export type RichValues = Record<string, string | number | ((chunks: ReactNode[]) => ReactNode)>;

/**
 * A message with parts that are elements (<strong>, <code>): FormattedMessage's work, read from
 * the i18n store rather than react-intl's context, so the damaged-database screen (shown by the
 * gate, possibly outside the app's providers) speaks the same language.
 */
export function Rich({ id, values }: { id: MessageId; values: RichValues }) {
  const intl = useReactIntl();
  const out = intl.formatMessage({ id }, values);
  return createElement(Fragment, null, ...(Array.isArray(out) ? out : [out]));
}
