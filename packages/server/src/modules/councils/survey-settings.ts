import type { CouncilConfig, SurveyScale } from './schemas.js';

export interface SurveySettings {
  scale: SurveyScale;
  askRepeat: boolean;
  commentMaxLength: number;
}

const DEFAULT_SURVEY_SETTINGS: SurveySettings = { scale: 'stars5', askRepeat: true, commentMaxLength: 500 };

/** How the council's survey asks: its settings over the product's defaults. Councils own them; surveys and indicators read them. */
export function surveySettings(council: CouncilConfig): SurveySettings {
  return { ...DEFAULT_SURVEY_SETTINGS, ...council.survey };
}

/** The lowest and highest rating of a scale. */
export const SCALE_RANGE: Record<SurveyScale, { min: number; max: number }> = {
  stars5: { min: 1, max: 5 },
  nps10: { min: 0, max: 10 },
};
