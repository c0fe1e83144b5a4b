import { OfficeHours } from './office-hours.js';

OfficeHours.define('office-hours');
