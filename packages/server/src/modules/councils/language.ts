import type { CouncilConfig, Language } from './schemas.js';

/**
 * The language to answer in: the first of `wanted` the council speaks (what the request asked
 * for, then perhaps the case's own), else the council's default.
 */
export function languageFor(council: CouncilConfig, ...wanted: Array<string | null | undefined>): Language {
  const spoken = wanted.find((each): each is Language => council.languages.includes(each as Language));
  return spoken ?? council.defaultLanguage;
}
