/** Shapes of the server's answers the widgets read (see the server's OpenAPI document). */

export interface OpeningHours {
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  weekday: number;
  /** Local time in the council's time zone, `HH:MM`. */
  opens: string;
  closes: string;
}

export interface Holiday {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  name: string;
}

export interface Procedure {
  id: string;
  name: string;
  durationMinutes: number;
  documents: { id: string; name: string }[];
}

export interface Council {
  id: string;
  name: string;
  timeZone: string;
  languages: string[];
  defaultLanguage: string;
  openingHours: OpeningHours[];
  holidays: Holiday[];
  /** Whether the office is open now and when that flips (UTC ISO), or null when it never does. */
  status: { open: boolean; changesAt: string | null };
  procedures: Procedure[];
  privacyUrl: string;
  branding: { primaryColor: string | null; logoUrl: string | null };
}

export interface Agent {
  id: string;
  name: string;
  email: string;
  council: { id: string; name: string };
}

/** A time window, as ISO instants in UTC. */
export interface TimeWindow {
  start: string;
  end: string;
}

export interface Topic {
  id: string;
  name: string;
}

/** `GET /api/councils/:council/callbacks/slots`: topics and the free callback slots of the coming days. */
export interface CallbackSlots {
  timeZone: string;
  slotMinutes: number;
  /** The council's procedures, after "online-help" (help with an online procedure). */
  topics: Topic[];
  /** The next free slot, or null when there is none. */
  asap: TimeWindow | null;
  /** Only slots with free places, in order. */
  slots: (TimeWindow & { available: number })[];
}

/** What a citizen sends to request a callback. */
export interface CallbackRequest {
  topic: string;
  /** The start of a free slot, or `asap`. */
  slot: string;
  name: string;
  /** E.164. */
  phone: string;
  email?: string;
  description: string;
  consent: true;
  language: string;
  /** The honeypot: people leave it empty. */
  website: string;
}

/** The server's answer to a callback request. */
export interface CallbackCreated {
  reference: string;
  state: CallbackState;
  slot: TimeWindow;
  cancelUrl: string;
  /** Where the council asks for it: the request holds its place only if confirmed from the emailed link before this time. */
  confirmBy?: string;
}

export type CallbackState = 'requested' | 'assigned' | 'in_progress' | 'retry' | 'completed' | 'failed' | 'cancelled';
export type CallbackOutcome = 'reached' | 'no_answer' | 'wrong_number' | 'gave_up';

/** A callback as the desk sees it. */
export interface DeskCallback {
  id: string;
  reference: string;
  state: CallbackState;
  topic: Topic;
  slot: TimeWindow;
  name: string;
  /** E.164, ready for a `tel:` link. */
  phone: string;
  email: string | null;
  description: string;
  language: string;
  attempts: number;
  maxAttempts: number;
  assignedAgent: { id: string; name: string } | null;
  createdAt: string;
  notes: { at: string; agent: string; text: string }[];
  /** Only in the answer that completed it. */
  surveyUrl?: string;
}

/** `GET /api/councils/:council/appointments/procedures`. */
export interface AppointmentProcedures {
  procedures: Procedure[];
}

/** `GET /api/councils/:council/appointments/slots?procedure=`: free starts; a long procedure's window spans several slots. */
export interface AppointmentSlots {
  timeZone: string;
  slotMinutes: number;
  procedure: Procedure;
  slots: (TimeWindow & { available: number })[];
}

export type AppointmentState = 'booked' | 'cancelled' | 'checked_in' | 'in_call' | 'completed' | 'no_show';

/** The people whose camera and microphone a call recording holds. */
export type RecordingParty = 'citizen' | 'agent';

/** What a citizen sends to book a video appointment. */
export interface AppointmentRequest {
  procedure: string;
  /** The start of a free slot. */
  slot: string;
  name: string;
  email: string;
  /** E.164. */
  phone: string;
  /** DNI or NIE, upper case without separators. */
  idDocument?: string;
  consent: true;
  language: string;
  /** The honeypot: people leave it empty. */
  website: string;
}

/** The server's answer to a booking. */
export interface AppointmentCreated {
  reference: string;
  state: AppointmentState;
  procedure: Procedure;
  slot: TimeWindow;
  /** The case's capability token. */
  token: string;
  /** The personal link, also sent by email. */
  appointmentUrl: string;
  /** Downloads the .ics file. */
  calendarUrl: string;
  /** Where the council asks for it: the appointment holds its place only if confirmed from the emailed link before this time. */
  confirmBy?: string;
}

/** `GET …/appointments/mine?token=`: the appointment a personal link stands for. */
export interface MyAppointment {
  /** The appointment's id, which names its video call. */
  id: string;
  reference: string;
  state: AppointmentState;
  procedure: Procedure;
  slot: TimeWindow;
  name: string;
  /** Left out when the page was opened with a calendar file's link. */
  email?: string;
  timeZone: string;
  /** ISO instant: ten minutes before the start. */
  joinOpensAt: string;
  canJoin: boolean;
  canReschedule: boolean;
  canCancel: boolean;
  /** `calendar` when opened with a calendar file's link: it shows the appointment and joins the call, nothing more. */
  access: 'full' | 'calendar';
}

/** An appointment as the desk sees it. */
export interface DeskAppointment {
  id: string;
  reference: string;
  state: AppointmentState;
  procedure: Pick<Procedure, 'id' | 'name' | 'documents'>;
  slot: TimeWindow;
  name: string;
  email: string;
  phone: string;
  idDocument: string | null;
  language: string;
  createdAt: string;
}

/** One entry of a case's evidence log. */
export interface CaseEvent {
  seq: number;
  /** E.g. `appointment.booked`, `appointment.rescheduled`. */
  type: string;
  at: string;
  /** `citizen`, `system` or `agent:<id>`. */
  actor: string;
  data: Record<string, unknown>;
}

/** `GET /api/desk/appointments/:id`. */
export interface DeskAppointmentDetails extends DeskAppointment {
  events: CaseEvent[];
  /** The call's recordings, streamed decrypted to the agent: whole, or a party at a time. */
  recordings: {
    id: string;
    startedAt: string;
    stoppedAt: string;
    bytes: number;
    sha256: string;
    /** Whose streams it holds: both parties for the call, one for a shared screen; empty for recordings stored before this was kept. */
    parties: RecordingParty[];
  }[];
}
