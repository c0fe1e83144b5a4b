import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/library.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { demoCouncil } from './fixtures/council.js';
import { callbackSlots } from './fixtures/slots.js';
import { check, click, find, type } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
  topic: string;
}

const council: MockRoute = { match: /^GET \/api\/councils\/demo$/, body: demoCouncil(true) };
const slots: MockRoute = { match: /^GET \/api\/councils\/demo\/callbacks\/slots$/, body: callbackSlots() };

const meta: Meta<Args> = {
  title: 'Citizen/call-me-form',
  component: 'call-me-form',
  args: { lang: 'ca', topic: '' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] },
    topic: { control: 'select', options: ['', 'online-help', 'padro', 'ajuts'] },
  },
  render: (args) =>
    html`<call-me-form api="https://oac.example.cat" council="demo" lang=${args.lang} topic=${args.topic}></call-me-form>`,
};
export default meta;

type Story = StoryObj<Args>;

const form = (canvas: HTMLElement) => canvas.querySelector('call-me-form')!;

async function fillIn(canvas: HTMLElement) {
  const el = form(canvas);
  await find(el, 'form');
  await type(el, '#name', 'Núria Soler');
  await type(el, '#phone', '612 34 56 78');
  await type(el, '#email', 'nuria@example.cat');
  await type(el, '#description', 'No sé com adjuntar el certificat al tràmit d’ajuts.');
  await check(el, '#consent');
  await click(el, '[part~="submit-button"]');
}

export const Ready: Story = {
  loaders: [async () => mockApi([council, slots])],
};

export const TopicPreselected: Story = {
  args: { topic: 'padro', lang: 'es' },
  loaders: [async () => mockApi([council, slots])],
};

export const Loading: Story = {
  loaders: [async () => mockApi([council, { ...slots, pending: true }])],
};

export const NoSlots: Story = {
  loaders: [async () => mockApi([council, { ...slots, body: callbackSlots(true) }])],
};

export const Unavailable: Story = {
  loaders: [async () => mockApi([council, { ...slots, networkError: true }])],
};

/** Sent with every field empty: the error summary takes focus and links to each field. */
export const FieldErrors: Story = {
  loaders: [async () => mockApi([council, slots])],
  play: async ({ canvasElement }) => {
    const el = form(canvasElement);
    await find(el, 'form');
    await click(el, '[part~="submit-button"]');
    await find(el, '[part~="error-summary"]');
  },
};

export const SlotTaken: Story = {
  loaders: [
    async () => {
      const { slots: free } = callbackSlots();
      mockApi([
        council,
        slots,
        {
          match: /^POST \/api\/councils\/demo\/callbacks$/,
          status: 409,
          body: { statusCode: 409, code: 'FIN_ERR_SLOT_TAKEN', message: 'That slot was taken', alternatives: free.slice(1, 4).map(({ start, end }) => ({ start, end })) },
        },
      ]);
    },
  ],
  play: async ({ canvasElement }) => {
    await fillIn(canvasElement);
    await find(form(canvasElement), '[part~="resubmit-button"]');
  },
};

export const Submitted: Story = {
  loaders: [
    async () => {
      const { asap } = callbackSlots();
      mockApi([
        council,
        slots,
        {
          match: /^POST \/api\/councils\/demo\/callbacks$/,
          status: 201,
          body: { reference: 'CB-7K3P9Q', state: 'requested', slot: asap, cancelUrl: 'https://oac.example.cat/callbacks/cancel?council=demo&token=demo' },
        },
      ]);
    },
  ],
  play: async ({ canvasElement }) => {
    await fillIn(canvasElement);
    await find(form(canvasElement), '[part~="confirmation"]');
  },
};

/** The connection dropped while sending: the request is kept on the device and sent later. */
export const QueuedOffline: Story = {
  loaders: [async () => mockApi([council, slots, { match: /^POST \/api\/councils\/demo\/callbacks$/, networkError: true }])],
  play: async ({ canvasElement }) => {
    await fillIn(canvasElement);
    const el = form(canvasElement);
    for (let i = 0; i < 100 && !el.shadowRoot?.textContent?.includes('Desat en aquest dispositiu'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  },
};
