/**
 * The procedure's two sides as a person drives them, by accessible roles and English labels: the
 * agent's `<fin-procedure-panel>` in the desk's call and the citizen's `<fin-citizen-procedure>` in
 * theirs. The names follow what each element's brief asks for; this file is the one place to
 * change when a label is worded otherwise.
 */
import type { Locator } from 'playwright-core';
import type { DeskProcedure, StillKind } from '../../packages/server/src/modules/procedure/schemas.ts';

const STILL_NAMES: Record<StillKind, RegExp> = { front: /front/i, back: /back/i, face: /face/i };

/** The checklist's boxes by their labels: three kinds of security feature, the photo, the document. */
export const CHECKLIST_LABELS = [/hologram/i, /laser/i, /ghost/i, /photo.*face/i, /intact/i];

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
    const list = this.panel.getByRole('list').first();
    const items = await list.getByRole('listitem').allInnerTexts();
    const current = await list.locator('[aria-current="step"]').innerText().catch(() => null);
    return { items, current };
  }

  askConsent() {
    return this.identity.getByRole('button', { name: /consent/i }).click();
  }

  requestStill(kind: StillKind) {
    return this.identity.getByRole('button', { name: new RegExp(`(ask|request).*${STILL_NAMES[kind].source}`, 'i') }).click();
  }

  /** Types the three MRZ lines as read from the still of the back, and has them checked. */
  async typeMrz(lines: readonly string[]) {
    for (const [i, line] of lines.entries()) await this.identity.getByLabel(new RegExp(`line ${i + 1}`, 'i')).fill(line);
    await this.identity.getByRole('button', { name: /(check|read).*mrz|mrz.*(check|read)/i }).click();
  }

  showCode() {
    return this.identity.getByRole('button', { name: /show.*code/i }).click();
  }

  async answerCode(heard: string) {
    await this.identity.getByLabel(/what did you hear/i).fill(heard);
    await this.identity.getByRole('button', { name: /confirm|check/i }).filter({ hasNotText: /mrz/i }).first().click();
  }

  async tickChecklist() {
    for (const label of CHECKLIST_LABELS) await this.identity.getByRole('checkbox', { name: label }).check();
  }

  decideVerified() {
    return this.identity.getByRole('button', { name: /^(identity )?verified$|^mark.*verified/i }).click();
  }

  /** The documents step: the agent checked them and goes on. */
  documentsChecked() {
    return this.panel.getByRole('button', { name: /documents checked/i }).click();
  }

  /** Fills a field of the application form by its label. */
  fill(label: RegExp, value: string) {
    return this.form.getByLabel(label).first().fill(value);
  }

  /**
   * Fills every required field still missing, as the desk's view lists them, through the form's
   * own controls found by the labels the form gives them.
   */
  async fillMissing(view: DeskProcedure) {
    const form = view.application.form!;
    for (const { pointer } of view.application.errors) {
      const label = form.fields.find((field) => field.pointer === pointer)?.label ?? pointer.split('/').pop()!;
      const value = valueFor(schemaAt(form.schema, pointer));
      const control = this.form.getByLabel(label, { exact: true }).first();
      if ((await control.count()) === 0) {
        await this.form.getByRole('group', { name: label }).getByRole('radio').first().check();
        continue;
      }
      const tag = await control.evaluate((element) => `${element.localName}:${(element as HTMLInputElement).type}`);
      if (tag.startsWith('select')) await control.selectOption({ index: 1 });
      else if (tag === 'input:checkbox') await control.check();
      else await control.fill(String(value));
      await control.blur();
    }
  }

  present() {
    return this.agreement.getByRole('button', { name: /present/i }).click();
  }

  async sign(password: string) {
    await this.agreement.getByLabel(/password/i).fill(password);
    await this.agreement.getByRole('button', { name: /sign/i }).click();
  }
}

export class CitizenProcedurePage {
  constructor(readonly appointment: Locator) {}

  get panel() {
    return this.appointment.locator('fin-citizen-procedure');
  }

  acceptConsent() {
    return this.panel.getByRole('button', { name: /^(yes, )?i (accept|agree|consent)/i }).click();
  }

  /** Waits to be asked for that still, takes it with the camera, and sends the preview. */
  async takeStill(kind: StillKind) {
    await this.panel.getByText(STILL_NAMES[kind]).first().waitFor();
    await this.panel.getByRole('button', { name: /take.*(picture|photo)/i }).click();
    await this.panel.getByRole('img').first().waitFor();
    await this.panel.getByRole('button', { name: /^send/i }).click();
  }

  /** The spoken code on the citizen's screen, its digits only. */
  async code(): Promise<string> {
    const shown = this.panel.locator('[part~="code"]').first();
    await shown.waitFor();
    return (await shown.innerText()).replace(/\D/g, '');
  }

  /** The fingerprint of the document shown, in full, as lowercase hex. */
  async fingerprint(): Promise<string> {
    const disclosure = this.panel.getByText(/full/i).first();
    if (await disclosure.isVisible()) await disclosure.click();
    const shown = this.panel.locator('[part~="fingerprint-full"], [part~="fingerprint"]').last();
    await shown.waitFor();
    return (await shown.innerText()).replace(/[^0-9a-f]/gi, '').toLowerCase();
  }

  agree() {
    return this.panel.getByRole('button', { name: /^i agree/i }).click();
  }
}
