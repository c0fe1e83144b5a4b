import { html, nothing, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import type { FormController } from './form-controller.js';
import type { MessageKey } from './i18n.js';

/**
 * The fields every form renders the same way: a label, an optional hint, the error once it is
 * shown, and the control, tied together with `aria-describedby`. Render helpers rather than
 * elements, so the controls stay in the form's own shadow root, where its labels, error-summary
 * links and focus handling can reach them; each form keeps its own state and strings.
 *
 * The markup carries the parts the host documents: `field`, `label`, `hint`, `field-error`,
 * `input`, `phone-normalised`, `consent`, `checkbox-label`, `checkbox`, `consent-text`, `privacy-link`,
 * and for a radio button `choice` (+ `checked`), `radio`, `choice-label`.
 */

/** The field's error under the id its control points at, or nothing while there is none to show. */
export function renderFieldError(id: string, message: string | undefined): TemplateResult | typeof nothing {
  return message ? html`<p part="field-error" id="${id}-error">${message}</p>` : nothing;
}

export interface InputFieldOptions {
  /** The input's `id` and `name`; the hint, error and normalised number take ids derived from it. */
  id: string;
  type: string;
  autocomplete: string;
  label: string;
  hint?: string;
  /** The error message, when it is to be shown. */
  error?: string;
  required: boolean;
  value: string;
  /** A phone number as it will be read, shown once the citizen has typed a valid one. */
  normalised?: string;
  /** The keyboard a phone shows (`numeric` for a code). */
  inputmode?: string;
  maxlength?: number;
  /** A part of its own beside `input`, for a field styled or found apart. */
  part?: string;
  onInput: (value: string) => void;
  onBlur?: () => void;
}

/** A labelled text input with its hint, error and, for a phone, the number as it will be read. */
export function renderInputField(options: InputFieldOptions): TemplateResult {
  const { id, hint, error, normalised } = options;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : '', normalised ? `${id}-normalised` : ''].filter(Boolean).join(' ');
  return html`<div part="field">
    <label part="label" for=${id}>${options.label}</label>
    ${hint ? html`<p part="hint" id="${id}-hint">${hint}</p>` : nothing} ${renderFieldError(id, error)}
    <input
      part=${options.part ? `input ${options.part}` : 'input'}
      id=${id}
      name=${id}
      type=${options.type}
      inputmode=${options.inputmode ?? nothing}
      maxlength=${options.maxlength ?? nothing}
      autocomplete=${options.autocomplete}
      spellcheck="false"
      ?required=${options.required}
      aria-invalid=${error ? 'true' : 'false'}
      aria-describedby=${describedBy || nothing}
      .value=${live(options.value)}
      @input=${(event: InputEvent) => options.onInput((event.target as HTMLInputElement).value)}
      @blur=${options.onBlur}
    />
    ${normalised ? html`<p part="phone-normalised" id="${id}-normalised">${normalised}</p>` : nothing}
  </div>`;
}

export interface BoundInputOptions {
  type: string;
  autocomplete: string;
  label: string;
  hint?: string;
  required: boolean;
  /** A field error in the form's words. */
  message: (key: MessageKey) => string;
  /**
   * For a phone number: the sentence saying how the entered number will be read, none while it is
   * not a valid one (`readPhoneAs`). Passed in, so that forms without a phone do not load the
   * numbering plans.
   */
  phone?: (value: string) => string | undefined;
}

/** A text input bound to `form`: its value, its error by the form's rule, and, for a phone, the number as read. */
export function renderBoundInput<F extends string, V extends object, K extends F & keyof V>(form: FormController<F, V>, field: K, options: BoundInputOptions): TemplateResult {
  const error = form.shown(field);
  const value = String(form.values[field]);
  const normalised = options.phone && form.isRevealed(field) && !error ? options.phone(value) : undefined;
  return renderInputField({
    id: field,
    type: options.type,
    autocomplete: options.autocomplete,
    label: options.label,
    hint: options.hint,
    error: error && options.message(error),
    required: options.required,
    value,
    normalised,
    onInput: (entered) => form.set(field, entered as V[K]),
    onBlur: () => form.leave(field),
  });
}

export interface ConsentFieldOptions {
  /** The consent sentence, naming the council. */
  text: string;
  privacyUrl: string;
  privacyLabel: string;
  /** The error message, when it is to be shown. */
  error?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** The required consent checkbox with a link to the council's privacy notice. */
export function renderConsentField(options: ConsentFieldOptions): TemplateResult {
  const { error } = options;
  return html`<div part="field consent">
    ${renderFieldError('consent', error)}
    <label part="label checkbox-label">
      <input
        part="checkbox"
        type="checkbox"
        id="consent"
        name="consent"
        required
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? 'consent-error' : nothing}
        .checked=${live(options.checked)}
        @change=${(event: Event) => options.onChange((event.target as HTMLInputElement).checked)}
      />
      <span part="consent-text">${options.text}</span>
    </label>
    <p part="hint"><a part="privacy-link" href=${options.privacyUrl} target="_blank" rel="noopener">${options.privacyLabel}</a></p>
  </div>`;
}

/** One radio button with its label, its box marked `checked` when chosen. */
export function renderChoice(name: string, value: string, checked: boolean, label: unknown, onChange: () => void, id?: string): TemplateResult {
  return html`<label part=${checked ? 'choice checked' : 'choice'}>
    <input part="radio" type="radio" id=${id ?? nothing} name=${name} .value=${value} .checked=${live(checked)} @change=${onChange} />
    <span part="choice-label">${label}</span>
  </label>`;
}

/** Off-screen and hidden from assistive technology: only a bot that fills in every field finds it. */
export function renderHoneypot(label: string, value: string, onInput: (value: string) => void): TemplateResult {
  return html`<div class="honeypot" aria-hidden="true">
    <label for="website">${label}</label>
    <input
      id="website"
      name="website"
      type="text"
      tabindex="-1"
      autocomplete="off"
      .value=${live(value)}
      @input=${(event: InputEvent) => onInput((event.target as HTMLInputElement).value)}
    />
  </div>`;
}
