import { addMessages } from '../../../shared/i18n.js';
import { ca } from './ca.js';
import { en } from './en.js';
import { es } from './es.js';

/** Imported by the procedure's views inside the call: their messages join the catalogues only when the call loads them. */
addMessages({ ca, es, en });
