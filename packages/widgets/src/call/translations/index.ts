import { addMessages } from '../../shared/i18n.js';
import { ca } from './ca.js';
import { en } from './en.js';
import { es } from './es.js';

/** Imported by every module of the video call (the call view and the device check) that shows its messages: they join the catalogues when it loads. */
addMessages({ ca, es, en });
