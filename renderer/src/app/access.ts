import access from 'virtual:tessera-access';
import type { Method } from '../../../shared/contract';
import { allows, type Role } from '../../../shared/contract/define';

/**
 * Whether a role may call a method, read from the contract's access table.
 * The UI hides what a role cannot use; the dispatcher is what enforces it.
 */
export function canCall(role: Role, method: Method): boolean {
  return allows(access[method], role);
}

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  manager: 'Manager',
  cashier: 'Cashier',
  support: 'Support',
};
