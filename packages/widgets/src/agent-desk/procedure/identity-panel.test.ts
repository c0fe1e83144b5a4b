import type { DeskProcedure } from '@finestreta/server/contract';
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { json, stubFetch, type FetchStub, type RecordedCall } from '../../shared/testing.js';
import '../index.js';
import type { FinIdentityPanel } from './identity-panel.js';
import { accepted, badCheckDigit, complete, deskProcedure, expired, MRZ_LINES, mismatch, mrzReading, stillPicture, stills } from './testing.js';

const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: FinIdentityPanel, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: FinIdentityPanel, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const button = (el: FinIdentityPanel, label: string) => $$<HTMLButtonElement>(el, 'button').find((b) => text(b) === label);
const section = (el: FinIdentityPanel, name: string) => $(el, `section[aria-labelledby="identity-${name}"]`)!;
const path = (call: RecordedCall) => new URL(call.url).pathname;
const BASE = '/api/desk/appointments/case-1/procedure';

let fetch: FetchStub;
let picture: Blob;

before(async () => {
  picture = await stillPicture();
});

/** The server: each change answers `next` (or fails), each still's bytes are a picture. */
function server(next: DeskProcedure | (() => Response)) {
  return (call: RecordedCall) => {
    if (path(call).includes('/identity/stills/') && call.method === 'GET') return new Response(picture, { headers: { 'Content-Type': 'image/png' } });
    return typeof next === 'function' ? next() : json(next);
  };
}

async function mount(procedure: DeskProcedure, next: DeskProcedure | (() => Response) = procedure) {
  fetch = stubFetch(server(next));
  return fixture<FinIdentityPanel>(html`<fin-identity-panel api="https://oac.example" lang="en" case-id="case-1" .procedure=${procedure}></fin-identity-panel>`);
}

const changes = () => fetch.calls.filter((call) => call.method !== 'GET').map((call) => [call.method, path(call).replace(BASE, ''), call.body]);

afterEach(() => fetch?.restore());

