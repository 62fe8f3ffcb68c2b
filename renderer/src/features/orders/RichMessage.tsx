import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import type { MessageId } from '../../i18n';

export type RichValues = Record<string, ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

/**
 * A message with parts that are elements (a link, a <kbd>, a visually hidden word): react-intl's
 * FormattedMessage with its id typed from the catalogue. Text-only messages use t().
 */
export function RichMessage({ id, values }: { id: MessageId; values: RichValues }) {
  return <FormattedMessage id={id} values={values} />;
}
