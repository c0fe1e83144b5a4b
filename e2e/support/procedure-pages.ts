/**
 * The procedure's two sides as a person drives them, by accessible roles and English labels: the
 * agent's `<fin-procedure-panel>` in the desk's call and the citizen's `<fin-citizen-procedure>` in
 * theirs. The one place to change when a label is worded otherwise.
 */
import type { Locator } from 'playwright-core';
import type { ChecklistItem, DeskProcedure, StillKind } from '../../packages/server/src/modules/procedure/schemas.ts';

/** How the desk names each still, and how the citizen's widget does. */
const DESK_STILL: Record<StillKind, string> = { front: 'Front of the document', back: 'Back of the document', face: 'Face beside the document' };
const CITIZEN_STILL: Record<StillKind, string> = {
  front: 'the front of your DNI or NIE',
  back: 'the back of your DNI or NIE',
  face: 'your face beside your DNI or NIE',
};

/** The checklist's boxes: three kinds of security feature, the photo against the face, the document intact. */
export const CHECKLIST_LABELS: Partial<Record<ChecklistItem, string>> = {
  hologram: 'Hologram or kinegram',
  laserImage: 'Laser-engraved changeable image',
  ghostPhoto: 'Ghost photo',
  photoMatchesFace: 'The photo matches the face',
  documentIntact: 'The document is intact',
};

/** A plausible value for a field of the application form, by what its JSON Schema asks. */
function valueFor(schema: { type?: string; format?: string; enum?: unknown[] } | undefined): string | boolean | number {
  if (schema?.enum?.length) return String(schema.enum[0]);
  if (schema?.type === 'boolean') return true;
  if (schema?.type === 'integer' || schema?.type === 'number') return 1;
  if (schema?.format === 'email') return 'carmen.espanola@vilademo.example';
  if (schema?.format === 'date') return '2026-12-06';
  return 'Carrer Major 1, 08999 Vilademo';
}

/** The node of a JSON Schema that describes the data at `pointer` (`/applicant/name`). */
function schemaAt(schema: Record<string, unknown>, pointer: string) {
  let node = schema as { properties?: Record<string, unknown> } | undefined;
  for (const key of pointer.split('/').slice(1)) node = node?.properties?.[key] as typeof node;
  return node as { type?: string; format?: string; enum?: unknown[] } | undefined;
}

export class DeskProcedurePage {
  constructor(readonly desk: Locator) {}

  get panel() {
    return this.desk.locator('fin-procedure-panel');
  }
  get identity() {
    return this.panel.locator('fin-identity-panel');
  }
  get form() {
    return this.panel.locator('fin-application-form');
  }
  get agreement() {
    return this.panel.locator('fin-agreement-panel');
  }

  /** The steps as listed, and the one marked current. */
  async steps(): Promise<{ items: string[]; current: string | null }> {
    const list = this.panel.getByRole('list', { name: 'Steps' });
    const items = await list.getByRole('listitem').allInnerTexts();
    const current = await list.locator('[aria-current="step"]').innerText();
    return { items, current };
  }

  askConsent() {
    return this.identity.getByRole('button', { name: 'Ask the citizen’s consent' }).click();
  }

  requestStill(kind: StillKind) {
    return this.identity.getByRole('button', { name: `Ask for: ${DESK_STILL[kind]}` }).click();
  }

  /** Types the three MRZ lines as read from the still of the back, and has them read. */
  async typeMrz(lines: readonly string[]) {
    for (const [i, line] of lines.entries()) await this.identity.getByLabel(`Line ${i + 1}`, { exact: true }).fill(line);
    await this.identity.getByRole('button', { name: 'Read the MRZ' }).click();
  }

  showCode() {
    return this.identity.getByRole('button', { name: 'Show a code to the citizen' }).click();
  }

  async answerCode(heard: string) {
    await this.identity.getByLabel('Code heard', { exact: true }).fill(heard);
    await this.identity.getByRole('button', { name: 'Confirm', exact: true }).click();
  }

  /** Ticks one box of the checklist (each is saved as it changes). */
  tick(item: ChecklistItem) {
    return this.identity.getByRole('checkbox', { name: CHECKLIST_LABELS[item], exact: true }).check();
  }

