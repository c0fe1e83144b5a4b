import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageKey } from './i18n.js';

export type FieldErrors<F extends string> = Partial<Record<F, MessageKey>>;

export interface FormOptions<F extends string, V extends object> {
  /** The fields in the order they appear, which is the order of the error summary. */
  fields: readonly F[];
  /** The values of an empty form. */
  empty: () => V;
  /** What is wrong with `values`, field by field; the server's verdicts are added on top. */
  validate: (values: V) => FieldErrors<F>;
  /** The field whose error a value belongs to when they differ (a slot's day and time both answer `slot`). */
  fieldOf?: (key: keyof V) => F;
}

/** Where a pressed pointer is tracked: a field left by pressing elsewhere reveals its error only once the press is over. */
const pointer = { held: false };
const released = new EventTarget();
let tracking = 0;
const onDown = () => (pointer.held = true);
const onUp = () => {
  pointer.held = false;
  // The click that ends the press is dispatched after `pointerup`, in the same task: the next task
  // comes after it, so whatever the click landed on is still where the person aimed.
  setTimeout(() => released.dispatchEvent(new Event('released')));
};

function trackPointer(on: boolean) {
  tracking += on ? 1 : -1;
  const method = on && tracking === 1 ? 'addEventListener' : !on && tracking === 0 ? 'removeEventListener' : undefined;
  if (!method) return;
  window[method]('pointerdown', onDown, true);
  window[method]('pointerup', onUp, true);
  window[method]('pointercancel', onUp, true);
  if (!on) pointer.held = false;
}

/**
 * The state of a form, in the manner of Shoelace's form control controller: its values, which fields
 * the person changed, the server's verdicts on fields and on the request as a whole, and which
 * errors are shown. GOV.UK's rule decides the last: a field's error shows once the person changed
 * the field and left it, or once they tried to go on (`attempt`); tabbing through empty fields
 * paints nothing red.
 *
 * A field left by pressing the pointer on something else (the consent box after the phone number)
 * reveals its error only when the press is over: the line it adds would otherwise move what is
 * below while the button is down, and the click would land elsewhere or nowhere.
 *
 * The element keeps what is its own (its fields, checks, messages and markup); several forms, and
 * the steps of one, share this. Nothing here knows a field's type: a form generated from a JSON
 * Schema passes its validator as `validate`, and values another party enters (an agent filling
 * the form during a call) arrive through `fill`, which the person has not changed, so they show
 * no error until the person changes them or submits.
 */
export class FormController<F extends string, V extends object> implements ReactiveController {
  values: V;
  /** The server's verdicts, each about a value it has seen; changing the value drops it. */
  serverErrors: FieldErrors<F> = {};
  /** A problem with the request as a whole (the server's code, in the element's words). */
  formError?: MessageKey;
  /** Fields the person changed since the form was filled in. */
  private readonly changed = new Set<F>();
  /** Fields whose error shows, if they have one. */
  private readonly revealed = new Set<F>();
  /** What the person tried to submit: the whole form, or a step of it. */
  private readonly attempted = new Set<string>();
  private pendingReveal = new Set<F>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: FormOptions<F, V>,
  ) {
    this.values = options.empty();
    host.addController(this);
  }

  hostConnected() {
    trackPointer(true);
    released.addEventListener('released', this.onReleased);
  }

  hostDisconnected() {
    trackPointer(false);
    released.removeEventListener('released', this.onReleased);
  }

  private readonly onReleased = () => {
    if (!this.pendingReveal.size) return;
    for (const field of this.pendingReveal) this.revealed.add(field);
    this.pendingReveal = new Set();
    this.host.requestUpdate();
  };

  /** Sets a value the person entered; the server's verdict on its field no longer applies. */
  set<K extends keyof V>(key: K, value: V[K]) {
    this.values = { ...this.values, [key]: value };
    const field = this.fieldOf(key);
    this.changed.add(field);
    this.clearServerError(field);
    this.host.requestUpdate();
  }

  /** Sets values without counting them as the person's changes: defaults, or a submission restored. */
  fill(values: Partial<V>) {
    this.values = { ...this.values, ...values };
    this.host.requestUpdate();
  }

  /** The person left `field`: its error shows if they changed it. */
  leave(field: F) {
    if (this.changed.has(field)) this.reveal(field);
  }

  /** Shows `field`'s error from now on, once no pointer is pressed. */
  reveal(field: F) {
    if (this.revealed.has(field)) return;
    if (pointer.held) {
      this.pendingReveal.add(field);
      return;
    }
    this.revealed.add(field);
    this.host.requestUpdate();
  }

  /** Whether `field`'s error, if it has one, is shown. */
  isRevealed(field: F): boolean {
    return this.revealed.has(field);
  }

  /**
   * The person tried to go on with `fields` (all of them by default, or a step's): their errors all
   * show, and the request's problem is cleared. Returns the errors of those fields, in order.
   */
  attempt(fields: readonly F[] = this.options.fields, scope = 'form'): [F, MessageKey][] {
    this.attempted.add(scope);
    this.formError = undefined;
    for (const field of fields) this.revealed.add(field);
    this.host.requestUpdate();
    return this.errorsOf(fields);
  }

  /** Whether the person tried to submit the form (or the step `scope`): the error summary shows from then on. */
  hasAttempted(scope = 'form'): boolean {
    return this.attempted.has(scope);
  }

  errors(): FieldErrors<F> {
    return { ...this.options.validate(this.values), ...this.serverErrors };
  }

  /** The errors of `fields`, in the form's order. */
  errorsOf(fields: readonly F[] = this.options.fields): [F, MessageKey][] {
    const errors = this.errors();
    return this.options.fields.filter((field) => fields.includes(field) && errors[field]).map((field) => [field, errors[field]!]);
  }

  /** `field`'s error when it is to be shown. */
  shown(field: F): MessageKey | undefined {
    return this.revealed.has(field) ? this.errors()[field] : undefined;
  }

  /** The server refused `field`: its verdict shows at once. */
  setServerError(field: F, key: MessageKey) {
    this.serverErrors = { ...this.serverErrors, [field]: key };
    this.revealed.add(field);
    this.host.requestUpdate();
  }

  setFormError(key: MessageKey | undefined) {
    this.formError = key;
    this.host.requestUpdate();
  }

  /** Empty again, with nothing shown: another survey, another booking. */
  reset() {
    this.values = this.options.empty();
    this.serverErrors = {};
    this.formError = undefined;
    this.changed.clear();
    this.revealed.clear();
    this.attempted.clear();
    this.pendingReveal.clear();
    this.host.requestUpdate();
  }

  private fieldOf(key: keyof V): F {
    return this.options.fieldOf ? this.options.fieldOf(key) : (key as unknown as F);
  }

  private clearServerError(field: F) {
    if (!this.serverErrors[field]) return;
    const rest = { ...this.serverErrors };
    delete rest[field];
    this.serverErrors = rest;
  }
}

/** Moves focus, after the host's next render, to what it then shows under `selector`. */
export async function focusPart(host: ReactiveControllerHost & Element, selector: string): Promise<void> {
  await host.updateComplete;
  (host.shadowRoot ?? host).querySelector<HTMLElement>(selector)?.focus();
}
