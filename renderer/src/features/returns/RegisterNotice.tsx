import type { ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { href } from '../../app/router';
import { useT } from '../../i18n';
import { Banner } from '../../ui';
import { useCashSession } from '../register/registerStore';
import { useSession } from '../session/store';

/** Whether this terminal's register is closed (it is bound to one with no open cash session). */
export function useRegisterClosed(): boolean {
  const registerId = useSession((s) => s.registerId);
  const current = useCashSession(registerId);
  return registerId !== null && current.data !== undefined && current.data.session === null;
}

/** The message's <link>: the way to the counter, where the register opens. */
const openLink = (chunks: ReactNode[]) => (
  <a className="returns-link" href={href('/counter')}>
    {chunks}
  </a>
);

/**
 * Money cannot go back while the terminal's register is closed (NO_CASH_SESSION): the way to
 * open it is the counter, which asks for the float. `refused`: said again beside the button
 * a refund was refused at, shorter.
 */
export function RegisterNotice({ refused = false }: { refused?: boolean }) {
  const closed = useRegisterClosed();
  const t = useT();
  if (refused) {
    return (
      <Banner tone="warning" title={t('returns.registerClosedTitle')}>
        <FormattedMessage id="returns.registerRefusedBody" values={{ link: openLink }} />
      </Banner>
    );
  }
  if (!closed) return null;
  return (
    <Banner tone="warning" title={t('returns.registerClosedTitle')}>
      <FormattedMessage id="returns.registerClosedBody" values={{ link: openLink }} />
    </Banner>
  );
}
