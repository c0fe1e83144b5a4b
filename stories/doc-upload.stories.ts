import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/widgets/src/library.js';
import type { DocUpload } from '../packages/widgets/src/doc-upload/doc-upload.js';
import { ApiError, ErrorCode } from '../packages/widgets/src/shared/errors.js';
import { mockApi, type MockRoute } from './mock-api.js';
import { memoryStore, myDocuments, pdfFile, scriptedTransport, type Script } from './fixtures/documents.js';
import { click, find } from './play.js';

interface Args {
  lang: 'ca' | 'es' | 'en';
  token: string;
}

const mine = (body: unknown = myDocuments(), status = 200): MockRoute => ({ match: /^GET \/api\/councils\/demo\/documents\/mine$/, body, status });

/** Nothing happens: the file stays where the script leaves it. */
let script: Script = () => undefined;

const meta: Meta<Args> = {
  title: 'Citizen/doc-upload',
  component: 'doc-upload',
  args: { lang: 'ca', token: 'story-token' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
  render: (args) =>
    html`<doc-upload
      api="https://oac.example.cat"
      council="demo"
      lang=${args.lang}
      token=${args.token}
      .store=${memoryStore()}
      .transport=${scriptedTransport((handlers, size) => script(handlers, size))}
    ></doc-upload>`,
};
export default meta;

type Story = StoryObj<Args>;
const el = (canvas: HTMLElement) => canvas.querySelector('doc-upload') as DocUpload;

/** Chooses files through the element's real file input, as the picker would. */
async function choose(canvas: HTMLElement, files: File[]) {
  const input = await find<HTMLInputElement>(el(canvas), '#file');
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The documents the case expects, one rejected with the agent's reason, and a document already sent. */
export const Expected: Story = {
  loaders: [async () => mockApi([mine()])],
};

export const Loading: Story = {
  loaders: [async () => mockApi([{ ...mine(), pending: true }])],
};

/** Everything expected has been accepted. */
export const AllAccepted: Story = {
  args: { lang: 'es' },
  loaders: [
    async () =>
      mockApi([
        mine(
          myDocuments({
            expected: myDocuments().expected.map((e) => ({ ...e, status: 'accepted' })),
            documents: myDocuments().documents.map((d) => ({ ...d, state: 'accepted', rejectionReason: null })),
          }),
        ),
      ]),
  ],
};

/** A procedure without a list: the citizen sends what they were asked for. */
export const NothingListed: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([mine(myDocuments({ case: { reference: 'CB-8H2K4P', kind: 'callback', open: true, procedure: null }, expected: [], documents: [], usage: { files: 0, bytes: 0 } }))])],
};

/** The appointment was cancelled: what was sent stays listed, and nothing more can be sent. */
export const CaseCancelled: Story = {
  loaders: [async () => mockApi([mine(myDocuments({ case: { ...myDocuments().case, open: false } }))])],
};

/** A file on its way, with its progress bar. */
export const Uploading: Story = {
  loaders: [
    async () => {
      mockApi([mine()]);
      script = (handlers, size) => handlers.onProgress(Math.round(size * 0.4), size);
    },
  ],
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [pdfFile('contracte-lloguer.pdf')]);
    await find(el(canvasElement), '[part~="file-uploading"]');
  },
};

/** The citizen paused it. */
export const Paused: Story = {
  loaders: [
    async () => {
      mockApi([mine()]);
      script = (handlers, size) => handlers.onProgress(Math.round(size * 0.6), size);
    },
  ],
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [pdfFile('contracte-lloguer.pdf')]);
    await click(el(canvasElement), '[part~="file-uploading"] [part~="action-button"]');
    await find(el(canvasElement), '[part~="file-paused"]');
  },
};

/** The connection dropped: the upload goes on by itself when it is back. */
export const Interrupted: Story = {
  args: { lang: 'es' },
  loaders: [
    async () => {
      mockApi([mine()]);
      script = (handlers, size) => {
        handlers.onProgress(Math.round(size * 0.3), size);
        handlers.onError(new ApiError(ErrorCode.network, 'The server could not be reached.', true, 0));
      };
    },
  ],
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [pdfFile('contrato.pdf')]);
    await find(el(canvasElement), '[part~="file-interrupted"]');
  },
};

