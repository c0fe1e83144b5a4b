import { VideoAppointment } from './video-appointment.js';
import { FinVideoBooking } from './video-booking.js';

FinVideoBooking.define('fin-video-booking');
VideoAppointment.define('video-appointment');
