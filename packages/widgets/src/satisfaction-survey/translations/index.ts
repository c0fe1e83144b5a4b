import { addMessages } from '../../shared/i18n.js';
import { ca } from './ca.js';
import { en } from './en.js';
import { es } from './es.js';

/** Imported by every module of `<satisfaction-survey>` that shows its messages: they join the catalogues when it loads. */
addMessages({ ca, es, en });
