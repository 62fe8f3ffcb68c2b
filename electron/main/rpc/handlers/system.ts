import { AppError } from '../../../../shared/errors';
import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function systemHandlers(s: Services): DomainHandlers<'system'> {
  return {
    'system.health': () => s.system.health(),
    'system.backup': (input, ctx) => s.backup.backup(input, ctx.actor),
    'system.backups': () => s.backup.list(),
    'system.restore': (input, ctx) => s.backup.restore(input, ctx.actor),
    // Only the damaged-database state (coreHost.ts) answers this one; a healthy store restores with system.restore.
    'system.recover': () => {
      throw new AppError('CONFLICT', 'The database is not damaged. Restore a backup from Admin → Backups (system.restore) instead.');
    },
  };
}
