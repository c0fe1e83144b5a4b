import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { DeskProcedure } from '@finestreta/server/contract';
import { html } from 'lit';
import '../packages/widgets/src/agent-desk/index.js';
import {
  agreementOf,
  caseDocuments,
  complete,
  genericForm,
  halfFilled,
  permitForm,
  procedureOf,
  signature,
} from '../packages/widgets/src/agent-desk/procedure/form-fixtures.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { click, find, type } from './play.js';

type Lang = 'ca' | 'es' | 'en';

interface Args {
  lang: Lang;
}

const documents: MockRoute = { match: /^GET \/api\/desk\/cases\/case-1\/documents$/, body: caseDocuments() };
const refuse = (status: number, code: string, message: string): MockRoute => ({
  match: /^POST \/api\/desk\/appointments\/case-1\/procedure\/agreement\/sign$/,
  status,
  body: { statusCode: status, code, message },
});

const meta: Meta<Args> = {
  title: 'Desk/Procedure forms',
  component: 'fin-application-form',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
};
export default meta;

type Story = StoryObj<Args>;

/** The application form, inside a box as narrow as the call's side column. */
const form = (procedure: (lang: Lang) => DeskProcedure) => (args: Args) =>
  html`<div style="max-width: 440px">
    <fin-application-form api="https://oac.example.cat" case-id="case-1" lang=${args.lang} heading-level="2" .procedure=${procedure(args.lang)}></fin-application-form>
  </div>`;

const agreement = (procedure: (lang: Lang) => DeskProcedure) => (args: Args) =>
  html`<div style="max-width: 440px">
    <fin-agreement-panel api="https://oac.example.cat" case-id="case-1" lang=${args.lang} heading-level="2" .procedure=${procedure(args.lang)}></fin-agreement-panel>
  </div>`;

const applicationEl = (canvas: HTMLElement) => canvas.querySelector('fin-application-form')!;
const agreementEl = (canvas: HTMLElement) => canvas.querySelector('fin-agreement-panel')!;

/** No form chosen yet: the council's forms, the generic application first. */
export const ChooseForm: Story = {
  render: form((lang) => procedureOf({ lang, form: null })),
  loaders: [async () => mockApi([documents])],
};

/** The generic application (LPAC art. 66.1), empty. */
export const GenericEmpty: Story = {
  render: form((lang) => procedureOf({ lang, form: genericForm(lang) })),
  loaders: [async () => mockApi([documents])],
};

/** Half filled in: the applicant from the booking, the facts and the request still missing. */
export const GenericHalfFilled: Story = {
  args: { lang: 'en' },
  render: form((lang) => procedureOf({ lang, form: genericForm(lang), data: halfFilled, attachments: ['doc-a'] })),
  loaders: [async () => mockApi([documents])],
};

/** A wrong DNI and a number that is none, then "present" with fields missing: the error summary. */
export const GenericWithErrors: Story = {
  args: { lang: 'es' },
  render: form((lang) => procedureOf({ lang, form: genericForm(lang), data: halfFilled })),
  loaders: [async () => mockApi([documents])],
  play: async ({ canvasElement }) => {
    const el = applicationEl(canvasElement);
    await type(el, '#field-applicant-idNumber', '1234');
    await type(el, '#field-people', 'muchas');
    await click(el, '[part~="present-button"]');
    await find(el, '[part~="error-summary"]');
  },
};

/** Everything required filled in, ready to present. */
export const GenericComplete: Story = {
  render: form((lang) => procedureOf({ lang, form: genericForm(lang), data: complete, attachments: ['doc-a', 'doc-b'] })),
  loaders: [async () => mockApi([documents])],
};

/** A procedure's own form: a resident's parking permit. */
export const ProcedureForm: Story = {
  args: { lang: 'en' },
  render: form((lang) => procedureOf({ lang, form: permitForm(lang), data: { plate: '1234ABC' } })),
  loaders: [async () => mockApi([documents])],
};

/** Presented: the application may change, but that voids what the citizen is reading. */
export const FormWhilePresented: Story = {
  args: { lang: 'es' },
  render: form((lang) => procedureOf({ lang, data: complete, agreement: agreementOf('presented') })),
  loaders: [async () => mockApi([documents])],
};

/** Not presented yet. */
export const AgreementNotPresented: Story = {
  render: agreement(() => procedureOf({ current: 'agreement', data: complete })),
};

/** Presented and waiting, the citizen's device not having opened it yet: the fingerprint to read aloud. */
export const AgreementPresented: Story = {
  render: agreement(() => procedureOf({ current: 'agreement', data: complete, agreement: { ...agreementOf('presented'), shownAt: null } as DeskProcedure['agreement'] })),
};

/** The citizen's device opened the document. */
export const AgreementShown: Story = {
  args: { lang: 'en' },
  render: agreement(() =>
    procedureOf({ current: 'agreement', data: complete, agreement: { ...agreementOf('presented'), shownAt: '2026-12-06T10:15:00.000Z' } as DeskProcedure['agreement'] }),
  ),
};

/** Agreed: the agent signs on the citizen's behalf after entering their password again. */
export const AgreementAgreed: Story = {
  args: { lang: 'es' },
  render: agreement(() => procedureOf({ current: 'agreement', data: complete, agreement: agreementOf('agreed') })),
};

/** The password was wrong. */
export const SignWrongPassword: Story = {
  args: { lang: 'en' },
  render: agreement(() => procedureOf({ current: 'agreement', data: complete, agreement: agreementOf('agreed') })),
  loaders: [async () => mockApi([refuse(401, 'FIN_ERR_CREDENTIALS_INVALID', 'The email or the password is not correct')])],
  play: async ({ canvasElement }) => {
    const el = agreementEl(canvasElement);
    await type(el, '#password', 'not my password');
    await click(el, '[part~="sign-button"]');
    await find(el, '#password-error');
  },
};

/** The agent has no habilitation reference: they cannot sign. */
export const SignWithoutHabilitation: Story = {
  render: agreement(() => procedureOf({ current: 'agreement', data: complete, agreement: agreementOf('agreed') })),
  loaders: [async () => mockApi([refuse(403, 'FIN_ERR_HABILITATION_REQUIRED', 'Only a habilitated employee can sign on a citizen’s behalf')])],
  play: async ({ canvasElement }) => {
    const el = agreementEl(canvasElement);
    await type(el, '#password', 'my password');
    await click(el, '[part~="sign-button"]');
    await find(el, '[part~="error"]');
  },
};

/** Not agreed, with the citizen's reason. */
export const AgreementRefused: Story = {
  render: agreement(() =>
    procedureOf({ current: 'agreement', data: complete, agreement: agreementOf('refused', { reason: 'Falta el meu segon cognom' }) }),
  ),
};

/** Void: the identity step was redone after the application was presented. */
export const AgreementVoid: Story = {
  args: { lang: 'en' },
  render: agreement(() => procedureOf({ current: 'agreement', data: complete, agreement: { ...agreementOf('void'), voidCause: 'step identity redone' } as DeskProcedure['agreement'] })),
};

/** Signed by the habilitated employee: the procedure is closed. */
export const AgreementSigned: Story = {
  render: agreement(() => procedureOf({ current: 'agreement', data: complete, agreement: agreementOf('agreed', { signature }) })),
};

/** The council requires recording while the citizen agrees, and the call is not being recorded. */
export const RecordingRequiredButOff: Story = {
  args: { lang: 'es' },
  render: agreement(() => procedureOf({ current: 'agreement', data: complete, agreement: agreementOf('presented'), recording: { required: true, running: false } })),
};
