import { ScreenHelp } from './screen-help.js';

ScreenHelp.define('screen-help');
