import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/call/call.js';
import { mockMediaDevices } from './fixtures/media.js';
import { find } from './play.js';

/**
 * The camera and microphone check before a video call, for the citizen (and an invited guest) in
 * `<video-appointment>` and for the agent in the desk. Stories answer the browser's camera
 * question themselves: a painted picture and a tone instead of a camera and a microphone, or the
 * browser's refusals.
 */
interface Args {
  lang: 'ca' | 'es' | 'en';
  party: 'citizen' | 'agent';
}

const meta: Meta<Args> = {
  title: 'Call/fin-device-check',
  component: 'fin-device-check',
  args: { lang: 'ca', party: 'citizen' },
  argTypes: {
    lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] },
    party: { control: 'inline-radio', options: ['citizen', 'agent'] },
  },
  render: (args) => html`<fin-device-check lang=${args.lang} party=${args.party}></fin-device-check>`,
};
export default meta;

type Story = StoryObj<Args>;
const check = (canvas: HTMLElement) => canvas.querySelector('fin-device-check')!;

/** Permission given: the camera's preview and the microphone's level. */
export const Granted: Story = {
  loaders: [async () => mockMediaDevices()],
  play: async ({ canvasElement }) => {
    await find(check(canvasElement), '[part~="preview"]');
  },
};

/** The browser has not had an answer yet. */
export const Starting: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockMediaDevices({ pending: true })],
};

/** With more than one camera or microphone, the person chooses; here the second camera was chosen. */
export const ChoosingDevices: Story = {
  args: { lang: 'es' },
  loaders: [async () => mockMediaDevices({ cameras: ['Cámara integrada', 'Cámara USB'], microphones: ['Micrófono integrado', 'Auriculares'] })],
  play: async ({ canvasElement }) => {
    const el = check(canvasElement);
    const cameras = await find<HTMLSelectElement>(el, '#camera-select');
    cameras.value = 'camera-2';
    cameras.dispatchEvent(new Event('change'));
    await find(el, '[part~="preview"]');
  },
};

/** The person (or the browser's settings) said no: how to allow them, and try again. */
export const PermissionDenied: Story = {
  loaders: [async () => mockMediaDevices({ fail: 'NotAllowedError' })],
  play: async ({ canvasElement }) => {
    await find(check(canvasElement), '[part~="device-error"]');
  },
};

export const NoDevice: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockMediaDevices({ fail: 'NotFoundError' })],
  play: async ({ canvasElement }) => {
    await find(check(canvasElement), '[part~="device-error"]');
  },
};

export const DeviceInUse: Story = {
  args: { lang: 'es' },
  loaders: [async () => mockMediaDevices({ fail: 'NotReadableError' })],
  play: async ({ canvasElement }) => {
    await find(check(canvasElement), '[part~="device-error"]');
  },
};

/** The agent's check in the desk, before starting the call: the same, with a way back to the appointment. */
export const Agent: Story = {
  args: { party: 'agent' },
  loaders: [async () => mockMediaDevices({ cameras: ['Càmera web', 'Càmera del portàtil'], microphones: ['Auriculars'] })],
  play: async ({ canvasElement }) => {
    await find(check(canvasElement), '[part~="preview"]');
  },
};

/** At a desk, "join from a phone" is no help: the agent is told to connect a webcam and a headset. */
export const AgentNoDevice: Story = {
  args: { party: 'agent', lang: 'en' },
  loaders: [async () => mockMediaDevices({ fail: 'NotFoundError' })],
  play: async ({ canvasElement }) => {
    await find(check(canvasElement), '[part~="device-error"]');
  },
};
