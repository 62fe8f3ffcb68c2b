import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function userHandlers(s: Services): DomainHandlers<'users'> {
  return {
    'users.list': () => ({ items: s.users.list() }),
    'users.create': (input, ctx) => s.users.create(input, ctx.actor),
    'users.update': (input, ctx) => s.users.update(input, ctx.actor),
    'users.setPassword': async (input, ctx) => {
      await s.users.setPassword(input, ctx.actor);
      return {};
    },
    'users.setPin': (input, ctx) => s.users.setPin(input, ctx.actor),
    'users.unlock': (input, ctx) => s.auth.unlock(input.id, ctx.actor),
  };
}
