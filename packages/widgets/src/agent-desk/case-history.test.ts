import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { EVIDENCE_TYPES } from '../../../server/src/modules/evidence/types.js';
import { I18nController, languages, loadMessages, type Lang } from '../shared/i18n.js';
import { json, stubFetch, type FetchStub } from '../shared/testing.js';
import type { DeskAppointmentDetails } from '../shared/types.js';
import type { FinCaseHistory } from './case-history-panel.js';
import { EVENT_WORDS, renderHistory } from './case-history.js';
import './index.js';
import './translations/index.js';

/** Shows a history as the agenda does, in the language of its `lang`. */
class HistoryHost extends LitElement {
  static override properties = { appointment: { attribute: false } };
  appointment!: DeskAppointmentDetails;
  readonly i18n = new I18nController(this, () => undefined);

  override render() {
    return renderHistory({ i18n: this.i18n, appointment: this.appointment, root: this.renderRoot, when: (iso) => iso.slice(11, 16) });
  }
}
customElements.define('history-host', HistoryHost);

const withEvents = (types: readonly string[], data: Record<string, unknown> = {}): DeskAppointmentDetails =>
  ({
    events: types.map((type, index) => ({ seq: index + 1, type, at: '2026-12-01T09:00:00.000Z', actor: 'system', data })),
    recordings: [],
  }) as unknown as DeskAppointmentDetails;

async function shown(lang: Lang, appointment: DeskAppointmentDetails): Promise<string[]> {
  const host = await fixture<HistoryHost>(html`<history-host lang=${lang} .appointment=${appointment}></history-host>`);
  return [...host.renderRoot.querySelectorAll('[part="event"]')].map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
}

describe('the case history', () => {
  // The host is no Finestreta element, which would wait for its language's messages itself.
  before(() => Promise.all(languages.map((lang) => loadMessages(lang))));

  it('passes an accessibility check', async () => {
    const host = await fixture<HistoryHost>(html`<history-host lang="en" .appointment=${withEvents(['call.admitted', 'survey.invited'])}></history-host>`);
    await expect(host).shadowDom.to.be.accessible();
  });

  it('has words for every type of event the server writes', () => {
    expect(EVIDENCE_TYPES.filter((type) => !Object.hasOwn(EVENT_WORDS, type))).to.deep.equal([]);
  });

  for (const lang of languages) {
    describe(`in ${lang}`, () => {
      it('shows every event in words, never its code', async () => {
        const lines = await shown(lang, withEvents(EVIDENCE_TYPES));
        expect(lines).to.have.length(EVIDENCE_TYPES.length);
        lines.forEach((line, index) => {
          expect(line, EVIDENCE_TYPES[index]).not.to.include(EVIDENCE_TYPES[index]);
          expect(line, EVIDENCE_TYPES[index]).not.to.match(/deskEvent/);
        });
      });

      it('says an unknown event in a phrase, not in its code alone', async () => {
        const [line] = await shown(lang, withEvents(['future.thing']));
        expect(line).to.include('future.thing');
        expect(line.replace('future.thing', '').replace(/[\d:—()\s]/g, '').length).to.be.greaterThan(10);
      });
    });
  }

  it('speaks each language in its own words', async () => {
    const said = await Promise.all(languages.map(async (lang) => (await shown(lang, withEvents(['call.admitted', 'document.reviewed'], { decision: 'accepted' }))).join('|')));
    expect(said).to.deep.equal([
      '09:00 — Admesa a la videotrucada (sistema)|09:00 — Document acceptat (sistema)',
      '09:00 — Admitida en la videollamada (sistema)|09:00 — Documento aceptado (sistema)',
      '09:00 — Let into the video call (system)|09:00 — Document accepted (system)',
    ]);
  });

  it('tells a verified identity from one that was not', async () => {
    const verified = await shown('en', withEvents(['identity.decision'], { verified: true }));
    const refused = await shown('en', withEvents(['identity.decision'], { verified: false }));
    expect(verified[0]).to.include('Identity verified');
    expect(refused[0]).to.include('Identity not verified');
  });

  it('says how a screen help went and why it ended, in each language', async () => {
    const ended = async (lang: Lang, reason: string) => (await shown(lang, withEvents(['screen_help.ended'], { session: 's1', reason })))[0];
    expect(await ended('en', 'tooManyTries')).to.include('Screen help ended: too many wrong codes');
    expect(await ended('ca', 'expired')).to.include('el codi ha caducat sense usar-se');
    expect(await ended('es', 'citizen')).to.include('terminada por la persona');
    expect(await ended('en', 'somethingNew')).to.include('Screen help ended (system)');
    const steps = await shown('en', withEvents(['screen_help.started', 'screen_help.opened', 'screen_help.locked'], { session: 's1', emailed: true }));
    expect(steps.map((line) => line.split(' — ')[1])).to.deep.equal([
      'Screen help started: a code given to the citizen, the link emailed (system)',
      'The citizen typed the screen-help code (system)',
      'Screen-help code blocked after too many wrong tries (system)',
    ]);
    const camera = await shown('es', withEvents(['screen_help.consented'], { session: 's1', share: 'camera' }));
    expect(camera[0]).to.include('con la cámara del móvil');
  });
});

describe('<fin-case-history> (a callback\'s history)', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  const callbackLog = {
    valid: true,
    events: ['callback.requested', 'callback.claimed', 'callback.started', 'callback.retry_scheduled'].map((type, index) => ({
      seq: index + 1,
      type,
      at: `2026-11-23T${String(8 + index).padStart(2, '0')}:00:00.000Z`,
      actor: index === 0 ? 'citizen' : 'agent:a1',
      data: {},
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
    })),
  };

  it("reads the case's evidence log and says each event in words, in the desk's language", async () => {
    fetch = stubFetch(() => json(callbackLog));
    const el = await fixture<FinCaseHistory>(html`<fin-case-history api="https://oac.example" case-id="cb-1" lang="es" time-zone="Europe/Madrid"></fin-case-history>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="event"]'), 'the history did not load', { timeout: 3000 });
    const lines = [...el.shadowRoot!.querySelectorAll('[part~="event"]')].map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
    expect(lines.map((line) => line.split(' — ')[1])).to.deep.equal([
      'Llamada solicitada (ciudadano/a)',
      'Llamada asignada a un agente (agente)',
      'Llamada a la persona iniciada (agente)',
      'Sin respuesta: se ha programado otra llamada (agente)',
    ]);
    expect(lines[0]).to.match(/09:00/, "in the council's time zone");
    expect(fetch.calls[0].url).to.equal('https://oac.example/api/desk/cases/cb-1/evidence');
    expect(fetch.calls[0].credentials).to.equal('include');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('says when the history cannot be loaded, and tries again', async () => {
    let fail = true;
    fetch = stubFetch(() => (fail ? json({ statusCode: 404, code: 'FIN_ERR_CASE_NOT_FOUND', message: 'Case not found' }, 404) : json(callbackLog)));
    const el = await fixture<FinCaseHistory>(html`<fin-case-history api="https://oac.example" case-id="cb-1" lang="en"></fin-case-history>`);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="error"]'), 'no error shown');
    expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.equal('The history cannot be shown right now.');
    fail = false;
    el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry-button"]')!.click();
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[part~="event"]').length === 4, 'the retry did not load the history', { timeout: 3000 });
  });
});
