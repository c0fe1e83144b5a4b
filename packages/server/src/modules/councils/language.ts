import Negotiator from 'negotiator';
import type { CouncilConfig, Language, Localized } from './schemas.js';

/**
 * The language to answer in: the first of `wanted` the council speaks (what the request asked
 * for, then perhaps the case's own), else the council's default.
 */
export function languageFor(council: CouncilConfig, ...wanted: Array<string | null | undefined>): Language {
  const spoken = wanted.find((each): each is Language => council.languages.includes(each as Language));
  return spoken ?? council.defaultLanguage;
}

/** A text in `language`, else in `fallback` (the council's default), else in whichever language it has. */
export function localize(text: Localized, language: Language, fallback?: Language): string {
  if (typeof text === 'string') return text;
  return text[language] ?? (fallback && text[fallback]) ?? Object.values(text).find((value) => value !== undefined) ?? '';
}

/**
 * The languages an `Accept-Language` header asks for, most wanted first, as primary subtags
 * (`es-ES;q=0.9` → `es`); the ones refused (`q=0`) left out. No header asks for none.
 */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  const tags = new Negotiator({ headers: { 'accept-language': header } }).languages();
  return [...new Set(tags.map((tag) => tag.toLowerCase().split('-')[0]!).filter(Boolean))];
}
