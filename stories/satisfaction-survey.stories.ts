import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/library.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { mySurvey, videoSurvey } from './fixtures/survey.js';
import { check, click, find, type } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
  token: string;
}

const survey = (body: unknown, status = 200): MockRoute => ({ match: /^GET \/api\/councils\/demo\/surveys\/mine$/, status, body });
const answer = (body: unknown, status = 201): MockRoute => ({ match: /^POST \/api\/councils\/demo\/surveys\/mine\/answer$/, status, body });
const accepted = answer({ state: 'answered', answeredAt: new Date().toISOString() });

const meta: Meta<Args> = {
  title: 'Citizen/satisfaction-survey',
  component: 'satisfaction-survey',
  args: { lang: 'ca', token: 'demo-survey' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) => html`<satisfaction-survey api="https://oac.example.cat" council="demo" lang=${args.lang} token=${args.token}></satisfaction-survey>`,
};
export default meta;

type Story = StoryObj<Args>;

const element = (canvas: HTMLElement) => canvas.querySelector('satisfaction-survey')!;

/** Waits until the element's text includes `text`. */
async function shows(canvas: HTMLElement, text: string) {
  const el = element(canvas);
  for (let i = 0; i < 100 && !el.shadowRoot?.textContent?.includes(text); i++) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Four stars, "yes", a comment, and send. */
async function answerIt(canvas: HTMLElement) {
  const el = element(canvas);
  await find(el, 'form');
  await check(el, 'input[name="rating"][value="4"]');
  await check(el, 'input[name="repeat"][value="yes"]');
  await type(el, '#comment', 'Molt amables i ràpids.');
  await click(el, '[part~="submit-button"]');
}

/** After a callback, on the council's 1–5 star scale. */
export const Open: Story = {
  loaders: [async () => mockApi([survey(mySurvey()), accepted])],
};

/** A rating chosen, the repeat question answered and a comment being written. */
export const Answering: Story = {
  loaders: [async () => mockApi([survey(mySurvey()), accepted])],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    await find(el, 'form');
    await check(el, 'input[name="rating"][value="4"]');
    await check(el, 'input[name="repeat"][value="yes"]');
    await type(el, '#comment', 'Molt amables i ràpids.');
  },
};

/** After a video appointment, on a council that asks 0–10. */
export const ZeroToTen: Story = {
  args: { lang: 'es' },
  loaders: [async () => mockApi([survey(videoSurvey()), accepted])],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    await find(el, 'form');
    await check(el, 'input[name="rating"][value="9"]');
  },
};

/** A council that asks for the rating only. */
export const RatingOnly: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([survey(mySurvey({ askRepeat: false, commentMaxLength: 0 })), accepted])],
};

export const Loading: Story = {
  loaders: [async () => mockApi([{ ...survey(null), pending: true }])],
};

/** Sent without a rating: the error summary takes focus and links to the scale. */
export const RatingMissing: Story = {
  loaders: [async () => mockApi([survey(mySurvey()), accepted])],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    await find(el, 'form');
    await click(el, '[part~="submit-button"]');
    await find(el, '[part~="error-summary"]');
  },
};

/** A comment over the council's limit: the counter says by how much. */
export const CommentTooLong: Story = {
  loaders: [async () => mockApi([survey(mySurvey({ commentMaxLength: 40 })), accepted])],
  play: async ({ canvasElement }) => {
    const el = element(canvasElement);
    await find(el, 'form');
    await check(el, 'input[name="rating"][value="2"]');
    await type(el, '#comment', 'Vaig haver d’esperar massa i no em van trucar a l’hora acordada.');
    await click(el, '[part~="submit-button"]');
    await find(el, '[part~="error-summary"]');
  },
};

/** The answer on its way. */
export const Sending: Story = {
  loaders: [async () => mockApi([survey(mySurvey()), { ...accepted, pending: true }])],
  play: async ({ canvasElement }) => {
    await answerIt(canvasElement);
    await shows(canvasElement, 'S’està enviant la resposta');
  },
};

export const Thanks: Story = {
  loaders: [async () => mockApi([survey(mySurvey()), accepted])],
  play: async ({ canvasElement }) => {
    await answerIt(canvasElement);
    await shows(canvasElement, 'Gràcies per la vostra resposta');
  },
};

/** The connection dropped while sending: the answer is kept on the device and sent later. Its own token, so other stories do not find it waiting. */
export const QueuedOffline: Story = {
  args: { token: 'demo-survey-offline' },
  loaders: [async () => mockApi([survey(mySurvey()), { ...accepted, networkError: true }])],
  play: async ({ canvasElement }) => {
    await answerIt(canvasElement);
    await shows(canvasElement, 'Desat en aquest dispositiu');
  },
};

/** Opened again after answering. */
export const AlreadyAnswered: Story = {
  loaders: [async () => mockApi([survey(mySurvey({ state: 'answered' }))])],
};

/** Answered meanwhile (another tab, another device): the server refuses the second answer. */
export const SecondAnswerRefused: Story = {
  loaders: [
    async () =>
      mockApi([survey(mySurvey()), answer({ statusCode: 409, code: 'FIN_ERR_SURVEY_ANSWERED', message: 'This survey has already been answered. Thank you for your opinion!' }, 409)]),
  ],
  play: async ({ canvasElement }) => {
    await answerIt(canvasElement);
    await shows(canvasElement, 'Ja heu respost');
  },
};

export const Expired: Story = {
  loaders: [async () => mockApi([survey({ statusCode: 410, code: 'FIN_ERR_SURVEY_EXPIRED', message: 'This survey has closed' }, 410)])],
};

export const NotFound: Story = {
  loaders: [async () => mockApi([survey({ statusCode: 404, code: 'FIN_ERR_SURVEY_NOT_FOUND', message: 'There is no survey for this link' }, 404)])],
};

export const Unavailable: Story = {
  loaders: [async () => mockApi([{ ...survey(null), networkError: true }])],
};
