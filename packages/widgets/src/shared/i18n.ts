import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { en as activityPanel } from '../activity-panel/translations/en.js';
import type { en as agentDesk } from '../agent-desk/translations/en.js';
import type { en as procedureForms } from '../agent-desk/procedure/form-translations/en.js';
import type { en as call } from '../call/translations/en.js';
import type { en as callMeForm } from '../call-me-form/translations/en.js';
import type { en as docUpload } from '../doc-upload/translations/en.js';
import type { en as officeHours } from '../office-hours/translations/en.js';
import type { en as satisfactionSurvey } from '../satisfaction-survey/translations/en.js';
import type { en as screenHelp } from '../screen-help/translations/en.js';
import type { en as citizenProcedure } from '../video-appointment/procedure/translations/en.js';
import type { en as videoAppointment } from '../video-appointment/translations/en.js';
import type { en as appointmentView } from '../video-appointment/view-translations/en.js';
import * as catalan from './catalan.js';
import * as spanish from './spanish.js';
import type { en } from './translations/en.js';
import { dateTimeFormat } from './zoned.js';

export const languages = ['ca', 'es', 'en'] as const;
export type Lang = (typeof languages)[number];

/** A message that depends on a count; forms follow `Intl.PluralRules` categories, `other` is required. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** A language's messages for the keys of an English catalogue, each with the same kind of value. */
export type Catalogue<English> = { [K in keyof English]: English[K] extends string ? string : PluralMessage };

/**
 * Every message of every element. Each element's messages live beside it (`<element>/translations`)
 * and join the catalogues when its code loads, so a page that embeds one element downloads that
 * element's messages only; the few shared by several stay in `shared/translations`.
 */
export type Messages = Catalogue<
  typeof en &
    typeof activityPanel &
    typeof agentDesk &
    typeof procedureForms &
    typeof call &
    typeof callMeForm &
    typeof docUpload &
    typeof officeHours &
    typeof satisfactionSurvey &
    typeof screenHelp &
    typeof videoAppointment &
    typeof appointmentView &
    typeof citizenProcedure
>;
export type MessageKey = keyof Messages;

/**
 * Per-instance overrides a council sets through the `strings` attribute: keys that apply in every
 * language, and/or one object per language, e.g. `{"officeHoursTitle": "…", "es": {"officeHoursTitle": "…"}}`.
 */
export type StringOverrides = Partial<Messages> & Partial<Record<Lang, Partial<Messages>>>;

/** An element's messages in each language, each fetched the first time an element speaks it. */
export type MessageSources = Record<Lang, () => Promise<Partial<Messages>>>;

const sources: MessageSources[] = [];
const catalogues: Record<Lang, Partial<Messages>> = { ca: {}, es: {}, en: {} };
/** The sources whose messages are in each language's catalogue. */
const joined: Record<Lang, Set<MessageSources>> = { ca: new Set(), es: new Set(), en: new Set() };

/**
 * Adds an element's messages to the catalogues when its code loads. A page downloads them in the
 * languages its elements speak, usually one: an element renders once those of its language are in
 * (`I18nController.ready`), and a change of language fetches the new one's.
 */
export function addMessages(messages: MessageSources): void {
  sources.push(messages);
}

/** The messages in `lang` of every element whose code has loaded. */
export async function loadMessages(lang: Lang): Promise<void> {
  const missing = sources.filter((source) => !joined[lang].has(source));
  if (!missing.length) return;
  await Promise.all(
    missing.map(async (source) => {
      Object.assign(catalogues[lang], await source[lang]());
      joined[lang].add(source);
    }),
  );
  // An element's code that loaded meanwhile brought messages of its own.
  await loadMessages(lang);
}

addMessages({
  ca: () => import('./translations/ca.js').then((texts) => texts.ca),
  es: () => import('./translations/es.js').then((texts) => texts.es),
  en: () => import('./translations/en.js').then((texts) => texts.en),
});

/** A `{name}` placeholder, after one of `words` when there are some, which may contract with the value. */
const placeholder = (words: readonly string[] = []) =>
  words.length ? new RegExp(`(?:(?<!\\p{L})(${words.join('|')}) )?\\{(\\w+)\\}`, 'giu') : /()\{(\w+)\}/g;

/** How each language joins an article or preposition to the value that follows it ("de" + "octubre" → "d’octubre"). */
const contractions: Record<Lang, { pattern: RegExp; contract?: (word: string, value: string) => string }> = {
  ca: { pattern: placeholder(catalan.CONTRACTIBLE), contract: catalan.contract },
  es: { pattern: placeholder(spanish.CONTRACTIBLE), contract: spanish.contract },
  en: { pattern: placeholder() },
};

