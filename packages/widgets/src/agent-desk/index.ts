import { AgentDesk } from './agent-desk.js';
import { FinAppointmentAgenda } from './appointment-agenda.js';
import { FinCallbackQueue } from './callback-queue.js';
import { FinCaseDocuments } from './case-documents.js';
import { FinDemoTry } from './demo-try.js';
import { FinFloodAlert } from './flood-alert.js';

FinCaseDocuments.define('fin-case-documents');
FinFloodAlert.define('fin-flood-alert');
FinDemoTry.define('fin-demo-try');
FinCallbackQueue.define('fin-callback-queue');
FinAppointmentAgenda.define('fin-appointment-agenda');
AgentDesk.define('agent-desk');
