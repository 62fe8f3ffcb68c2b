import { AppError } from '../../../../shared/errors';
import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function systemHandlers(s: Services): DomainHandlers<'system'> {
  return {
    'system.health': () => s.system.health(),
    'system.backup': (input, ctx) => s.backup.backup(input, ctx.actor),
    'system.backups': () => s.backup.list(),
    'system.restore': (input, ctx) => s.backup.restore(input, ctx.actor),
    // Folder dialogs are the desktop's: a call over HTTP never opens one, whatever host it reaches.
    'system.chooseBackupFolder': (input, ctx) => s.backup.chooseFolder(input, ctx.actor, ctx.transport === 'http'),
    'system.copyBackup': (input, ctx) => s.backup.copyTo(input, ctx.actor, ctx.transport === 'http'),
    'system.about': () => s.diagnostics.about(),
    'system.diagnostics': (input, ctx) => s.diagnostics.bundle(input, ctx.actor),
    // Only the damaged-database state (coreHost.ts) answers this one; a healthy store restores with system.restore.
    'system.recover': () => {
      throw AppError.of('CONFLICT', 'databaseNotDamaged');
    },
  };
}