describe('<fin-identity-panel>', () => {
  it('passes an accessibility check with stills, an MRZ that does not match and an expired document', async () => {
    const el = await mount(deskProcedure({ ...complete, mrz: { ...expired, comparisons: mismatch.comparisons } }));
    await waitUntil(() => $$(el, '[part~="thumbnail"]').length === 3, 'the stills did not load');
    await expect(el).to.be.accessible();
  });

  it('shows what the booking says, with whether the DNI’s check letter is right', async () => {
    const el = await mount(deskProcedure({ booked: { name: 'Marta Soler', idNumber: '12345678A', idValid: false } }));
    const fields = $$(el, '[part~="fields"] [part~="field"]').map((field) => [text(field.querySelector('dt')), text(field.querySelector('dd'))]);
    expect(fields).to.deep.equal([
      ['Name', 'Marta Soler'],
      ['DNI/NIE', '12345678A (check letter WRONG)'],
    ]);
  });

  describe('consent', () => {
    it('asks for it, shows the answer, and tells the panel around it', async () => {
      const asked = deskProcedure({ consent: { state: 'asked', textSha256: 'ab'.repeat(32), at: '2026-11-23T09:05:00.000Z' } }, { revision: 2 });
      const el = await mount(deskProcedure(), asked);
      expect(text(section(el, 'consent').querySelector('[part~="outcome"]'))).to.contain('Not asked yet');
      const changed = oneEvent(el, 'fin-procedure-change');
      button(el, 'Ask the citizen’s consent')!.click();
      expect((await changed).detail.procedure.revision).to.equal(2);
      expect(changes()).to.deep.equal([['POST', '/identity/consent', {}]]);
      await el.updateComplete;
      expect(text(section(el, 'consent').querySelector('[part~="outcome"]'))).to.match(/^Asked at .*: waiting for the citizen’s answer…$/);
      expect(button(el, 'Ask the citizen’s consent')).to.equal(undefined);
    });

    it('keeps the pictures and the code out of reach until the citizen consents', async () => {
      const el = await mount(deskProcedure());
      const ask = button(el, 'Ask for: Front of the document')!;
      expect(ask.disabled).to.equal(true);
      expect(text($(el, `#${ask.getAttribute('aria-describedby')}`))).to.equal('Possible once the citizen has consented.');
      expect(button(el, 'Show a code to the citizen')!.disabled).to.equal(true);
    });

    it('says politely what the citizen did on their side', async () => {
      const el = await mount(deskProcedure({ consent: { state: 'asked', textSha256: 'ab'.repeat(32), at: '2026-11-23T09:05:00.000Z' } }));
      el.procedure = deskProcedure(accepted);
      await el.updateComplete;
      expect(text($(el, '[part~="announcer"]'))).to.match(/^The citizen consented at /);
      el.procedure = deskProcedure({ ...accepted, stills: stills.slice(2) });
      await el.updateComplete;
      expect(text($(el, '[part~="announcer"]'))).to.equal('Picture received: Front of the document.');
    });

    it('says a refusal and offers to ask again', async () => {
      const el = await mount(deskProcedure({ consent: { state: 'refused', textSha256: 'ab'.repeat(32), at: '2026-11-23T09:05:00.000Z' } }));
      expect(text(section(el, 'consent').querySelector('[part~="outcome-bad"]'))).to.match(/^The citizen refused at /);
      expect(button(el, 'Ask for consent again')).to.not.equal(undefined);
    });
  });

  describe('stills', () => {
    it('asks for each kind and says what the citizen is asked for', async () => {
      const el = await mount(deskProcedure(accepted), deskProcedure({ ...accepted, requestedStill: 'back' }));
      button(el, 'Ask for: Back of the document')!.click();
      await waitUntil(() => $(el, '[part~="waiting"]'), 'no waiting text');
      expect(changes()).to.deep.equal([['POST', '/identity/stills/request', { kind: 'back' }]]);
      expect(text($(el, '[part~="waiting"]'))).to.equal('Waiting for the citizen’s picture: Back of the document…');
    });

    it('shows the newest of each kind side by side, fetched with the session, with size and time', async () => {
      const older = { ...stills[2]!, id: 'still-old-front', takenAt: '2026-11-23T09:01:00.000Z' };
      const el = await mount(deskProcedure({ ...accepted, stills: [...stills, older] }));
      await waitUntil(() => $$(el, '[part~="thumbnail"]').length === 3, 'the stills did not load');
      const gets = fetch.calls.filter((call) => call.method === 'GET');
      expect(gets.map(path)).to.have.members([`${BASE}/identity/stills/still-front`, `${BASE}/identity/stills/still-back`, `${BASE}/identity/stills/still-face`]);
      expect(gets.every((call) => call.credentials === 'include')).to.equal(true);
      const items = $$(el, '[part~="still"]');
      expect(items.map((item) => text(item.querySelector('[part~="still-kind"]')))).to.deep.equal(['Front of the document', 'Back of the document', 'Face beside the document']);
      expect(text(items[0]!.querySelector('[part~="still-meta"]'))).to.match(/^1920×1080, taken at \d\d:\d\d:\d\d$/);
      expect(items[0]!.querySelector('img')!.src).to.match(/^blob:/);
      expect(button(el, 'Ask again: Front of the document')).to.not.equal(undefined);
      const [front, back] = items.map((item) => item.getBoundingClientRect());
      expect(back!.left, 'side by side').to.be.greaterThan(front!.right - 1);
    });

    it('lets go of the pictures when it leaves the page', async () => {
      const el = await mount(deskProcedure({ ...accepted, stills }));
      await waitUntil(() => $$(el, '[part~="thumbnail"]').length === 3, 'the stills did not load');
      const urls = $$<HTMLImageElement>(el, '[part~="thumbnail"]').map((image) => image.src);
      const revoke = URL.revokeObjectURL;
      const revoked: string[] = [];
      URL.revokeObjectURL = (url: string) => (revoked.push(url), revoke(url));
      try {
        el.remove();
      } finally {
        URL.revokeObjectURL = revoke;
      }
      expect(revoked).to.have.members(urls);
    });

    it('enlarges a still in a dialog that Escape closes, giving focus back', async () => {
      const el = await mount(deskProcedure({ ...accepted, stills }));
      await waitUntil(() => $$(el, '[part~="zoom-button"]').length === 3, 'the stills did not load');
      const opener = $$<HTMLButtonElement>(el, '[part~="zoom-button"]')[1]!;
      expect(text(opener)).to.equal('Enlarge: Back of the document');
      opener.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = $<HTMLDialogElement>(el, 'dialog')!;
      await waitUntil(() => dialog.open, 'the dialog did not open');
      expect(text(dialog.querySelector('h5'))).to.match(/^Back of the document — 1920×1080, taken at /);
      const image = dialog.querySelector('img')!;
      expect([image.getAttribute('width'), image.getAttribute('height')]).to.deep.equal(['1920', '1080']);
      await expect(el).to.be.accessible();
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open, 'Escape did not close the dialog');
      await el.updateComplete;
      expect(el.shadowRoot!.activeElement).to.equal(opener);
    });
  });

  describe('the MRZ', () => {
    async function type(el: FinIdentityPanel, lines: string[]) {
      for (const [index, line] of lines.entries()) {
        const input = $<HTMLInputElement>(el, `#mrz-${index}`)!;
        input.value = line;
        input.dispatchEvent(new Event('input'));
      }
      await el.updateComplete;
    }

    it('sends the three lines as typed, in capitals with every “<”, and shows the reading', async () => {
      const el = await mount(deskProcedure(accepted), deskProcedure({ ...accepted, mrz: mrzReading() }));
      await type(el, MRZ_LINES.map((line) => line.toLowerCase()));
      expect($<HTMLInputElement>(el, '#mrz-2')!.value).to.equal(MRZ_LINES[2]);
      button(el, 'Read the MRZ')!.click();
      await waitUntil(() => $(el, '[part~="mrz-reading"]'), 'no reading');
      expect(changes()).to.deep.equal([['POST', '/identity/mrz', { text: MRZ_LINES.join('\n') }]]);
      expect(text($(el, '[part~="verdict"]'))).to.equal('Every check digit is right.');
      expect($$(el, '[part~="check"]').map((check) => text(check))).to.deep.equal([
        '✓ Support number: right',
        '✓ Date of birth: right',
        '✓ Expiry: right',
        '✓ The lines together (composite): right',
      ]);
      expect($$(el, '[part~="comparison"]').map((row) => text(row))).to.deep.equal([
        'DNI/NIE 99999999D 99999999D matches',
        'Name Carmen Española Española CARMEN ESPANOLA ESPANOLA matches',
      ]);
    });

    it('refuses lines of the wrong shape without asking the server', async () => {
      const el = await mount(deskProcedure(accepted));
      await type(el, [MRZ_LINES[0]!, 'SHORT', MRZ_LINES[2]!]);
      button(el, 'Read the MRZ')!.click();
      await el.updateComplete;
      expect(text($(el, '#mrz-error'))).to.equal('Each line has 30 characters: A–Z, 0–9 and “<”.');
      expect($(el, '#mrz-1')!.getAttribute('aria-invalid')).to.equal('true');
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#mrz-1'));
      expect(changes()).to.deep.equal([]);
    });

    it('shows a wrong check digit, an expired document and a mismatch with the booking', async () => {
      const el = await mount(deskProcedure({ ...accepted, mrz: badCheckDigit }));
      expect(text($(el, '[part~="verdict-bad"]'))).to.contain('Some check digits are WRONG');
      expect(text($(el, '[part~="check-bad"]'))).to.equal('✗ Date of birth: wrong');
      el.procedure = deskProcedure({ ...accepted, mrz: { ...expired, comparisons: mismatch.comparisons } });
      await el.updateComplete;
      expect(text($(el, '[part~="warning"]'))).to.equal('EXPIRED DOCUMENT: it expired on 1 January 2025.');
      expect(text($(el, '[part~="comparison-bad"]'))).to.equal('DNI/NIE 12345678Z 99999999D DOES NOT MATCH');
    });

    it('says the server’s refusal of something that is not an MRZ', async () => {
      const el = await mount(deskProcedure(accepted), () => json({ statusCode: 400, code: 'FIN_ERR_MRZ_INVALID', message: 'This is not the machine-readable zone of an identity document' }, 400));
      await type(el, MRZ_LINES);
      button(el, 'Read the MRZ')!.click();
      await waitUntil(() => section(el, 'mrz').querySelector('[role="alert"]'), 'no error');
      expect(text(section(el, 'mrz').querySelector('[role="alert"]'))).to.equal('That could not be done: This is not the machine-readable zone of an identity document');
    });
  });

  describe('the spoken code', () => {
    it('shows a code, sends what the agent heard, and offers a new code when it did not match', async () => {
      const issued = deskProcedure({ ...accepted, liveness: { issuedAt: '2026-11-23T09:06:00.000Z', matched: null, answeredAt: null } });
      const el = await mount(deskProcedure(accepted), issued);
      button(el, 'Show a code to the citizen')!.click();
      await waitUntil(() => $(el, '#liveness-heard'), 'no field for what was heard');
      fetch.respond(server(deskProcedure({ ...accepted, liveness: { issuedAt: '2026-11-23T09:06:00.000Z', matched: false, answeredAt: '2026-11-23T09:06:30.000Z' } })));
      const heard = $<HTMLInputElement>(el, '#liveness-heard')!;
      heard.value = '4821';
      heard.dispatchEvent(new Event('input'));
      button(el, 'Confirm')!.click();
      await waitUntil(() => $(el, '[part~="outcome-bad"]'), 'no outcome');
      expect(changes()).to.deep.equal([
        ['POST', '/identity/liveness', {}],
        ['POST', '/identity/liveness/answer', { heard: '4821' }],
      ]);
      expect(text(section(el, 'liveness').querySelector('[part~="outcome-bad"]'))).to.equal('The code did NOT match. Show a new code.');
      expect(button(el, 'Show a new code')).to.not.equal(undefined);
    });

    it('says when it matched', async () => {
      const el = await mount(deskProcedure(complete));
      expect(text(section(el, 'liveness').querySelector('[part~="outcome"]'))).to.match(/^The code matched at /);
    });
  });

  it('saves the checklist on each change and counts the security features seen', async () => {
    const el = await mount(deskProcedure(accepted), deskProcedure({ ...accepted, checklist: { hologram: true } }));
    expect($(el, 'fieldset[part~="checklist"] legend')).to.not.equal(null);
    $<HTMLInputElement>(el, '#check-hologram')!.click();
    await waitUntil(() => text($(el, '[part~="announcer"]')) === 'Checklist saved.', 'not saved');
    expect(changes()).to.deep.equal([['PUT', '/identity/checklist', { checklist: { hologram: true } }]]);
    expect(text($(el, '#checklist-count'))).to.equal('1 of 5 kinds of security feature seen.');
    expect($<HTMLInputElement>(el, '#check-hologram')!.checked).to.equal(true);
  });

  it('keeps quick ticks: one made while a save is under way is sent after it, and none is undone', async () => {
    let release!: () => void;
    const first = new Promise<void>((resolve) => (release = resolve));
    let saves = 0;
    fetch = stubFetch(async (call) => {
      const { checklist } = call.body as { checklist: DeskProcedure['identity']['checklist'] };
      if (saves++ === 0) await first;
      return json(deskProcedure({ ...accepted, checklist }));
    });
    const el = await fixture<FinIdentityPanel>(html`<fin-identity-panel api="https://oac.example" lang="en" case-id="case-1" .procedure=${deskProcedure(accepted)}></fin-identity-panel>`);
    $<HTMLInputElement>(el, '#check-hologram')!.click();
    await waitUntil(() => fetch.calls.length === 1, 'the first tick was not sent');
    $<HTMLInputElement>(el, '#check-ghostPhoto')!.click();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#check-ghostPhoto')!.checked, 'the tick shows at once').to.equal(true);
    release();
    await waitUntil(() => fetch.calls.length === 2, 'the second tick was not sent');
    await waitUntil(() => text($(el, '#checklist-count')) === '2 of 5 kinds of security feature seen.', 'the count does not show both');
    expect(changes()).to.deep.equal([
      ['PUT', '/identity/checklist', { checklist: { hologram: true } }],
      ['PUT', '/identity/checklist', { checklist: { hologram: true, ghostPhoto: true } }],
    ]);
    expect([$<HTMLInputElement>(el, '#check-hologram')!.checked, $<HTMLInputElement>(el, '#check-ghostPhoto')!.checked]).to.deep.equal([true, true]);
  });

  describe('the decision', () => {
    it('needs a reason to refuse, then records it', async () => {
      const refused = deskProcedure({ ...accepted, decision: { verified: false, reason: 'The photo is not this person', at: '2026-11-23T09:09:00.000Z', agentId: 'a1' } });
      const el = await mount(deskProcedure(accepted), refused);
      $<HTMLInputElement>(el, '#decision-false')!.click();
      await el.updateComplete;
      button(el, 'Record the decision')!.click();
      await el.updateComplete;
      expect(text($(el, '#reason-missing'))).to.equal('Say why.');
      expect(el.shadowRoot!.activeElement).to.equal($(el, '#decision-reason'));
      expect(changes()).to.deep.equal([]);
      const reason = $<HTMLTextAreaElement>(el, '#decision-reason')!;
      reason.value = 'The photo is not this person';
      reason.dispatchEvent(new Event('input'));
      button(el, 'Record the decision')!.click();
      await waitUntil(() => section(el, 'decision').querySelector('[part~="outcome-bad"]'), 'no decision shown');
      expect(changes()).to.deep.equal([['POST', '/identity/decision', { verified: false, reason: 'The photo is not this person' }]]);
      expect(text(section(el, 'decision').querySelector('[part~="outcome-bad"]'))).to.match(/^Not verified at .*: The photo is not this person$/);
    });

    it('asks for a reason to verify an expired document', async () => {
      const el = await mount(deskProcedure({ ...complete, mrz: expired }));
      $<HTMLInputElement>(el, '#decision-true')!.click();
      await el.updateComplete;
      expect(text($(el, '#reason-needed'))).to.equal('Required: the document expired or does not match the booking.');
      button(el, 'Record the decision')!.click();
      await el.updateComplete;
      expect(changes()).to.deep.equal([]);
    });

    it('shows what the server says is missing next to the button', async () => {
      const el = await mount(deskProcedure(accepted), () =>
        json({ statusCode: 409, code: 'FIN_ERR_IDENTITY_INCOMPLETE', message: 'Missing: the still of the face, a matched spoken code' }, 409),
      );
      $<HTMLInputElement>(el, '#decision-true')!.click();
      await el.updateComplete;
      button(el, 'Record the decision')!.click();
      await waitUntil(() => section(el, 'decision').querySelector('[role="alert"]'), 'no error');
      expect(changes()).to.deep.equal([['POST', '/identity/decision', { verified: true }]]);
      expect(text(section(el, 'decision').querySelector('[role="alert"]'))).to.equal(
        'The identity check is not complete: Missing: the still of the face, a matched spoken code',
      );
    });
  });

  it('says in the agent’s words why a change was refused, without throwing', async () => {
    const el = await mount(deskProcedure(), () => json({ statusCode: 409, code: 'FIN_ERR_PROCEDURE_NOT_OPEN', message: 'The procedure is done inside the video call, while it runs' }, 409));
    const failed = oneEvent(el, 'fin-error');
    button(el, 'Ask the citizen’s consent')!.click();
    expect((await failed).detail.code).to.equal('FIN_ERR_PROCEDURE_NOT_OPEN');
    await el.updateComplete;
    expect(text(section(el, 'consent').querySelector('[role="alert"]'))).to.equal('The procedure can only change while the video call is on.');
  });
});
