import { addMessages } from '../../../shared/i18n.js';

/** Imported by the procedure's views inside the call: their messages join the catalogues only when the call loads them, in the language it speaks only. */
addMessages({
  ca: () => import('./ca.js').then((texts) => texts.ca),
  es: () => import('./es.js').then((texts) => texts.es),
  en: () => import('./en.js').then((texts) => texts.en),
});
