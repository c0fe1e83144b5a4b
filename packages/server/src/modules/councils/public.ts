import { addDays, toZoned } from '../../shared/time.js';
import { surveySettings } from './survey-settings.js';
import { holidaysBetween, officeStatus } from './calendar.js';
import { localize } from './language.js';
import type { CouncilConfig, Language, Localized, PublicCouncil } from './schemas.js';

const UPCOMING_HOLIDAYS_DAYS = 90;

/** The council as citizens' widgets see it, with texts in `language`, at instant `now`; links start with `linkBase`. */
export function publicCouncil(council: CouncilConfig, language: Language, now: Date, linkBase: string): PublicCouncil {
  const text = (value: Localized) => localize(value, language, council.defaultLanguage);
  const today = toZoned(now, council.timeZone).date;
  const status = officeStatus(council, now);
  return {
    id: council.id,
    name: council.name,
    timeZone: council.timeZone,
    languages: council.languages,
    defaultLanguage: council.defaultLanguage,
    openingHours: council.openingHours,
    holidays: holidaysBetween(council, today, addDays(today, UPCOMING_HOLIDAYS_DAYS), language),
    status: { open: status.open, changesAt: status.changesAt?.toISOString() ?? null },
    procedures: council.procedures.map((procedure) => ({
      id: procedure.id,
      name: text(procedure.name),
      durationMinutes: procedure.durationMinutes,
      documents: procedure.documents.map((document) => ({ id: document.id, name: text(document.name) })),
    })),
    privacyUrl: council.privacyUrl,
    branding: {
      primaryColor: council.branding.primaryColor,
      logoUrl: council.branding.logo === undefined ? null : `${linkBase}/api/councils/${council.id}/logo`,
    },
    survey: surveySettings(council),
  };
}
