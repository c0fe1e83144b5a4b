import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { FinErrorEvent } from '../shared/events.js';
import { hang, json, stubFetch, type FetchStub, type RecordedCall } from '../shared/testing.js';
import './index.js';
import type { ActivityPanel } from './activity-panel.js';
import type { FinMonthChangeEvent } from './events.js';
import type { IndicatorIndex, IndicatorMetadata, IndicatorRow, IndicatorSeries, MonthIndicators } from './types.js';

const API = 'https://oac.example/api/councils/demo/indicators';
/** The complete months, then December, six days old: its figures are provisional. */
const MONTHS = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
const CURRENT = '2026-12';
const ALL_MONTHS = [...MONTHS, CURRENT];

const metadata = (month: string): IndicatorMetadata => ({
  title: `Remote citizen service, ${month}`,
  description: 'Callbacks and video appointments of Ajuntament de Vilademo.',
  publisher: 'Ajuntament de Vilademo',
  licence: 'CC-BY-4.0',
  licenceUrl: 'https://creativecommons.org/licenses/by/4.0/',
  period: { start: `${month}-01`, end: `${month}-30` },
  language: 'en',
  generatedAt: '2026-12-01T00:00:00.000Z',
  suppressionThreshold: 10,
  ratingScale: 'stars5',
  urls: { json: `${API}/${month}.json`, csv: `${API}/${month}.csv`, csvMetadata: `${API}/${month}.csv-metadata.json` },
});

const row = (overrides: Partial<IndicatorRow> = {}): IndicatorRow => ({
  channel: 'all',
  procedure: null,
  procedureName: null,
  requests: 1234,
  completed: 1100,
  noShows: 45,
  cancellations: 30,
  waitMedianMinutes: 12.5,
  waitP90Minutes: 41,
  firstContactResolvedPercent: 81.2,
  ratingAverage: 4.4,
  ratingCount: 57,
  ratingCiLow: 4.21,
  ratingCiHigh: 4.59,
  repeatPercent: 93.5,
  suppressed: [],
  ...overrides,
});

/** The month's rows; month index `i` scales the counts so the months differ. */
function rows(month: string): IndicatorRow[] {
  const i = MONTHS.indexOf(month);
  const all = row({ requests: 100 + i * 10, completed: 90 + i * 10 });
  if (month === '2026-11') all.requests = 1234;
  // December's callbacks waited a day and more: waits read in hours and days.
  if (month === CURRENT) Object.assign(all, { requests: 40, completed: 31, waitMedianMinutes: 1493.2, waitP90Minutes: 4000 });
  // October's rating rests on too few answers.
  const rating: Partial<IndicatorRow> = month === '2026-10' ? { ratingAverage: null, ratingCiLow: null, ratingCiHigh: null, ratingCount: 7, repeatPercent: null, suppressed: ['ratingAverage', 'ratingCiLow', 'ratingCiHigh', 'repeatPercent'] } : {};
  return [
    { ...all, ...rating },
    row({ channel: 'callback', requests: 800, ...rating }),
    row({ channel: 'video', requests: 434, waitMedianMinutes: null, waitP90Minutes: null, ...rating }),
    row({ channel: 'video', procedure: 'padro', procedureName: 'Register of residents', requests: 300, ratingAverage: null, repeatPercent: null, suppressed: ['ratingAverage', 'repeatPercent'] }),
  ];
}

const monthFigures = (month: string): MonthIndicators => ({ metadata: metadata(month), month, provisional: month === CURRENT, rows: rows(month) });

function series(to: string): IndicatorSeries {
  const end = ALL_MONTHS.indexOf(to);
  return {
    metadata: metadata(to),
    months: ALL_MONTHS.slice(Math.max(0, end - 11), end + 1).map((month) => ({ month, provisional: month === CURRENT, rows: rows(month).filter((r) => r.procedure === null) })),
  };
}

type Answer = (call: RecordedCall) => Response | Promise<Response>;

