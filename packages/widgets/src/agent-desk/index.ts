import { AgentDesk } from './agent-desk.js';
import { DeskAppointmentAgenda } from './appointment-agenda.js';
import { DeskCallbackQueue } from './callback-queue.js';
import { DeskCaseDocuments } from './case-documents.js';

DeskCaseDocuments.define('desk-case-documents');
DeskCallbackQueue.define('desk-callback-queue');
DeskAppointmentAgenda.define('desk-appointment-agenda');
AgentDesk.define('agent-desk');
