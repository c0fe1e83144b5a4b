import { addMessages } from '../../shared/i18n.js';

/** Imported by every module of `<screen-help>` that shows its messages: they join the catalogues when it loads, in the language an element speaks only. */
addMessages({
  ca: () => import('./ca.js').then((texts) => texts.ca),
  es: () => import('./es.js').then((texts) => texts.es),
  en: () => import('./en.js').then((texts) => texts.en),
});
