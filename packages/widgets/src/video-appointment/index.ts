import { FinAppointmentView } from './appointment-view.js';
import { FinCallGuest } from './call-guest.js';
import { VideoAppointment } from './video-appointment.js';
import { FinVideoBooking } from './video-booking.js';

FinVideoBooking.define('fin-video-booking');
FinAppointmentView.define('fin-appointment-view');
FinCallGuest.define('fin-call-guest');
VideoAppointment.define('video-appointment');
