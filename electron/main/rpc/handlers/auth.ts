import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function authHandlers(s: Services): DomainHandlers<'auth'> {
  return {
    'auth.status': (_input, ctx) => s.auth.status(ctx.actor),
    'auth.setup': (input) => s.auth.setup(input),
    'auth.login': (input) => s.auth.login(input),
    'auth.logout': (_input, ctx) => {
      s.auth.logout(ctx.actor);
      return {};
    },
    'auth.me': (_input, ctx) => s.users.get(ctx.actor.userId),
  };
}
