import access from 'virtual:tessera-access';
import type { Method } from '../../../shared/contract';
import { allows, type Role } from '../../../shared/contract/define';
import { t as translate, type MessageId, type Translate } from '../i18n';

/**
 * Whether a role may call a method, read from the contract's access table.
 * The UI hides what a role cannot use; the dispatcher is what enforces it.
 */
export function canCall(role: Role, method: Method): boolean {
  return allows(access[method], role);
}

const roleIds: Record<Role, MessageId> = {
  admin: 'shell.roleAdmin',
  manager: 'shell.roleManager',
  cashier: 'shell.roleCashier',
  support: 'shell.roleSupport',
};

/** A role's name in the current language (a component passes its `useT()`, so it follows a language change). */
export function roleLabel(role: Role, t: Translate = translate): string {
  return t(roleIds[role]);
}
