import { CallMeForm } from './call-me-form.js';

CallMeForm.define('call-me-form');
