import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Contact details as every citizen form reads them: the checks run before the server's, which has the last word. */

export const NAME_MAX = 120;

/** Deliberately loose: the server has the last word; this catches typos. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value.trim());
}

type PhoneRules = typeof import('./phone-rules.js');

/**
 * The numbering plans (about 30 KB gzip, more than the rest of a form) are fetched the first time
 * a number is read, not with the form: a page whose visitors never type a number never downloads
 * them. Until they are here a number is neither valid nor invalid; the server checks it anyway.
 */
let rules: PhoneRules | undefined;
let loading: Promise<PhoneRules> | undefined;
let arrived!: () => void;
const arrival = new Promise<void>((resolve) => (arrived = resolve));

/** Fetches the numbering plans once; a failed fetch is tried again the next time a number is read. */
export function loadPhoneRules(): Promise<void> {
  loading ??= import('./phone-rules.js').then(
    (module) => {
      rules = module;
      arrived();
      return module;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading.then(() => undefined);
}

function read(value: string) {
  if (!rules) {
    // Nobody awaits this one: the hosts re-render on arrival (PhoneRulesController), and a submission waits for it.
    loadPhoneRules().catch(() => undefined);
    return 'unread' as const;
  }
  const phone = rules.parsePhoneNumberFromString(value.trim(), 'ES');
  return phone?.isValid() ? { e164: phone.number as string, display: phone.formatInternational() } : undefined;
}

/** A valid phone number as libphonenumber-js reads it (Spanish when it has no country code); none while the plans load. */
export function parsePhone(value: string): { e164: string; display: string } | undefined {
  const phone = read(value);
  return phone === 'unread' ? undefined : phone;
}

/** Whether the numbering plans say `value` is no phone number; not while they load. */
export function isInvalidPhone(value: string): boolean {
  return read(value) === undefined;
}

/** For a phone field: the sentence `say` makes of how a valid entered number will be read; none for an invalid one. */
export function readPhoneAs(say: (display: string) => string): (value: string) => string | undefined {
  return (value) => {
    const phone = parsePhone(value);
    return phone && say(phone.display);
  };
}

/**
 * For a form with a phone field: fetches the numbering plans at the person's first keystroke in
 * the form, so that they are usually here, even if the connection drops, by the time a number is
 * typed; and re-renders the form when they arrive, so a number typed meanwhile gets its check.
 */
export class PhoneRulesController implements ReactiveController {
  constructor(private readonly host: ReactiveControllerHost & HTMLElement) {
    host.addController(this);
  }

  private readonly onInput = () => {
    loadPhoneRules().catch(() => undefined);
  };

  hostConnected() {
    if (rules) return;
    void arrival.then(() => this.host.requestUpdate());
    // Input events from the form's shadow root reach its host.
    this.host.addEventListener('input', this.onInput, { once: true });
  }

  hostDisconnected() {
    this.host.removeEventListener('input', this.onInput);
  }

  /** Whether the numbering plans are still to come: a submission then waits for them (`ready`) before its check. */
  get pending(): boolean {
    return !rules;
  }

  /** The plans, or, when they cannot be fetched, the server's check alone. */
  ready(): Promise<void> {
    return loadPhoneRules().catch(() => undefined);
  }
}
