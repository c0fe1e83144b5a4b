import { AgentDesk } from './agent-desk.js';
import { DeskAppointmentAgenda } from './appointment-agenda.js';
import { DeskCallbackQueue } from './callback-queue.js';
import { DeskCaseDocuments } from './case-documents.js';
import { DeskFloodAlert } from './flood-alert.js';

DeskCaseDocuments.define('desk-case-documents');
DeskFloodAlert.define('desk-flood-alert');
DeskCallbackQueue.define('desk-callback-queue');
DeskAppointmentAgenda.define('desk-appointment-agenda');
AgentDesk.define('agent-desk');
