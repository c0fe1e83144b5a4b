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
