import { addMessages } from '../../../shared/i18n.js';
import { ca } from './ca.js';
import { en } from './en.js';
import { es } from './es.js';

/** Imported by the procedure's form and agreement views: their messages join the catalogues when they load. */
addMessages({ ca, es, en });