/** The file reached the case. */
export const Sent: Story = {
  loaders: [
    async () => {
      mockApi([mine()]);
      script = (handlers, size) => {
        handlers.onProgress(size, size);
        handlers.onSuccess('doc-2');
      };
    },
  ],
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [pdfFile('contracte-lloguer.pdf')]);
    await find(el(canvasElement), '[part~="file-done"]');
  },
};

/** A program renamed to .pdf is refused before anything is sent. */
export const RefusedType: Story = {
  loaders: [async () => mockApi([mine()])],
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [new File([new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00])], 'factura.pdf', { type: 'application/pdf' })]);
    await find(el(canvasElement), '[part~="file-refused"]');
  },
};

/** A file over the case's limit is refused before anything is sent. */
export const RefusedTooLarge: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([mine(myDocuments({ limits: { ...myDocuments().limits, maxFileBytes: 1024 * 1024 } }))])],
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [pdfFile('scan.pdf', 3 * 1024 * 1024)]);
    await find(el(canvasElement), '[part~="file-refused"]');
  },
};

/** The server's malware scan refused the file. */
export const RefusedInfected: Story = {
  loaders: [
    async () => {
      mockApi([mine()]);
      script = (handlers, size) => {
        handlers.onProgress(size, size);
        handlers.onError(new ApiError('FIN_ERR_DOCUMENT_INFECTED', 'The file is infected', false, 422));
      };
    },
  ],
  play: async ({ canvasElement }) => {
    await choose(canvasElement, [pdfFile('document.pdf')]);
    await find(el(canvasElement), '[part~="file-refused"]');
  },
};

/** The media queries of a phone: a touch screen, no mouse or trackpad. */
const PHONE: Record<string, boolean> = { '(pointer: coarse)': true, '(any-pointer: coarse)': true, '(hover: none)': true, '(any-hover: none)': true };

/**
 * On a phone, where nothing can be dragged: "Choose a file or take a photo", with the rear camera;
 * the document already received goes last, marked, and the one still missing is proposed.
 */
export const OnAPhone: Story = {
  args: { lang: 'es' },
  parameters: {
    viewport: { options: { phonePortrait: { name: 'Phone, portrait (360 × 740)', styles: { width: '360px', height: '740px' }, type: 'mobile' } } },
  },
  globals: { viewport: { value: 'phonePortrait', isRotated: false } },
  // The page is a phone's for this story only: the media queries are given back after it.
  beforeEach: () => {
    const original = window.matchMedia;
    // Real lists, of a query that always or never matches, so anything else on the page can still listen to them.
    window.matchMedia = (query: string) => original.call(window, PHONE[query] ? 'all' : 'not all');
    return () => {
      window.matchMedia = original;
    };
  },
  loaders: [
    async () =>
      mockApi([
        mine(
          myDocuments({
            expected: [
              { id: 'dni', name: 'DNI o NIE', status: 'received' },
              { id: 'habitatge', name: 'Contrato de alquiler o escritura de la vivienda', status: 'missing' },
            ],
            documents: [],
          }),
        ),
      ]),
  ],
};

/** During the call the agent asked for a document: the request takes focus, one tap from the camera. */
export const Requested: Story = {
  loaders: [async () => mockApi([mine()])],
  play: async ({ canvasElement }) => {
    await find(el(canvasElement), '#file');
    await el(canvasElement).capture('habitatge');
    await find(el(canvasElement), '[part~="request"]');
  },
};

export const InvalidLink: Story = {
  args: { token: 'expired' },
  loaders: [async () => mockApi([mine({ statusCode: 401, code: 'FIN_ERR_TOKEN_INVALID', message: 'The link is not valid' }, 401)])],
};

export const Unavailable: Story = {
  args: { lang: 'en' },
  loaders: [async () => mockApi([{ ...mine(), networkError: true }])],
  play: async ({ canvasElement }) => {
    await find(el(canvasElement), '[part~="retry-button"]');
  },
};
