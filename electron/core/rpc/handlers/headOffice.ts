import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function headOfficeHandlers(s: Services): DomainHandlers<'headOffice'> {
  return {
    'headOffice.status': () => s.headOffice.status(),
    'headOffice.installations': () => s.headOffice.installations(),
    'headOffice.attach': (input, ctx) => s.headOffice.attach(input.url, ctx.actor),
    'headOffice.detach': (_input, ctx) => s.headOffice.detach(ctx.actor),
  };
}
