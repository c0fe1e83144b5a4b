import { Type, type Static } from '@sinclair/typebox';
import { Language, SURVEY_SCALES } from '../councils/schemas.js';

export const SUPPRESSION_THRESHOLD = 10;
export const CHANNELS = ['all', 'callback', 'video'] as const;
export type Channel = (typeof CHANNELS)[number];

const Month = (description?: string) => Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', examples: ['2026-10'], ...(description && { description }) });
const PlainDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Nullable = <T extends ReturnType<typeof Type.Number>>(schema: T) => Type.Union([schema, Type.Null()]);

export const IndicatorRow = Type.Object({
  channel: Type.Union(CHANNELS.map((channel) => Type.Literal(channel))),
  procedure: Type.Union([Type.String(), Type.Null()]),
  procedureName: Type.Union([Type.String(), Type.Null()]),
  requests: Type.Integer(),
  completed: Type.Integer(),
  noShows: Type.Integer(),
  cancellations: Type.Integer(),
  waitMedianMinutes: Nullable(Type.Number()),
  waitP90Minutes: Nullable(Type.Number()),
  firstContactResolvedPercent: Nullable(Type.Number()),
  ratingAverage: Nullable(Type.Number()),
  ratingCount: Type.Integer(),
  ratingCiLow: Nullable(Type.Number()),
  ratingCiHigh: Nullable(Type.Number()),
  repeatPercent: Nullable(Type.Number()),
  suppressed: Type.Array(Type.String(), { description: 'Fields set to null because they rest on fewer than 10 cases or answers' }),
});
export type IndicatorRow = Static<typeof IndicatorRow>;

/** The CSV's columns, in order: the month and whether it is still under way, then the row's fields. */
export const CSV_COLUMNS = ['month', 'provisional', ...Object.keys(IndicatorRow.properties)] as Array<'month' | 'provisional' | keyof IndicatorRow>;
export type IndicatorColumn = (typeof CSV_COLUMNS)[number];

export const Metadata = Type.Object({
  title: Type.String(),
  description: Type.String(),
  publisher: Type.String(),
  licence: Type.Literal('CC-BY-4.0'),
  licenceUrl: Type.String(),
  period: Type.Object({ start: PlainDate, end: PlainDate }),
  language: Language,
  generatedAt: Type.String({ format: 'date-time' }),
  suppressionThreshold: Type.Integer(),
  ratingScale: Type.Union(SURVEY_SCALES.map((scale) => Type.Literal(scale))),
  urls: Type.Object({ json: Type.String(), csv: Type.String(), csvMetadata: Type.String() }),
});
export type Metadata = Static<typeof Metadata>;

const Provisional = Type.Boolean({ description: "The month has not ended yet in the council's time zone: its figures will still change" });

export const MonthIndicators = Type.Object({ metadata: Metadata, month: Month(), provisional: Provisional, rows: Type.Array(IndicatorRow) });
export const IndicatorMonths = Type.Object({
  months: Type.Array(Month(), { description: 'Months with any activity, ascending' }),
  latest: Type.Union([Month(), Type.Null()], { description: 'The latest month with activity, maybe the current one' }),
  latestComplete: Type.Union([Month(), Type.Null()], { description: 'The latest month with activity that has ended: the one to show first' }),
  current: Month("The council's month now; its figures are provisional"),
});
export const Series = Type.Object({
  metadata: Metadata,
  months: Type.Array(Type.Object({ month: Month(), provisional: Provisional, rows: Type.Array(IndicatorRow) })),
});

export const IndicatorsQuery = Type.Object({ lang: Type.Optional(Language) });
export type IndicatorsQuery = Static<typeof IndicatorsQuery>;
export const SeriesQuery = Type.Object({
  to: Type.Optional(Type.String({ maxLength: 7, description: 'The last month, YYYY-MM; the latest with activity by default' })),
  months: Type.Integer({ minimum: 1, maximum: 24, default: 12 }),
  lang: Type.Optional(Language),
});
export type SeriesQuery = Static<typeof SeriesQuery>;
export const FileParams = Type.Object({
  council: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' }),
  file: Type.String({ maxLength: 40, description: 'YYYY-MM.json, YYYY-MM.csv or YYYY-MM.csv-metadata.json' }),
});
export type FileParams = Static<typeof FileParams>;