function server(index: IndicatorIndex = { months: ALL_MONTHS, latest: CURRENT, latestComplete: '2026-11', current: CURRENT }): Answer {
  return (call) => {
    const url = new URL(call.url);
    if (url.pathname.endsWith('/indicators')) return json(index);
    if (url.pathname.endsWith('/indicators/series')) return json(series(url.searchParams.get('to')!));
    const month = /\/(\d{4}-\d{2})\.json$/.exec(url.pathname)?.[1];
    return month ? json(monthFigures(month)) : json({ statusCode: 404, code: 'FIN_ERR_NOT_FOUND', message: 'x' }, 404);
  };
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector);
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const clean = (value: string | null | undefined) => value?.replace(/\s+/g, ' ').trim();
const text = (el: Element, selector: string) => clean($(el, selector)?.textContent);

/** Headline figures as the reader sees them: name → visible value. */
function figures(el: Element): Record<string, string> {
  return Object.fromEntries(
    $$(el, '[part~="figure"]').map((figure) => {
      const value = figure.querySelector('[part~="figure-value"]')!.cloneNode(true) as HTMLElement;
      value.querySelectorAll('.visually-hidden').forEach((hidden) => hidden.remove());
      return [clean(figure.querySelector('dt')!.textContent)!, clean(value.textContent)!];
    }),
  );
}

async function mount(attributes = html`<activity-panel api="https://oac.example" council="demo" lang="en"></activity-panel>`) {
  const el = await fixture<ActivityPanel>(attributes);
  await waitUntil(() => $(el, '[part~="figures"]') || $(el, '[part~="empty"]') || $(el, '[part~="error"]'), 'the panel did not settle', { timeout: 3000 });
  await el.updateComplete;
  return el;
}

