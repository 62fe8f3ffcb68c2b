import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function auditHandlers(s: Services): DomainHandlers<'audit'> {
  return {
    'audit.list': (input) => s.audit.list(input),
    'audit.types': () => s.audit.types(),
    'audit.verify': () => s.audit.verify(),
  };
}
