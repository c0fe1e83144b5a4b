/**
 * The activity panel end to end, in Chromium against the real server: a year of activity is
 * seeded into the demo council with the server's own seed module, and the demo's transparency
 * page shows what the open-data endpoints say — the headline figures of the last complete month,
 * other months through the picker (the month under way marked provisional), a chart per
 * indicator, and download links that give the CSV and JSON; and the page reflows at 360 px.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { seedActivity } from '../packages/server/src/scripts/seed-activity.ts';
import type { IndicatorIndex, IndicatorRow, MonthIndicators } from '../packages/widgets/src/activity-panel/types.ts';
import { launchChromium } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

/** The headline figures, in the panel's order, with the row field each one shows. */
const HEADLINES: Array<[string, keyof IndicatorRow]> = [
  ['Requests', 'requests'],
  ['Completed', 'completed'],
  ['No-shows', 'noShows'],
  ['Average rating', 'ratingAverage'],
  ['Would use it again', 'repeatPercent'],
  ['Callback wait (median)', 'waitMedianMinutes'],
];

/** "1,234", "93.5%", "4.40 out of 5 (95% CI …)", "12.5 mins" → the number it starts with; "—" → null. */
function shownNumber(text: string): number | null {
  if (text.startsWith('—')) return null;
  const match = /^[\d,.]+/.exec(text);
  assert.ok(match, `"${text}" starts with a number`);
  return Number(match[0].replace(/,/g, ''));
}

const UNIT_MINUTES: Record<string, number> = { min: 1, mins: 1, hr: 60, hrs: 60, day: 1440, days: 1440 };

/** A wait as shown, "52.3 mins", "1.2 hrs" or "3.1 days", in minutes, give or take its last digit. */
function shownMinutes(text: string): { minutes: number; within: number } | null {
  const value = shownNumber(text);
  if (value === null) return null;
  const unit = /\s(\w+)$/.exec(text)?.[1] ?? '';
  assert.ok(unit in UNIT_MINUTES, `"${text}" names its unit`);
  return { minutes: value * UNIT_MINUTES[unit]!, within: 0.06 * UNIT_MINUTES[unit]! };
}

/** The month `YYYY-MM` as en-GB names it: "November 2026". */
const englishMonth = (month: string) => new Date(`${month}-15`).toLocaleString('en-GB', { month: 'long', year: 'numeric' });

