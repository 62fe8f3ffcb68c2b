import { href } from '../../app/router';
import { Banner } from '../../ui';
import { useCashSession } from '../register/registerStore';
import { useSession } from '../session/store';

/** Whether this terminal's register is closed (it is bound to one with no open cash session). */
export function useRegisterClosed(): boolean {
  const registerId = useSession((s) => s.registerId);
  const current = useCashSession(registerId);
  return registerId !== null && current.data !== undefined && current.data.session === null;
}

const openLink = (
  <a className="returns-link" href={href('/counter')}>
    Open the register at the Counter
  </a>
);

/**
 * Money cannot go back while the terminal's register is closed (NO_CASH_SESSION): the way to
 * open it is the counter, which asks for the float. `refused`: said again beside the button
 * a refund was refused at, shorter.
 */
export function RegisterNotice({ refused = false }: { refused?: boolean }) {
  const closed = useRegisterClosed();
  if (refused) {
    return (
      <Banner tone="warning" title="The register is not open.">
        {openLink}, then refund again.
      </Banner>
    );
  }
  if (!closed) return null;
  return (
    <Banner tone="warning" title="The register is not open.">
      No money can go back until it is: a return is refunded from this register’s drawer. {openLink} (count the float), then come back here.
    </Banner>
  );
}
