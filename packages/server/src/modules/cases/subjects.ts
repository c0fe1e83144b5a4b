import { localize } from '../councils/language.js';
import type { CouncilConfig, Language, Localized } from '../councils/schemas.js';

/**
 * What a case is about, named in the citizen's language: the procedures of an appointment and
 * the topics of a callback. Here rather than in either module because surveys and indicators
 * name them too, and must not depend on the modules that depend on them.
 */

/** The topic every council offers: help with any online procedure. */
export const ONLINE_HELP_TOPIC = 'online-help';
export const ONLINE_HELP_NAME: Localized = {
  ca: 'Ajuda amb un tràmit en línia',
  es: 'Ayuda con un trámite en línea',
  en: 'Help with an online procedure',
};

export interface NamedProcedure {
  id: string;
  name: string;
  durationMinutes: number;
  documents: Array<{ id: string; name: string }>;
}

/** The council's procedures with their names in `language`. */
export function procedures(council: CouncilConfig, language: Language): NamedProcedure[] {
  const text = (value: Localized) => localize(value, language, council.defaultLanguage);
  return council.procedures.map((procedure) => ({
    id: procedure.id,
    name: text(procedure.name),
    durationMinutes: procedure.durationMinutes,
    documents: procedure.documents.map((document) => ({ id: document.id, name: text(document.name) })),
  }));
}

/** The topics of the callback form: help with any online procedure first, then the council's procedures. */
export function topics(council: CouncilConfig, language: Language): Array<{ id: string; name: string }> {
  const text = (value: Localized) => localize(value, language, council.defaultLanguage);
  return [
    { id: ONLINE_HELP_TOPIC, name: text(ONLINE_HELP_NAME) },
    ...council.procedures.map((procedure) => ({ id: procedure.id, name: text(procedure.name) })),
  ];
}

/** A procedure by id, kept readable if the council has since removed it. */
export function procedureOf(council: CouncilConfig, id: string, language: Language): NamedProcedure {
  return procedures(council, language).find((procedure) => procedure.id === id) ?? { id, name: id, durationMinutes: 0, documents: [] };
}
