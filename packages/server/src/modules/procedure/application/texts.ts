import type { Language } from '../../councils/schemas.js';

/** Why a value is not valid, by the JSON Schema keyword it fails, worded for the agent beside the field. */
const MESSAGES = {
  missing: { ca: 'Cal omplir aquest camp', es: 'Hay que rellenar este campo', en: 'This field is required' },
  type: { ca: "El valor no és del tipus d'aquest camp", es: 'El valor no es del tipo de este campo', en: 'The value is not of the type of this field' },
  email: { ca: 'No és una adreça electrònica vàlida', es: 'No es un correo electrónico válido', en: 'This is not a valid email address' },
  date: { ca: 'No és una data vàlida (AAAA-MM-DD)', es: 'No es una fecha válida (AAAA-MM-DD)', en: 'This is not a valid date (YYYY-MM-DD)' },
  format: { ca: 'El valor no té el format esperat', es: 'El valor no tiene el formato esperado', en: 'The value is not in the expected format' },
  enum: { ca: 'El valor no és cap de les opcions', es: 'El valor no es ninguna de las opciones', en: 'The value is not one of the options' },
  tooLong: { ca: 'El text és massa llarg', es: 'El texto es demasiado largo', en: 'The text is too long' },
  range: { ca: 'El valor és fora de l’interval permès', es: 'El valor está fuera del intervalo permitido', en: 'The value is out of the allowed range' },
  unknown: { ca: 'Aquest camp no és del formulari', es: 'Este campo no es del formulario', en: 'This field is not part of the form' },
  invalid: { ca: 'El valor no és vàlid', es: 'El valor no es válido', en: 'The value is not valid' },
} satisfies Record<string, Record<Language, string>>;
export type MessageKey = keyof typeof MESSAGES;

export const message = (key: MessageKey, language: Language): string => MESSAGES[key][language];

/** How the document words a yes/no answer. */
export const YES_NO: Record<Language, [yes: string, no: string]> = { ca: ['Sí', 'No'], es: ['Sí', 'No'], en: ['Yes', 'No'] };
