import { addMessages } from '../../shared/i18n.js';

/** Imported by the personal link's and the guest's views: their messages join the catalogues when those views load, in the language they speak only. */
addMessages({
  ca: () => import('./ca.js').then((texts) => texts.ca),
  es: () => import('./es.js').then((texts) => texts.es),
  en: () => import('./en.js').then((texts) => texts.en),
});
