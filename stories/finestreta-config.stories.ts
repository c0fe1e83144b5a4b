import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/library.js';
import { mockApi } from './mock-api.js';
import { demoCouncil } from './fixtures/council.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
}

const meta: Meta<Args> = {
  title: 'Citizen/finestreta-config',
  component: 'finestreta-config',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  loaders: [async () => mockApi([{ match: /^GET \/api\/councils\/demo$/, body: demoCouncil(true) }])],
};
export default meta;

type Story = StoryObj<Args>;

/** One configuration for every widget inside it, as a council's web team writes it. */
export const ProvidesConfiguration: Story = {
  render: (args) => html`
    <finestreta-config api="https://oac.example.cat" council="demo" lang=${args.lang}>
      <office-hours></office-hours>
    </finestreta-config>
  `,
};

/** An attribute on the widget wins over the configuration around it. */
export const WidgetAttributeWins: Story = {
  render: () => html`
    <finestreta-config api="https://oac.example.cat" council="demo" lang="ca">
      <office-hours lang="en"></office-hours>
    </finestreta-config>
  `,
};