  async decideVerified() {
    await this.identity.getByRole('radio', { name: 'Verified', exact: true }).check();
    await this.identity.getByRole('button', { name: 'Record the decision' }).click();
  }

  /** The documents step: the agent checked them and goes on. */
  documentsChecked() {
    return this.panel.getByRole('button', { name: 'Documents checked, go on to the application' }).click();
  }

  chooseForm(title: string) {
    return this.form.getByLabel('Application form', { exact: true }).selectOption({ label: title });
  }

  /** Fills a text field of the application form by its label, and leaves it (which saves). */
  async fill(label: string, value: string) {
    const field = this.form.getByLabel(label, { exact: true });
    await field.fill(value);
    await field.blur();
  }

  /**
   * Fills every required field still missing, as the desk's view lists them, through the form's
   * own controls found by the labels the form gives them.
   */
  async fillMissing(view: DeskProcedure) {
    const form = view.application.form!;
    for (const { pointer } of view.application.errors) {
      const label = form.fields.find((field) => field.pointer === pointer)?.label ?? pointer.split('/').pop()!;
      const control = this.form.getByLabel(label, { exact: true }).first();
      if ((await control.count()) === 0) {
        // Choices shown as radio buttons: a group named by its legend.
        await this.form.getByRole('group', { name: label, exact: true }).getByRole('radio').first().check();
        continue;
      }
      const tag = await control.evaluate((element) => `${element.localName}:${(element as HTMLInputElement).type}`);
      if (tag.startsWith('select')) await control.selectOption({ index: 1 });
      else if (tag === 'input:checkbox') await control.check();
      else await control.fill(String(valueFor(schemaAt(form.schema, pointer))));
      await control.blur();
    }
  }

  /**
   * Presents the application from the form; the agreement panel then shows it presented (or,
   * should it ask, presents it itself).
   */
  async present() {
    await this.form.getByRole('button', { name: 'Present to the citizen' }).click();
    await this.agreement.waitFor();
    const fromPanel = this.agreement.getByRole('button', { name: 'Present the application', exact: true });
    if (await fromPanel.isVisible()) await fromPanel.click();
  }

  /** Presents again after the agreement was voided. */
  presentAgain() {
    return this.agreement.getByRole('button', { name: 'Present it again' }).click();
  }

  async sign(password: string) {
    await this.agreement.getByLabel('Your password', { exact: true }).fill(password);
    await this.agreement.getByRole('button', { name: 'Sign', exact: true }).click();
  }
}

export class CitizenProcedurePage {
  constructor(readonly appointment: Locator) {}

  get panel() {
    return this.appointment.locator('fin-citizen-procedure');
  }

  acceptConsent() {
    return this.panel.getByRole('button', { name: 'I consent', exact: true }).click();
  }

  /** Waits to be asked for that still, takes it with the camera, and sends it once previewed. */
  async takeStill(kind: StillKind) {
    await this.panel.getByText(`A picture of ${CITIZEN_STILL[kind]}`).waitFor();
    await this.panel.getByRole('button', { name: 'Take the picture' }).click();
    await this.panel.getByRole('button', { name: 'Send the picture' }).click();
    await this.news('Picture sent. The agent is looking at it.');
  }

  /** Waits for the widget to tell the citizen `text` (it also announces it to screen readers). */
  news(text: string) {
    return this.panel.locator('[part~="news"]', { hasText: text }).waitFor();
  }

  /** The spoken code on the citizen's screen, its digits only. */
  async code(): Promise<string> {
    const shown = this.panel.locator('[part~="code"]');
    await shown.waitFor();
    return (await shown.innerText()).replace(/\D/g, '');
  }

  /** The fingerprint of the document to agree to, in full, as lowercase hex. */
  async fingerprint(): Promise<string> {
    await this.panel.getByText('Full fingerprint').click();
    const shown = this.panel.locator('[part~="fingerprint-full"] [part~="fingerprint-value"]');
    return (await shown.innerText()).replace(/[^0-9a-f]/gi, '').toLowerCase();
  }

  agree() {
    return this.panel.getByRole('button', { name: 'I agree', exact: true }).click();
  }
}
