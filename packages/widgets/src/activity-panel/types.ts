/** The shapes of the council's public indicators endpoints (`/api/councils/:council/indicators…`). */

/** `GET …/indicators`: the months that have any activity, ascending (`YYYY-MM`). */
export interface IndicatorIndex {
  months: string[];
  latest: string | null;
}

/** The open-data description of a month's figures or of a series. */
export interface IndicatorMetadata {
  title: string;
  description: string;
  /** The council's name. */
  publisher: string;
  licence: string;
  licenceUrl: string;
  period: { start: string; end: string };
  language: string;
  generatedAt: string;
  /** Figures resting on fewer answers or cases than this are not published. */
  suppressionThreshold: number;
  ratingScale: 'stars5' | 'nps10';
  urls: { json: string; csv: string; csvMetadata: string };
}

export type IndicatorChannel = 'all' | 'callback' | 'video';

/** One line of a month's figures: all channels, one channel, or one procedure of the video channel. */
export interface IndicatorRow {
  channel: IndicatorChannel;
  procedure: string | null;
  procedureName: string | null;
  requests: number;
  completed: number;
  noShows: number;
  cancellations: number;
  /** Callbacks: minutes from the request to the first attempt. */
  waitMedianMinutes: number | null;
  waitP90Minutes: number | null;
  firstContactResolvedPercent: number | null;
  /** On the council's scale. */
  ratingAverage: number | null;
  ratingCount: number;
  ratingCiLow: number | null;
  ratingCiHigh: number | null;
  repeatPercent: number | null;
  /** The fields set to null because they rest on fewer answers or cases than the threshold. */
  suppressed: string[];
}

/** `GET …/indicators/:month.json`. */
export interface MonthIndicators {
  metadata: IndicatorMetadata;
  month: string;
  rows: IndicatorRow[];
}

/** `GET …/indicators/series?to=&months=`: only the rows without a procedure. */
export interface IndicatorSeries {
  metadata: IndicatorMetadata;
  months: { month: string; rows: IndicatorRow[] }[];
}

/** The numeric fields of a row, which the panel shows and charts. */
export type IndicatorField = {
  [K in keyof IndicatorRow]: IndicatorRow[K] extends number | null ? K : never;
}[keyof IndicatorRow];
