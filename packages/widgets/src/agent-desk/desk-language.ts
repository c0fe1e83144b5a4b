import { html } from 'lit';
import { languages, matchLang, type I18nController, type Lang } from '../shared/i18n.js';

/** Where the agent's choice of language is kept, so the desk opens in it next time. */
export const DESK_LANGUAGE_KEY = 'finestreta.desk.lang';

/** Each language named in itself, as a switch names them, whatever the desk's language. */
const NAMES: Record<Lang, string> = { ca: 'Català', es: 'Español', en: 'English' };

/** The language the agent chose before, if storage is readable (it throws in some private modes). */
function stored(): Lang | undefined {
  try {
    return matchLang(localStorage.getItem(DESK_LANGUAGE_KEY));
  } catch {
    return undefined;
  }
}

/** The agent's last choice, else the first of the browser's languages the desk speaks. */
export function preferredLanguage(): Lang | undefined {
  return stored() ?? navigator.languages.map(matchLang).find(Boolean);
}

/** Keeps the agent's choice; the desk still switches when storage refuses it. */
export function rememberLanguage(lang: Lang): void {
  try {
    localStorage.setItem(DESK_LANGUAGE_KEY, lang);
  } catch {
    // Private modes may refuse storage: the choice then lasts as long as the page.
  }
}

/**
 * The desk's language switch: a button per language, named in that language (with its `lang`, so
 * a screen reader pronounces it right), the current one pressed.
 */
export function renderLanguageSwitch(i18n: I18nController, choose: (lang: Lang) => void) {
  return html`<nav part="language-switch" aria-label=${i18n.t('deskLanguage')}>
    <ul part="language-list">
      ${languages.map(
        (lang) => html`<li>
          <button part=${lang === i18n.lang ? 'language-button selected' : 'language-button'} type="button" lang=${lang} aria-pressed=${lang === i18n.lang ? 'true' : 'false'} @click=${() => choose(lang)}>
            ${NAMES[lang]}
          </button>
        </li>`,
      )}
    </ul>
  </nav>`;
}
