import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function systemHandlers(s: Services): DomainHandlers<'system'> {
  return {
    'system.health': () => s.system.health(),
  };
}
