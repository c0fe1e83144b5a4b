/** The shapes of the council's public indicators endpoints, as the server defines them. */
import type { IndicatorRow } from '@finestreta/server/contract';

export type {
  IndicatorChannel,
  IndicatorIndex,
  IndicatorMetadata,
  IndicatorRow,
  IndicatorSeries,
  MonthIndicators,
} from '@finestreta/server/contract';

/** The numeric fields of a row, which the panel shows and charts. */
export type IndicatorField = {
  [K in keyof IndicatorRow]: IndicatorRow[K] extends number | null ? K : never;
}[keyof IndicatorRow];
