import { Type } from '@sinclair/typebox';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, errorResponses } from '../../shared/errors.js';
import { CouncilParams, type CouncilConfig, type Language } from '../councils/schemas.js';
import { surveySettings } from '../councils/survey-settings.js';
import {
  CSV_COLUMNS,
  FileParams,
  IndicatorMonths,
  IndicatorsQuery,
  MonthIndicators,
  Series,
  SeriesQuery,
  SUPPRESSION_THRESHOLD,
  type IndicatorColumn,
  type Metadata,
} from './schemas.js';
import { addMonths, IndicatorService, monthBounds } from './service.js';
import { INDICATOR_TEXTS } from './texts.js';
import { languageFor } from '../councils/language.js';

declare module 'fastify' {
  interface FastifyInstance {
    indicators: IndicatorService;
  }
}

const LICENCE_URL = 'https://creativecommons.org/licenses/by/4.0/';
/** The current month changes as cases come in and close; five minutes old is fresh enough for open data. */
const CACHE_CONTROL = 'public, max-age=300';
/** A month's file: the month is checked apart, so that a bad one gets FIN_ERR_MONTH_INVALID. */
const FILE = /^(.*?)\.(csv-metadata\.json|json|csv)$/;

/** CSVW datatypes of the columns; empty cells are nulls (CSVW's default `null` is ""). */
const DATATYPES: Record<IndicatorColumn, string> = {
  month: 'gYearMonth',
  provisional: 'boolean',
  channel: 'string',
  procedure: 'string',
  procedureName: 'string',
  requests: 'integer',
  completed: 'integer',
  noShows: 'integer',
  cancellations: 'integer',
  waitMedianMinutes: 'decimal',
  waitP90Minutes: 'decimal',
  firstContactResolvedPercent: 'decimal',
  ratingAverage: 'decimal',
  ratingCount: 'integer',
  ratingCiLow: 'decimal',
  ratingCiHigh: 'decimal',
  repeatPercent: 'decimal',
  suppressed: 'string',
};

function monthLabel(month: string, language: Language): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(year, number - 1, 1));
}

