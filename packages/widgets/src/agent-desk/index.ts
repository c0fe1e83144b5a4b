import { AgentDesk } from './agent-desk.js';
import { FinAppointmentAgenda } from './appointment-agenda.js';
import { FinCallbackQueue } from './callback-queue.js';
import { FinCaseDocuments } from './case-documents.js';
import { FinFloodAlert } from './flood-alert.js';
import { FinAgreementPanel } from './procedure/agreement-panel.js';
import { FinApplicationForm } from './procedure/application-form.js';
import { FinIdentityPanel } from './procedure/identity-panel.js';
import { FinProcedurePanel } from './procedure/procedure-panel.js';

FinCaseDocuments.define('fin-case-documents');
FinApplicationForm.define('fin-application-form');
FinAgreementPanel.define('fin-agreement-panel');
FinFloodAlert.define('fin-flood-alert');
FinCallbackQueue.define('fin-callback-queue');
FinIdentityPanel.define('fin-identity-panel');
FinProcedurePanel.define('fin-procedure-panel');
FinAppointmentAgenda.define('fin-appointment-agenda');
AgentDesk.define('agent-desk');
