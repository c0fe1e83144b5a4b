import type { FastifyInstance } from 'fastify';
import { elementPage } from '../pages/element-page.js';
import { SCREEN_HELP_TEXTS } from './texts.js';

/**
 * GET /ajuda-pantalla: the page the emailed link opens when the council has no page of its own
 * for screen help. It embeds `<screen-help>`, which reads the session (`help`) from the address.
 */
export default async function screenHelpPage(fastify: FastifyInstance) {
  elementPage(fastify, '/ajuda-pantalla', SCREEN_HELP_TEXTS, ({ council }) => `<finestreta-config api="" council="${council}"><screen-help></screen-help></finestreta-config>`);
}
