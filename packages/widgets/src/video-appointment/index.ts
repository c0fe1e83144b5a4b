import { VideoAppointment } from './video-appointment.js';

VideoAppointment.define('video-appointment');
