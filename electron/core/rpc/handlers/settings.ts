import type { Services } from '../../services';
import type { DomainHandlers } from '../types';

export function settingsHandlers(s: Services): DomainHandlers<'settings'> {
  return {
    'settings.get': () => s.settings.view(),
    'settings.update': (input, ctx) => s.settings.update(input, ctx.actor),
    'settings.logo': () => {
      const logo = s.settings.logo();
      return { logo: logo && { contentType: logo.contentType, contentBase64: logo.data.toString('base64') } };
    },
  };
}
