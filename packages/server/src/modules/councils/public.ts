import { addDays, fromZoned, toZoned } from '../../shared/time.js';
import { surveySettings } from './survey-settings.js';
import { holidaysBetween, officeStatus } from './calendar.js';
import { localize } from './language.js';
import type { CouncilConfig, Language, Localized, PublicCouncil } from './schemas.js';

const UPCOMING_HOLIDAYS_DAYS = 90;

interface Kept {
  profile: PublicCouncil;
  /** The instants between which it holds: from when it was made until the office opens or closes, or the council's day ends. */
  from: number;
  until: number;
}

/** Profiles made, with the council they were made of (the store shares one object until it changes), by language and link base. */
const kept = new WeakMap<CouncilConfig, Map<string, Kept>>();

/**
 * The council as citizens' widgets see it, with texts in `language`, at instant `now`; links start
 * with `linkBase`. Every widget asks for it first, and it changes only when the office opens or
 * closes or the council's day ends (the holidays ahead), so it is made once for that stretch.
 */
export function publicCouncil(council: CouncilConfig, language: Language, now: Date, linkBase: string): PublicCouncil {
  const key = `${language} ${linkBase}`;
  let profiles = kept.get(council);
  if (!profiles) kept.set(council, (profiles = new Map()));
  const found = profiles.get(key);
  const at = now.getTime();
  if (found && found.from <= at && at < found.until) return found.profile;
  const profile = makeProfile(council, language, now, linkBase);
  const tomorrow = fromZoned(addDays(toZoned(now, council.timeZone).date, 1), '00:00', council.timeZone).getTime();
  const changesAt = profile.status.changesAt === null ? Infinity : Date.parse(profile.status.changesAt);
  profiles.set(key, { profile, from: at, until: Math.min(tomorrow, changesAt) });
  return profile;
}

function makeProfile(council: CouncilConfig, language: Language, now: Date, linkBase: string): PublicCouncil {
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
