/**
 * Registers `<fin-call-session>` for the hosts of a call (the personal link, a guest's invitation,
 * the desk's agenda). Light: the call's own code loads only when a session starts.
 */
import { FinCallSession } from './call-session.js';

FinCallSession.define('fin-call-session');
