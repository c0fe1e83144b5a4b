import type { FastifyInstance } from 'fastify';
import { elementPage } from '../pages/element-page.js';
import { APPOINTMENT_TEXTS } from './texts.js';

/**
 * GET /cita: the page citizens' personal links open when their council has no page of its own.
 * It embeds `<video-appointment>`, which reads the token from the address.
 */
export default async function appointmentPage(fastify: FastifyInstance) {
  elementPage(fastify, '/cita', APPOINTMENT_TEXTS, ({ council }) => `<finestreta-config api="" council="${council}"><video-appointment></video-appointment></finestreta-config>`);
}