/** The citizen API's routes, registered in its scope, which resolves `request.council` (plugins/citizen.ts). */
export async function citizenRoutes(fastify: FastifyInstance) {
  const tags = ['indicators'];
  const rateLimit = fastify.rateLimits.public;

  function metadata(
    request: FastifyRequest<{ Querystring: { lang?: Language } }>,
    found: CouncilConfig,
    language: Language,
    months: { first: string; last: string },
    json: string,
  ): Metadata {
    const t = INDICATOR_TEXTS[language];
    const base = `${fastify.config.linkBase}/api/councils/${found.id}/indicators`;
    const query = request.query.lang ? `?lang=${language}` : '';
    const label = months.first === months.last ? monthLabel(months.last, language) : `${monthLabel(months.first, language)} – ${monthLabel(months.last, language)}`;
    return {
      title: t.title(found.name, label),
      description: t.description,
      publisher: found.name,
      licence: 'CC-BY-4.0',
      licenceUrl: LICENCE_URL,
      period: { start: monthBounds(months.first, found.timeZone).firstDay, end: monthBounds(months.last, found.timeZone).lastDay },
      language,
      generatedAt: fastify.now().toISOString(),
      suppressionThreshold: SUPPRESSION_THRESHOLD,
      ratingScale: surveySettings(found).scale,
      urls: {
        json: `${base}/${json}${query}`,
        csv: `${base}/${months.last}.csv${query}`,
        csvMetadata: `${base}/${months.last}.csv-metadata.json${query}`,
      },
    };
  }

  const cached = (reply: FastifyReply) => reply.header('cache-control', CACHE_CONTROL);

  fastify.get<{ Params: CouncilParams; Querystring: IndicatorsQuery }>(
    '/api/councils/:council/indicators',
    {
      schema: {
        tags,
        summary: 'The months for which the council has activity figures',
        params: CouncilParams,
        querystring: IndicatorsQuery,
        response: { 200: IndicatorMonths, ...errorResponses(400, 404, 429) },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const found = request.council!;
      const months = await fastify.indicators.months(found);
      const current = fastify.indicators.currentMonth(found);
      return cached(reply).send({ months, latest: months.at(-1) ?? null, latestComplete: months.findLast((month) => month < current) ?? null, current });
    },
  );

  fastify.get<{ Params: CouncilParams; Querystring: SeriesQuery }>(
    '/api/councils/:council/indicators/series',
    {
      schema: {
        tags,
        summary: 'The whole-channel rows of several months, up to `to`, for charts',
        params: CouncilParams,
        querystring: SeriesQuery,
        response: { 200: Series, ...errorResponses(400, 404, 429) },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const found = request.council!;
      const language = languageFor(found, request.query.lang);
      const last = request.query.to
        ? fastify.indicators.checkMonth(found, request.query.to)
        : ((await fastify.indicators.months(found)).at(-1) ?? fastify.indicators.currentMonth(found));
      const first = addMonths(last, 1 - request.query.months);
      const months = await fastify.indicators.rows(found, language, first, last);
      const seriesUrl = `series?${new URLSearchParams({ to: last, months: String(request.query.months), ...(request.query.lang && { lang: language }) })}`;
      return cached(reply).send({
        metadata: metadata(request, found, language, { first, last }, seriesUrl),
        months: months.map(({ rows, ...month }) => ({ ...month, rows: rows.filter((row) => row.procedure === null) })),
      });
    },
  );

  fastify.get<{ Params: FileParams; Querystring: IndicatorsQuery }>(
    '/api/councils/:council/indicators/:file',
    {
      schema: {
        tags,
        summary: "One month's figures: `YYYY-MM.json`, `YYYY-MM.csv` or its CSVW metadata `YYYY-MM.csv-metadata.json`",
        params: FileParams,
        querystring: IndicatorsQuery,
        produces: ['application/json', 'text/csv', 'application/csvm+json'],
        response: {
          200: {
            content: {
              'application/json': { schema: MonthIndicators },
              'text/csv': { schema: Type.String() },
              'application/csvm+json': { schema: Type.Object({}, { additionalProperties: true, description: 'CSVW table description (W3C)' }) },
            },
          },
          ...errorResponses(400, 404, 429),
        },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const found = request.council!;
      const match = FILE.exec(request.params.file);
      if (!match) throw new AppError('FIN_ERR_NOT_FOUND', `No file ${request.params.file}: use YYYY-MM.json, YYYY-MM.csv or YYYY-MM.csv-metadata.json`);
      const [, asked, format] = match as unknown as [string, string, 'json' | 'csv' | 'csv-metadata.json'];
      const month = fastify.indicators.checkMonth(found, asked);
      const language = languageFor(found, request.query.lang);
      const meta = metadata(request, found, language, { first: month, last: month }, `${month}.json`);

      if (format === 'csv-metadata.json') {
        const t = INDICATOR_TEXTS[language];
        return cached(reply)
          .type('application/csvm+json')
          .send({
            '@context': ['http://www.w3.org/ns/csvw', { '@language': language }],
            url: meta.urls.csv,
            'dc:title': meta.title,
            'dc:description': meta.description,
            'dc:publisher': { 'schema:name': meta.publisher },
            'dc:license': { '@id': meta.licenceUrl },
            'dc:temporal': `${meta.period.start}/${meta.period.end}`,
            'dc:modified': meta.generatedAt,
            'dc:language': language,
            tableSchema: {
              columns: CSV_COLUMNS.map((name) => ({
                name,
                titles: t.columns[name].title,
                'dc:description': t.columns[name].description,
                datatype: DATATYPES[name],
                ...(name === 'suppressed' && { separator: ' ' }),
              })),
            },
          });
      }

      const { rows, provisional } = (await fastify.indicators.rows(found, language, month, month))[0]!;
      if (format === 'json') return cached(reply).send({ metadata: meta, month, provisional, rows });

      const csv = stringify(
        rows.map((row) => ({ month, provisional, ...row, suppressed: row.suppressed.join(' ') })),
        // CSVW reads "true" and "false"; csv-stringify's default ("1" and "") would make false a null.
        { header: true, columns: CSV_COLUMNS, cast: { boolean: String } },
      );
      return cached(reply)
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', `inline; filename="${found.id}-indicators-${month}.csv"`)
        .header('link', `<${meta.urls.csvMetadata}>; rel="describedby"; type="application/csvm+json"`)
        .send(csv);
    },
  );
}

/** Monthly activity indicators per council, channel and procedure: JSON, CSV with CSVW metadata, and a series for charts. */
export default fp(
  async (fastify) => {
    fastify.decorate('indicators', new IndicatorService(fastify));
  },
  { name: 'indicators', dependencies: ['database', 'councils', 'rate-limit'] },
);
