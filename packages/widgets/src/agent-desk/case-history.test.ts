import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { EVIDENCE_TYPES } from '../../../server/src/modules/evidence/types.js';
import { I18nController, languages, type Lang } from '../shared/i18n.js';
import type { DeskAppointmentDetails } from '../shared/types.js';
import { EVENT_WORDS, renderHistory } from './case-history.js';
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
});