describe('<activity-panel>', () => {
  let fetch: FetchStub;
  afterEach(() => fetch.restore());

  it('passes an accessibility check, with the data tables open', async () => {
    fetch = stubFetch(server());
    const el = await mount();
    for (const details of $$<HTMLDetailsElement>(el, 'details')) details.open = true;
    await expect(el).to.be.accessible();
  });

  describe('while loading', () => {
    it('is busy, says so politely, and asks for the latest month and its last twelve months', async () => {
      fetch = stubFetch(hang);
      const el = await fixture<ActivityPanel>(html`<activity-panel api="https://oac.example" council="demo" lang="en"></activity-panel>`);
      expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('true');
      expect(text(el, '[part~="status"]')).to.equal('Loading the figures…');
      expect(fetch.calls.map((c) => c.url)).to.deep.equal([API]);
      await expect(el).to.be.accessible();

      fetch.respond(server());
      el.remove();
      const ready = await mount();
      expect(fetch.calls.map((c) => c.url).slice(-2)).to.deep.equal([`${API}/2026-11.json?lang=en`, `${API}/series?to=2026-11&months=12&lang=en`]);
      expect($(ready, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('false');
    });
  });

  describe('the headline figures', () => {
    it('show the month’s figures for all channels, formatted in English', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      expect(text(el, '#figures-heading')).to.equal('Figures for November 2026');
      expect(figures(el)).to.deep.equal({
        Requests: '1,234',
        Completed: '200',
        'No-shows': '45',
        'Average rating': '4.40 out of 5 (95% CI 4.21–4.59)',
        'Would use it again': '93.5%',
        'Callback wait (median)': '12.5 mins',
      });
      expect(text(el, '[part~="figure-detail"]')).to.equal('from 57 answers');
    });

    it('show “—” for a suppressed figure and say why', async () => {
      fetch = stubFetch(server());
      const el = await mount(html`<activity-panel council="demo" lang="en" month="2026-10"></activity-panel>`);
      expect(figures(el)['Average rating']).to.equal('—');
      expect(figures(el)['Would use it again']).to.equal('—');
      const value = $$(el, '[part~="figure-value"]')[3];
      expect(value.querySelector('[aria-hidden="true"]')!.textContent).to.equal('—');
      expect(clean(value.querySelector('.visually-hidden')!.textContent)).to.equal('not published: too few answers');
      expect(text(el, '[part~="suppression-note"]')).to.contain('rests on fewer than 10 answers or cases');
    });
  });

  describe('the month picker', () => {
    it('lists the months with activity, newest first, and shows the chosen one', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      const select = $<HTMLSelectElement>(el, 'select')!;
      expect(select.labels![0].textContent).to.equal('Month');
      expect([...select.options].map((o) => o.textContent)).to.deep.equal([
        'December 2026 (provisional)',
        ...[...MONTHS].reverse().map((m) => new Date(`${m}-15`).toLocaleString('en-GB', { month: 'long', year: 'numeric' })),
      ]);
      expect(select.value).to.equal('2026-11');

      const changed = oneEvent(el, 'fin-month-change') as Promise<FinMonthChangeEvent>;
      select.value = '2026-03';
      select.dispatchEvent(new Event('change'));
      expect((await changed).detail.month).to.equal('2026-03');
      await waitUntil(() => text(el, '#figures-heading') === 'Figures for March 2026');
      expect(figures(el).Requests).to.equal('130');
      expect(fetch.calls.some((c) => c.url === `${API}/series?to=2026-03&months=12&lang=en`)).to.equal(true);
      expect($$(el, '[part~="download-link"]').map((a) => a.getAttribute('href'))).to.deep.equal([`${API}/2026-03.csv`, `${API}/2026-03.json`, `${API}/2026-03.csv-metadata.json`]);
    });

    it('keeps the month on screen, marked busy, while the chosen one loads', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      fetch.respond(hang);
      const select = $<HTMLSelectElement>(el, 'select')!;
      select.value = '2026-03';
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
      expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('true');
      expect(text(el, '[part~="status"]')).to.equal('Loading the figures of March 2026…');
      expect(figures(el).Requests).to.equal('1,234');
    });

    it('starts on the month of the month attribute, or the last complete one when that month has no activity', async () => {
      fetch = stubFetch(server());
      const el = await mount(html`<activity-panel council="demo" lang="en" month="2026-05"></activity-panel>`);
      expect($<HTMLSelectElement>(el, 'select')!.value).to.equal('2026-05');
      el.month = '2019-01';
      await waitUntil(() => text(el, '#figures-heading') === 'Figures for November 2026');
    });
  });

  describe('the charts', () => {
    it('draw each indicator over the last twelve months as a described image with its data table', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      expect(text(el, '#charts-heading')).to.equal('The last 12 months');
      const charts = $$(el, '[part~="chart"]');
      expect(charts.map((c) => clean(c.querySelector('figcaption')!.textContent))).to.deep.equal([
        'Requests',
        'Completed',
        'No-shows',
        'Average rating',
        'Would use it again',
        'Callback wait (median)',
      ]);
      const requests = charts[0];
      const image = requests.querySelector('svg')!;
      expect(image.getAttribute('role')).to.equal('img');
      const [titleId, descId] = image.getAttribute('aria-labelledby')!.split(' ');
      expect(clean(el.shadowRoot!.getElementById(titleId)!.textContent)).to.equal('Requests, December 2025 to November 2026');
      expect(clean(el.shadowRoot!.getElementById(descId)!.textContent)).to.equal('Highest: 1,234 in November 2026. Lowest: 100 in December 2025. November 2026: 1,234.');
      const bars = [...image.querySelectorAll('[part~="bar"]')];
      expect(bars).to.have.length(12);
      expect(bars.at(-1)!.getAttribute('part')).to.equal('bar current');
      // Taller bar for more requests.
      expect(Number(bars.at(-1)!.getAttribute('height'))).to.be.greaterThan(Number(bars[0].getAttribute('height')));

      const toggle = requests.querySelector<HTMLElement>('summary')!;
      expect(clean(toggle.textContent)).to.equal('Show the data table');
      const table = requests.querySelector('table')!;
      expect(table.checkVisibility()).to.equal(false);
      toggle.click();
      await waitUntil(() => table.checkVisibility());
      expect(clean(table.caption!.textContent)).to.equal('Requests, December 2025 to November 2026');
      expect(table.tBodies[0].rows).to.have.length(12);
      expect(clean(table.tBodies[0].rows[11].textContent)).to.equal('November 2026 1,234');
    });

    it('leave a suppressed month without a bar, and its table says why', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      const rating = $$(el, '[part~="chart"]')[3];
      expect(rating.querySelectorAll('[part~="bar"]')).to.have.length(11);
      expect(rating.querySelectorAll('[part~="missing"]')).to.have.length(1);
      const october = rating.querySelector('table')!.tBodies[0].rows[10];
      expect(clean(october.cells[0].textContent)).to.equal('October 2026');
      expect(october.cells[1].querySelector('[aria-hidden="true"]')!.textContent).to.equal('—');
      expect(clean(october.cells[1].querySelector('.visually-hidden')!.textContent)).to.equal('not published: too few answers');
      expect(clean(rating.querySelector('desc')!.textContent)).to.equal(
        'Highest: 4.40 out of 5 in December 2025. Lowest: 4.40 out of 5 in December 2025. November 2026: 4.40 out of 5.',
      );
    });
  });

  describe('the tables of the month', () => {
    it('give every figure by channel and by procedure in scrollable regions', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      const [channels, procedures] = $$<HTMLTableElement>(el, '[part~="table-region"] table');
      expect(clean(el.shadowRoot!.getElementById(channels.getAttribute('aria-labelledby')!)!.textContent)).to.equal('Figures by channel, November 2026');
      expect([...channels.tBodies[0].rows].map((r) => clean(r.cells[0].textContent))).to.deep.equal(['All channels', 'Phone callback', 'Video appointment']);
      expect([...channels.tHead!.rows[0].cells].map((c) => clean(c.textContent))).to.include.members(['Cancellations', 'Callback wait (90th percentile)', 'Resolved at first contact', 'Answers']);
      expect(clean(channels.tBodies[0].rows[2].cells[5].textContent)).to.equal('no data');
      expect(clean(procedures.tBodies[0].rows[0].textContent)).to.contain('Register of residents 300');
      for (const region of $$(el, '[part~="table-region"]')) {
        expect(region.getAttribute('tabindex')).to.equal('0');
        expect(region.getAttribute('role')).to.equal('region');
      }
    });

    it('link the month’s open data and its licence', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      const links = $$<HTMLAnchorElement>(el, '[part~="download-link"]');
      expect(links.map((a) => clean(a.textContent))).to.deep.equal(['Download November 2026 as CSV', 'Download November 2026 as JSON', 'Description of the CSV columns (CSVW)']);
      expect(links[0].href).to.equal(`${API}/2026-11.csv`);
      expect(text(el, '[part~="licence"]')).to.equal('Published by Ajuntament de Vilademo under the licence CC BY 4.0.');
    });
  });

  describe('the month under way', () => {
    const pickDecember = async (el: ActivityPanel) => {
      const select = $<HTMLSelectElement>(el, 'select')!;
      select.value = CURRENT;
      select.dispatchEvent(new Event('change'));
      await waitUntil(() => $(el, '[part~="provisional"]'), 'December did not show');
    };

    it('is not shown first: the last complete month is, with no provisional mark', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      expect($<HTMLSelectElement>(el, 'select')!.value).to.equal('2026-11');
      expect(text(el, '#figures-heading')).to.equal('Figures for November 2026');
      expect($(el, '[part~="provisional"]')).to.equal(null);
      expect(fetch.calls.some((c) => c.url.includes(CURRENT))).to.equal(false);
    });

    it('is marked provisional when picked: in its heading, a note and its row of each data table', async () => {
      fetch = stubFetch(server());
      const el = await mount();
      await pickDecember(el);
      expect(text(el, '#figures-heading')).to.equal('Figures for December 2026 (provisional)');
      expect(text(el, '[part~="provisional"]')).to.equal('Provisional: the month is not over yet, so these figures will still change.');
      const lastRow = $(el, '[part~="chart"] table')!.querySelector('tbody tr:last-child')!;
      expect(clean(lastRow.querySelector('th')!.textContent)).to.equal('December 2026 (provisional)');
      for (const details of $$<HTMLDetailsElement>(el, 'details')) details.open = true;
      await expect(el).to.be.accessible();
    });

    it('is shown, marked provisional, when it is the only month with activity, in Catalan and Spanish too', async () => {
      fetch = stubFetch(server({ months: [CURRENT], latest: CURRENT, latestComplete: null, current: CURRENT }));
      const el = await mount(html`<activity-panel council="demo" lang="ca"></activity-panel>`);
      expect(text(el, '#figures-heading')).to.equal('Dades de desembre del 2026 (provisionals)');
      expect(text(el, '[part~="provisional"]')).to.match(/^Provisionals: el mes encara no s’ha acabat/);
      expect(clean($<HTMLSelectElement>(el, 'select')!.selectedOptions[0].textContent)).to.equal('Desembre del 2026 (provisional)');
      el.lang = 'es';
      await waitUntil(() => text(el, '#figures-heading') === 'Datos de diciembre de 2026 (provisionales)');
      expect(text(el, '[part~="provisional"]')).to.match(/^Provisionales: el mes aún no ha terminado/);
    });
  });

  describe('long waits', () => {
    const december = html`<activity-panel council="demo" lang="en" month=${CURRENT}></activity-panel>`;

    it('read in hours or days, in each language, rather than in thousands of minutes', async () => {
      fetch = stubFetch(server());
      const el = await mount(december);
      expect(figures(el)['Callback wait (median)']).to.equal('24.9 hrs');
      const all = $$<HTMLTableElement>(el, '[part~="table-region"] table')[0].tBodies[0].rows[0];
      expect([clean(all.cells[5].textContent), clean(all.cells[6].textContent)]).to.deep.equal(['24.9 hrs', '2.8 days']);
      el.lang = 'ca';
      await waitUntil(() => figures(el)['Espera de la trucada (mediana)'] === '24,9 h');
      el.lang = 'es';
      await waitUntil(() => figures(el)['Espera de la llamada (mediana)'] === '24,9 h');
      expect(clean($$<HTMLTableElement>(el, '[part~="table-region"] table')[0].tBodies[0].rows[0].cells[6].textContent)).to.equal('2,8 d');
    });

    it('keep their exact minutes in the chart’s data table, whose axis reads in one unit', async () => {
      fetch = stubFetch(server());
      const el = await mount(december);
      const chart = $$(el, '[part~="chart"]')[5];
      expect(clean(chart.querySelector('tbody tr:last-child td')!.textContent)).to.equal('24.9 hrs (1,493.2 mins)');
      expect(clean(chart.querySelector('tbody tr:first-child td')!.textContent)).to.equal('12.5 mins');
      expect([...chart.querySelectorAll('[part~="axis-label"]')].map((label) => label.textContent)).to.deep.equal(['50 hrs', '0 hrs']);
    });
  });

  describe('on a narrow screen (WCAG 1.4.10, reflow)', () => {
    /** The panel in a box `width` pixels wide, by default on October, whose tables withhold figures in their last columns. */
    async function narrow(width: number, lang = 'en', month = '2026-10') {
      fetch = stubFetch(server());
      const box = await fixture<HTMLDivElement>(html`<div style="width: ${width}px"></div>`);
      const el = document.createElement('activity-panel');
      Object.assign(el, { council: 'demo', lang, month });
      box.append(el);
      await waitUntil(() => $(el, '[part~="figures"]'), 'the panel did not settle', { timeout: 3000 });
      return { box, el };
    }

    it('keeps the words read out for a withheld figure inside its table’s scroll box, not past the page', async () => {
      const { el } = await narrow(320);
      const regions = $$(el, '[part~="table-region"]');
      expect(regions.some((region) => region.querySelector('.visually-hidden'))).to.equal(true);
      expect(regions.every((region) => region.scrollWidth > region.clientWidth)).to.equal(true);
      expect(document.documentElement.scrollWidth).to.be.at.most(window.innerWidth);
    });

    it('says that a table scrolls while it is wider than its box, and no more once it fits', async () => {
      const { box, el } = await narrow(320);
      await waitUntil(() => $(el, '#channels-hint'), 'no hint');
      expect(text(el, '#channels-hint')).to.equal('The table is wider than the screen: scroll it sideways to see every column.');
      expect($(el, '#channels-region')!.getAttribute('aria-describedby')).to.equal('channels-hint');
      await expect(el).to.be.accessible();
      box.style.width = '3000px';
      await waitUntil(() => !$(el, '#channels-hint'), 'the hint stayed');
      expect($(el, '#channels-region')!.hasAttribute('aria-describedby')).to.equal(false);
    });

    it('wraps a rating’s confidence interval inside its card', async () => {
      const { el } = await narrow(320, 'ca', '2026-11');
      expect(text(el, '[part~="interval"]')).to.equal('(IC 95 % 4,21–4,59)');
      for (const figure of $$(el, '[part~="figure"]')) expect(figure.scrollWidth, clean(figure.textContent)).to.be.at.most(figure.clientWidth);
    });
  });

  describe('when nothing has been published', () => {
    it('says so without a picker', async () => {
      fetch = stubFetch(server({ months: [], latest: null, latestComplete: null, current: CURRENT }));
      const el = await mount();
      expect(text(el, '[part~="empty"]')).to.equal('No activity has been published yet.');
      expect($(el, 'select')).to.equal(null);
      await expect(el).to.be.accessible();
    });
  });

  describe('when the figures cannot be loaded', () => {
    it('shows a neutral message, fires fin-error and loads on retry', async () => {
      let down = true;
      fetch = stubFetch((call) => (down ? json({ statusCode: 503, code: 'FIN_ERR_INTERNAL', message: 'x' }, 503) : server()(call)));
      const el = document.createElement('activity-panel');
      Object.assign(el, { council: 'demo', lang: 'en' });
      const failed = oneEvent(el, 'fin-error') as Promise<FinErrorEvent>;
      document.body.append(el);
      try {
        expect((await failed).detail.code).to.equal('FIN_ERR_INTERNAL');
        await waitUntil(() => $(el, '[part~="retry-button"]'), 'no retry', { timeout: 4000 });
        expect(text(el, '[part~="error"]')).to.equal('The figures cannot be shown right now. Try again in a moment.');
        down = false;
        $<HTMLButtonElement>(el, '[part~="retry-button"]')!.click();
        await waitUntil(() => $(el, '[part~="figures"]'));
      } finally {
        el.remove();
      }
    });
  });

  describe('languages', () => {
    it('speaks Catalan and Spanish, with their number and month formats, asking for texts in that language', async () => {
      fetch = stubFetch(server());
      const el = await mount(html`<activity-panel council="demo" lang="ca"></activity-panel>`);
      expect(text(el, '#figures-heading')).to.equal('Dades de novembre del 2026');
      expect(figures(el)['Sol·licituds']).to.equal('1.234');
      expect(figures(el)['Hi tornarien']).to.equal('93,5 %');
      el.lang = 'es';
      await waitUntil(() => text(el, '#figures-heading') === 'Datos de noviembre de 2026');
      expect(fetch.calls.some((c) => c.url.endsWith('2026-11.json?lang=es'))).to.equal(true);
      expect(figures(el)['Valoración media']).to.equal('4,40 de 5 (IC 95 % 4,21–4,59)');
    });
  });
});
