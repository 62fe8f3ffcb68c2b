/// <reference types="vite/client" />
/**
 * The browser side of the UI's words: catalogues fetched from the bundle, and the page's lang
 * and dir (Arabic mirrors). Imported once, first, by main.tsx.
 */
import { isRtl } from '../../../shared/i18n';
import { messagesOf } from './catalogues';
import { configureI18n } from './core';

configureI18n({
  load: messagesOf,
  show(language) {
    document.documentElement.lang = language;
    document.documentElement.dir = isRtl(language) ? 'rtl' : 'ltr';
  },
});
