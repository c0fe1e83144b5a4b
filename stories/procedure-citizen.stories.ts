import type { CitizenProcedure } from '@finestreta/server/contract';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { FakeCall, fakeVideoTrack } from '../packages/widgets/src/call/testing.js';
import '../packages/widgets/src/video-appointment/procedure/index.js';
import { procedure } from '../packages/widgets/src/video-appointment/procedure/testing.js';
import { applicationDocument, consentTexts } from './fixtures/procedure.js';
import { mockApi } from './mock-api.js';
import { click, find } from './play.js';

/**
 * The procedure as the citizen follows it beside the agent's video, in each state: the server's
 * answers are canned, the call is a stand-in, and the camera a painted canvas of 1920 × 1080.
 */
interface Args {
  lang: 'ca' | 'es' | 'en';
}

const meta: Meta<Args> = {
  title: 'Call/fin-citizen-procedure',
  component: 'fin-citizen-procedure',
  args: { lang: 'ca' },
  argTypes: { lang: { control: 'inline-radio', options: ['ca', 'es', 'en'] } },
};
export default meta;

type Story = StoryObj<Args>;
type Make = (lang: Args['lang']) => CitizenProcedure;

const PATH = /\/api\/councils\/demo\/appointments\/mine\/procedure/;
const panel = (canvas: HTMLElement) => canvas.querySelector('fin-citizen-procedure')!;

/** The camera as the still sees it: larger than the call sends, painted like a card held up. */
function fakeCamera() {
  navigator.mediaDevices.getUserMedia = async () => new MediaStream([fakeVideoTrack('DNI', { hue: 200, width: 1920, height: 1080 })]);
}

/** A story of the panel showing the procedure `make` gives in the story's language; answers return `after`. */
function showing(make: Make, { after, lang, play }: { after?: Make; lang?: Args['lang']; play?: Story['play'] } = {}): Story {
  return {
    ...(lang ? { args: { lang } } : {}),
    render: (args) => {
      const view = make(args.lang);
      const application = view.application ? applicationDocument(args.lang) : null;
      mockApi([
        { match: new RegExp(`^GET ${PATH.source}/document$`), body: applicationDocument(args.lang) },
        { match: new RegExp(`^POST ${PATH.source}`), body: { ...(after ?? make)(args.lang), application } },
        { match: new RegExp(`^GET ${PATH.source}$`), body: { ...view, application } },
      ]);
      fakeCamera();
      const call = new FakeCall({ state: 'in-call', role: 'citizen', localStream: new MediaStream([fakeVideoTrack('', { hue: 30 })]) });
      return html`<div style="max-width: 28rem">
        <fin-citizen-procedure api="https://oac.example.cat" council="demo" lang=${args.lang} token="story-token" .client=${call}></fin-citizen-procedure>
      </div>`;
    },
    play,
  };
}

const still = (kind: 'front' | 'back' | 'face') => () => procedure('identity', { asked: { kind: 'still', still: kind } });
/** Takes the picture, so the story shows its preview with "take it again" and "send". */
const takePicture: Story['play'] = async ({ canvasElement }) => {
  await click(panel(canvasElement), '[part~="still-take-button"]');
  await find(panel(canvasElement), '[part~="still-image"]');
};
const presented = () => procedure('agreement', { asked: { kind: 'agreement', documentId: 'doc-1' }, agreement: { state: 'presented', documentId: 'doc-1' } });

/** Nothing asked yet: where the citizen is, and the steps. */
export const Started = showing(() => procedure('identity'));

export const ConsentAsked = showing((lang) => procedure('identity', { asked: { kind: 'consent', text: consentTexts[lang], textSha256: 'a'.repeat(64) } }), { lang: 'es' });

export const StillFront = showing(still('front'), { lang: 'en' });

export const StillFrontPreview = showing(still('front'), { play: takePicture });

export const StillBackPreview = showing(still('back'), { lang: 'es', play: takePicture });

export const StillFacePreview = showing(still('face'), { lang: 'en', play: takePicture });

export const SpokenCode = showing(() => procedure('identity', { asked: { kind: 'liveness', code: '4719' } }), { lang: 'es' });

export const IdentityFailed = showing(() => {
  const failed = procedure('identity');
  failed.steps[0]!.state = 'failed';
  return failed;
});

/** The agent fills in the application; the citizen reads it as a document. */
export const ApplicationLive = showing(() => procedure('application'), { lang: 'en' });

/** The document presented for agreement, with its fingerprint. */
export const AgreementAsked = showing(presented, { lang: 'es' });

export const Refusing = showing(presented, {
  lang: 'en',
  play: async ({ canvasElement }) => {
    await click(panel(canvasElement), '[part~="disagree-button"]');
    await find(panel(canvasElement), '#disagree-reason');
  },
});

export const Agreed = showing(presented, {
  after: () => procedure('agreement', { agreement: { state: 'agreed', documentId: 'doc-1' } }),
  play: async ({ canvasElement }) => {
    await click(panel(canvasElement), '[part~="agree-button"]');
    await find(panel(canvasElement), '[part~="news"]');
  },
});

export const Refused = showing(() => procedure('agreement', { agreement: { state: 'refused', documentId: 'doc-1' } }), { lang: 'es' });

/** The application changed after the citizen agreed: the agreement no longer counts. */
export const AgreementVoid = showing(() => procedure('application', { agreement: { state: 'void', documentId: null } }), { lang: 'en' });

/** Signed: the receipt is being made. */
export const ReceiptPreparing = showing(() => procedure('receipt', { agreement: { state: 'agreed', documentId: 'doc-1' } }));

/** The receipt made, to download. */
export const ReceiptReady = showing(() => procedure('receipt', { agreement: { state: 'agreed', documentId: 'doc-1' }, receipt: { entryNumber: '2026/000123' } }), { lang: 'en' });
