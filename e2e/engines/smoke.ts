/**
 * The smoke every engine citizens use must pass, against the real server: each element renders on
 * the demo council's pages, a callback and a video appointment go through, the booking's personal
 * link shows it with its documents, the transparency charts draw, the desk signs in, shows the
 * booking in its agenda and completes the callback, whose survey opens — with no console error.
 * Written once over `Engine`; each engine's test file names its browser.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { seedActivity } from '../../packages/server/src/scripts/seed-activity.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { DEMO_AGENT } from '../support/desk.ts';
import { textOf, waitFor, withElement, type Engine } from './engine.ts';
import type { Query } from './page-script.ts';

/** A query's pattern for a text read literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Defines the smoke for one engine. `missing` says why the engine cannot run here: the tests are
 * then skipped with that reason, which `npm test` counts and prints.
 */
export function engineSmoke(engineName: string, launch: () => Promise<Engine>, missing: string | undefined) {
  describe(`the widgets in ${engineName}`, { skip: missing }, () => {
    let server: RunningServer;
    let engine: Engine;
    let booked: string;
    let calledBack: string;

    const q = (host: string | undefined, kind: Query['kind'], name: string): Query => ({ host, kind, name });
    const click = (query: Query) => withElement(engine, query, (element) => engine.click(element));
    const fill = (query: Query, text: string) => withElement(engine, query, (element) => engine.type(element, text));
    const href = (query: Query) => withElement(engine, query, (link) => engine.evaluate<string>('(link) => link.href', link));
    const noErrors = async () => assert.deepEqual(await engine.takeErrors(), [], `no console error in ${engineName}`);

    before(async () => {
      server = await startServer({ DEMO: 'true' });
      // A year of activity, so that the transparency charts have bars to draw.
      await seedActivity(server.app, 'demo', new Date());
      engine = await launch();
    });

    after(async () => {
      await engine?.close();
      await server?.close();
    });

    it('renders every citizen element on the council page', async () => {
      await engine.goto(`${server.url}/?lang=ca`);
      await waitFor(engine, q('call-me-form', 'heading', '^Demaneu que us truquem$'));
      await waitFor(engine, q('video-appointment', 'heading', '^Demaneu cita per videotrucada$'));
      await waitFor(engine, q('office-hours', 'text', '^(Obert|Tancat) ara$'));
      await waitFor(engine, q('office-hours', 'css', 'table[part="table"] tbody tr'));
      await noErrors();
    });

    it('sends a callback request and shows its confirmation', async () => {
      const form = 'call-me-form';
      await engine.goto(`${server.url}/?lang=ca`);
      await fill(q(form, 'field', '^Nom'), 'Núria Soler');
      await fill(q(form, 'field', '^Telèfon'), '612 34 56 78');
      await fill(q(form, 'field', '^Expliqueu-nos breument'), 'Un certificat.');
      await click(q(form, 'choice', 'Accepto que les meves dades'));
      await click(q(form, 'button', '^Demana la trucada$'));
      await waitFor(engine, q(form, 'heading', '^Trucada sol·licitada$'));
      calledBack = /CB-[A-Z0-9]+/.exec(await textOf(engine, q(form, 'text', 'La vostra referència és CB-')))![0];
      await noErrors();
    });

    it('books a video appointment in three steps', async () => {
      const booking = 'video-appointment';
      await engine.goto(`${server.url}/?lang=ca`);
      await click(q(booking, 'choice', 'Alta al padró municipal'));
      await click(q(booking, 'button', '^Continua$'));
      await waitFor(engine, q(booking, 'heading', '^Trieu un dia i una hora$'));
      await click(q(booking, 'choice', '^\\d\\d:\\d\\d–\\d\\d:\\d\\d$'));
      await click(q(booking, 'button', '^Continua$'));
      await waitFor(engine, q(booking, 'heading', '^Les vostres dades$'));
      await fill(q(booking, 'field', '^Nom'), 'Jordi Vidal');
      await fill(q(booking, 'field', '^Adreça electrònica'), 'jordi@example.cat');
      await fill(q(booking, 'field', '^Telèfon'), '612 34 56 78');
      await click(q(booking, 'choice', 'Accepto que les meves dades'));
      await click(q(booking, 'button', '^Demana la cita$'));
      await waitFor(engine, q(booking, 'heading', '^Cita confirmada$'));
      booked = /VA-[A-Z0-9]+/.exec(await textOf(engine, q(booking, 'text', 'La vostra referència és VA-')))![0];
      await noErrors();
    });

    it("opens the booking from the emailed personal link, with the citizen's documents to send", async () => {
      assert.ok(booked, 'the booking above went through');
      await engine.goto(`${server.url}/dev/mail`);
      // Followed by address rather than by a click, so that the next look is at the mail, not the list it leaves.
      await engine.goto(await href(q(undefined, 'button', booked)));
      const mail = await textOf(engine, q(undefined, 'css', 'pre'));
      const link = /https?:\/\/\S+\/cita\?\S+/.exec(mail)?.[0];
      assert.ok(link, 'the confirmation email carries the personal link');
      await engine.goto(link);
      const view = 'video-appointment';
      await waitFor(engine, q(view, 'heading', '^La vostra cita per videotrucada$'));
      await waitFor(engine, q(view, 'text', `^${booked}$`));
      await waitFor(engine, q(view, 'heading', '^Els vostres documents$'));
      await waitFor(engine, q(view, 'choice', '^Tria fitxers$'));
      await noErrors();
    });

    it('draws the transparency charts', async () => {
      await engine.goto(`${server.url}/transparency?lang=ca`);
      await waitFor(engine, q('activity-panel', 'css', 'svg[part="chart-svg"] rect'));
      // What a sighted reader gets: every chart laid out with a size, and bars of some height in it.
      const charts = await engine.evaluate<Array<{ width: number; bars: number }>>(
        `(host) => [...document.querySelector(host).shadowRoot.querySelectorAll('svg[part="chart-svg"]')].map((chart) => ({
          width: chart.getBoundingClientRect().width,
          bars: [...chart.querySelectorAll('rect')].filter((bar) => bar.getBBox().height > 0).length,
        }))`,
        'activity-panel',
      );
      assert.ok(charts.length >= 4, `a chart per indicator: ${JSON.stringify(charts)}`);
      for (const chart of charts) assert.ok(chart.width > 100, `each chart is laid out: ${JSON.stringify(charts)}`);
      assert.ok(charts.filter((chart) => chart.bars > 0).length >= 4, `the charts have bars: ${JSON.stringify(charts)}`);
      await noErrors();
    });

    it('signs the agent in and shows the booking in the agenda', async () => {
      await engine.goto(`${server.url}/desk?lang=ca`);
      const desk = 'agent-desk';
      await fill(q(desk, 'field', '^Adreça electrònica'), DEMO_AGENT.email);
      await fill(q(desk, 'field', '^Contrasenya'), DEMO_AGENT.password);
      await click(q(desk, 'button', '^Inicia la sessió$'));
      await waitFor(engine, q(desk, 'text', `Sessió iniciada com a ${literal(DEMO_AGENT.name)}$`));
      await click(q(desk, 'button', '^Cites'));
      assert.ok(booked, 'the booking above went through');
      await click(q(desk, 'button', `^Obre ${booked}$`));
      await waitFor(engine, q(desk, 'heading', `^Cita ${booked}$`));
      await waitFor(engine, q(desk, 'text', '^Jordi Vidal$'));
      await noErrors();
    });

    it('completes the callback in the desk, and its survey opens for the citizen', async () => {
      assert.ok(calledBack, 'the callback above went through');
      const desk = 'agent-desk';
      await click(q(desk, 'button', '^Trucades'));
      await waitFor(engine, q(desk, 'heading', `^${calledBack}( |$)`));
      await click(q(desk, 'button', '^Assigna-me-la'));
      await click(q(desk, 'button', '^Comença la trucada'));
      await click(q(desk, 'choice', '^Hem parlat$'));
      await click(q(desk, 'button', '^Desa el resultat'));
      const survey = await href(q(desk, 'button', '^Invitació a l’enquesta de satisfacció$'));
      assert.match(survey, /\/survey\?council=demo&token=/);
      await engine.goto(survey);
      await waitFor(engine, q('satisfaction-survey', 'heading', '^Com us hem atès\\?$'));
      await noErrors();
    });
  });
}
