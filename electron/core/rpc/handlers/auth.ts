import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function authHandlers(s: Services): DomainHandlers<'auth'> {
  return {
    'auth.status': (_input, ctx) => s.auth.status(ctx.actor, ctx.transport),
    'auth.setup': (input, ctx) => s.auth.setup(input, ctx.transport),
    'auth.login': (input, ctx) => s.auth.login(input, ctx.actor),
    'auth.pinLogin': (input, ctx) => s.auth.pinLogin(input, ctx.actor),
    'auth.lock': (_input, ctx) => {
      s.auth.lock(ctx.actor);
      return {};
    },
    'auth.logout': (_input, ctx) => {
      s.auth.logout(ctx.actor);
      return {};
    },
    'auth.me': (_input, ctx) => s.users.get(ctx.actor.userId),
    'auth.useRegister': (input, ctx) => s.auth.useRegister(input.registerId, ctx.actor),
  };
}