/** Region-qualified so English shows the 24-hour clock people in the councils' region expect. */
const locales: Record<Lang, string> = { ca: 'ca-ES', es: 'es-ES', en: 'en-GB' };

/** The supported language a tag like `es-ES` or `CA` stands for, if any. */
export function matchLang(tag: string | null | undefined): Lang | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return languages.find((lang) => lang === primary);
}

/** The element's parent, or the host of the shadow root it lives in. */
function parentOf(element: Element): Element | null {
  if (element.parentElement) return element.parentElement;
  const root = element.getRootNode();
  return root instanceof ShadowRoot ? root.host : null;
}

/** The `lang` of the nearest ancestor that has one, crossing shadow roots outwards. */
function ancestorLang(element: Element): string | undefined {
  for (let current = parentOf(element); current; ) {
    const owner = current.closest('[lang]');
    if (owner) return owner.getAttribute('lang') ?? undefined;
    const root = current.getRootNode();
    current = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

/**
 * The language an element speaks: its own `lang`, else the configured one, else the nearest
 * ancestor's, else the page's, else the browser's, else Catalan. Unsupported values are skipped.
 */
export function resolveLang(element: HTMLElement, configured?: string): Lang {
  return (
    // The property, not the attribute: Lit renders before it reflects a property to its attribute.
    matchLang(element.lang) ??
    matchLang(configured) ??
    matchLang(ancestorLang(element)) ??
    matchLang(document.documentElement.lang) ??
    navigator.languages.map(matchLang).find(Boolean) ??
    'ca'
  );
}

/** Hosts to re-render when the page's language changes; one observer serves them all. */
const hosts = new Set<ReactiveControllerHost>();
let observer: MutationObserver | undefined;

function refreshAll() {
  for (const host of hosts) host.requestUpdate();
}

function watchPageLanguage() {
  if (observer) return;
  observer = new MutationObserver(refreshAll);
  // subtree: an ancestor's lang (a page's language switch may set it on <body> or <main>) counts too.
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  window.addEventListener('languagechange', refreshAll);
}

type LocalizedHost = ReactiveControllerHost & HTMLElement & { strings?: StringOverrides | null };

/** Gives an element its language, its messages and Intl formatting, and re-renders it when the page's language changes. */
export class I18nController implements ReactiveController {
  constructor(
    private readonly host: LocalizedHost,
    private readonly configured: () => string | undefined,
  ) {
    host.addController(this);
  }

  hostConnected() {
    hosts.add(this.host);
    watchPageLanguage();
  }

  hostDisconnected() {
    hosts.delete(this.host);
  }

  get lang(): Lang {
    return resolveLang(this.host, this.configured());
  }

  /**
   * Until the messages of the element's language are in its catalogue, the fetch that brings them;
   * nothing once they are, so a host's update waits for them only when it has to. A failed fetch
   * lets the host render anyway (showing keys) and is tried again at its next update.
   */
  ready(): Promise<void> | undefined {
    const lang = this.lang;
    if (joined[lang].size === sources.length) return undefined;
    return loadMessages(lang).catch(() => undefined);
  }

  get locale(): string {
    return locales[this.lang];
  }

  /** The message for `key` with `{name}` placeholders filled; a `count` param selects the plural form. */
  t(key: MessageKey, params: Record<string, string | number> = {}): string {
    const lang = this.lang;
    const overrides = this.host.strings;
    const rule = new Intl.PluralRules(this.locale).select(Number(params.count ?? 0));
    // Overrides come from a page's JSON, so one of the wrong shape falls back to the catalogue.
    const pick = (message: unknown): string | undefined => {
      if (typeof message === 'string') return message;
      const forms = message as Partial<PluralMessage> | undefined;
      return typeof forms?.other === 'string' ? (forms[rule] ?? forms.other) : undefined;
    };
    // The key itself shows a message whose element's code or texts did not load, rather than nothing.
    const text = pick(overrides?.[lang]?.[key]) ?? pick(overrides?.[key]) ?? pick(catalogues[lang][key]) ?? pick(catalogues.en[key]) ?? key;
    const { pattern, contract } = contractions[lang];
    return text.replace(pattern, (whole, word: string | undefined, name: string) => {
      const param = params[name];
      if (param === undefined) return whole;
      const value = typeof param === 'number' ? new Intl.NumberFormat(this.locale).format(param) : param;
      return word && contract ? contract(word, value) : value;
    });
  }

  /** A date/time format in the element's language and, for instants, the council's time zone. */
  format(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    return dateTimeFormat(this.locale, options);
  }

  /** A clock time such as 08:00 for an instant, as read in `timeZone`. */
  time(date: Date, timeZone: string): string {
    return this.format({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date);
  }
}