describe('the monthly activity panel on the transparency page', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let panel: Locator;
  let index: IndicatorIndex;
  const errors: string[] = [];

  const api = (path: string) => `${server.url}/api/councils/demo/indicators${path}`;
  const getJson = async <T>(url: string): Promise<T> => {
    const response = await fetch(url);
    assert.equal(response.status, 200, url);
    return (await response.json()) as T;
  };

  /** Headline figure name → the text the reader sees (screen-reader-only words left out). */
  async function headlines(): Promise<Record<string, string>> {
    const figures = panel.locator('[part~="figure"]');
    const result: Record<string, string> = {};
    for (const figure of await figures.all()) {
      const name = (await figure.locator('dt').innerText()).trim();
      result[name] = (await figure.locator('[part~="figure-value"]').innerText()).replace(/\s+/g, ' ').trim();
    }
    return result;
  }

  async function assertHeadlinesMatch(month: string) {
    const data = await getJson<MonthIndicators>(api(`/${month}.json?lang=en`));
    const all = data.rows.find((row) => row.channel === 'all' && row.procedure === null)!;
    const shown = await headlines();
    assert.deepEqual(Object.keys(shown), HEADLINES.map(([name]) => name));
    for (const [name, field] of HEADLINES) {
      const expected = all[field] as number | null;
      const wait = field === 'waitMedianMinutes';
      const value = wait ? shownMinutes(shown[name]!) : shownNumber(shown[name]!);
      if (expected === null) assert.equal(value, null, `${name} is not published`);
      else if (wait) assert.ok(value && typeof value === 'object' && Math.abs(value.minutes - expected) < value.within, `${name}: shown ${shown[name]}, the JSON says ${expected} min`);
      else assert.ok(value !== null && Math.abs((value as number) - expected) < 0.006, `${name}: shown ${shown[name]}, the JSON says ${expected}`);
    }
    assert.equal(await panel.locator('[part~="figure-detail"]').innerText(), `from ${all.ratingCount.toLocaleString('en-GB')} answers`);
    return data;
  }

  before(async () => {
    server = await startServer({ DEMO: 'true' });
    const written = await seedActivity(server.app, 'demo', new Date());
    assert.ok(written && written > 1000, `a year of activity was seeded (${written} cases)`);
    index = await getJson<IndicatorIndex>(api(''));
    assert.ok(index.months.length >= 12, `${index.months.length} months with activity`);
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/transparency?lang=en`);
    panel = page.locator('activity-panel');
    await panel.locator('[part~="figures"]').waitFor({ timeout: 15_000 });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens on the last complete month, with its headline figures exactly as the JSON endpoint gives them', async () => {
    const shown = index.latestComplete!;
    assert.ok(shown < index.current && index.latest === index.current, `${shown} is the month before the one under way, ${index.current}`);
    await panel.getByRole('heading', { name: `Figures for ${englishMonth(shown)}`, exact: true }).waitFor();
    assert.equal(await panel.getByLabel('Month', { exact: true }).inputValue(), shown);
    assert.equal(await panel.locator('[part~="provisional"]').count(), 0);
    const data = await assertHeadlinesMatch(shown);
    assert.equal(data.provisional, false);
  });

  it('marks the month under way as provisional, in the picker, the heading and the data', async () => {
    const current = index.current;
    const select = panel.getByLabel('Month', { exact: true });
    assert.equal(await select.locator(`option[value="${current}"]`).innerText(), `${englishMonth(current)} (provisional)`);
    await select.selectOption(current);
    await panel.getByRole('heading', { name: `Figures for ${englishMonth(current)} (provisional)` }).waitFor();
    assert.match(await panel.locator('[part~="provisional"]').innerText(), /^Provisional: the month is not over yet/);
    const data = await assertHeadlinesMatch(current);
    assert.equal(data.provisional, true);
    await select.selectOption(index.latestComplete!);
    await panel.getByRole('heading', { name: `Figures for ${englishMonth(index.latestComplete!)}`, exact: true }).waitFor();
  });

  it('draws a described chart per indicator over the last twelve months, with its data table', async () => {
    const charts = panel.getByRole('img');
    assert.equal(await charts.count(), 6);
    const requests = panel.getByRole('img', { name: /^Requests, .+ to .+/ });
    await requests.waitFor();
    assert.equal(await requests.locator('[part~="bar"]').count(), 12);
    const series = await getJson<{ months: { month: string; rows: IndicatorRow[] }[] }>(api(`/series?to=${index.latestComplete}&months=12&lang=en`));
    const table = panel.locator('[part~="chart"]').first().getByRole('table');
    assert.equal(await table.isVisible(), false);
    await panel.getByText('Show the data table').first().click();
    await table.waitFor();
    const cells = await table.locator('tbody td').allInnerTexts();
    assert.deepEqual(
      cells.map((cell) => shownNumber(cell.trim())),
      series.months.map(({ rows }) => rows.find((row) => row.channel === 'all')!.requests),
    );
  });

  it('changes every figure when another month is picked', async () => {
    const other = index.months.at(-4)!;
    const before = await headlines();
    await panel.getByLabel('Month', { exact: true }).selectOption(other);
    const month = englishMonth(other);
    await panel.getByRole('heading', { name: `Figures for ${month}` }).waitFor();
    await page.waitForFunction(() => document.querySelector('activity-panel')?.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('aria-busy') === 'false');
    const data = await assertHeadlinesMatch(other);
    assert.notDeepEqual(await headlines(), before);
    const byChannel = panel.getByRole('table', { name: `Figures by channel, ${month}` });
    assert.deepEqual(await byChannel.locator('tbody th').allInnerTexts(), ['All channels', 'Phone callback', 'Video appointment']);
    const procedures = data.rows.filter((row) => row.procedure !== null);
    assert.equal(await panel.getByRole('table', { name: `Video appointments by procedure, ${month}` }).locator('tbody tr').count(), procedures.length);
  });

  it('links the chosen month’s CSV and JSON, which download as such', async () => {
    const month = await panel.getByLabel('Month', { exact: true }).inputValue();
    const name = englishMonth(month);

    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('link', { name: `Download ${name} as CSV` }).click()]);
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    assert.match(header!, /^month,provisional,channel,procedure/);
    const data = await getJson<MonthIndicators>(api(`/${month}.json?lang=en`));
    assert.equal(lines.length, data.rows.length);
    assert.ok(lines.every((line) => line.startsWith(`${month},`)));

    const jsonHref = await panel.getByRole('link', { name: `Download ${name} as JSON` }).getAttribute('href');
    const response = await fetch(new URL(jsonHref!, server.url));
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    const body = (await response.json()) as MonthIndicators;
    assert.equal(body.month, month);
    assert.equal(body.metadata.licence, 'CC-BY-4.0');
    assert.deepEqual(errors, []);
  });

  describe('at 360 px and at 1280 px (WCAG 1.4.10, reflow)', () => {
    /**
     * The month whose rows withhold the most figures: each "—" in a table carries visually hidden
     * words, absolutely positioned, which once escaped the tables' scroll boxes and widened the page.
     */
    let mostWithheld = '';
    before(async () => {
      let most = -1;
      for (const month of index.months) {
        const { rows } = await getJson<MonthIndicators>(api(`/${month}.json`));
        const withheld = rows.reduce((sum, row) => sum + row.suppressed.length, 0);
        if (withheld > most) [most, mostWithheld] = [withheld, month];
      }
    });

    for (const width of [360, 1280]) {
      for (const lang of ['ca', 'en']) {
        it(`is no wider than a ${width} px window in ${lang}, every table open: only tables scroll, and say so`, async () => {
          const narrow = await browser.newPage({ viewport: { width, height: 800 } });
          narrow.on('pageerror', (e) => errors.push(e.message));
          try {
            await narrow.goto(`${server.url}/transparency?lang=${lang}`);
            const shown = narrow.locator('activity-panel');
            await shown.locator('[part~="figures"]').waitFor({ timeout: 15_000 });
            for (const month of [index.latestComplete!, mostWithheld]) {
              await shown.locator('select').selectOption(month);
              await narrow.waitForFunction((wanted) => {
                const root = document.querySelector('activity-panel')?.shadowRoot;
                return root?.querySelector('[part~="base"]')?.getAttribute('aria-busy') === 'false' && !!root.querySelector(`[part~="download-link"][href*="/${wanted}.csv"]`);
              }, month);
              await narrow.evaluate(() => document.querySelector('activity-panel')!.shadowRoot!.querySelectorAll('details').forEach((details) => (details.open = true)));
              const { scrollWidth, innerWidth } = await narrow.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
              assert.ok(scrollWidth <= innerWidth, `${month} at ${width} px in ${lang}: the page is ${scrollWidth} px wide`);
            }
            assert.ok((await shown.locator('[part~="table-region"] .visually-hidden').count()) > 0, 'the tables withhold figures, with words for screen readers');
            const region = shown.locator('#channels-region');
            if (width === 360) {
              const hint = shown.locator('#channels-hint');
              await hint.waitFor();
              assert.equal(await region.getAttribute('aria-describedby'), 'channels-hint');
              assert.ok((await region.evaluate((box) => box.scrollWidth - box.clientWidth)) > 0, 'the channel table scrolls inside its box');
            }
          } finally {
            await narrow.close();
          }
        });
      }
    }
  });
});
