import { addMessages } from '../../../shared/i18n.js';

/** Imported by the procedure's form and agreement views: their messages join the catalogues when they load, in the language the desk speaks only. */
addMessages({
  ca: () => import('./ca.js').then((texts) => texts.ca),
  es: () => import('./es.js').then((texts) => texts.es),
  en: () => import('./en.js').then((texts) => texts.en),
});
