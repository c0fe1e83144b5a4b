import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import nodemailer from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser/index.js';
import type { CouncilConfig } from '../councils/schemas.js';
import type { IncidentSubject } from '../incidents/index.js';
import { escape, simplePage } from '../pages/templates.js';
import { withCouncilHeader } from './compose.js';

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

export interface MailMessage {
  /** The council writing: the sender's name and address, the Reply-To, and the logo and name atop the HTML. */
  council: CouncilConfig;
  /** What the message is for: a failure is an incident of this subject (modules/incidents), which a later success resolves. */
  about: Omit<IncidentSubject, 'kind'>;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
}

/** What the outbox folder keeps next to each .eml, so the demo can list messages without a MIME parser. */
interface OutboxEntry {
  id: string;
  to: string;
  subject: string;
  date: string;
  text: string;
  /** File names of the attachments, so the demo can say a calendar file came with the message. */
  attachments?: string[];
}

export interface Mailer {
  /** Sends a message; returns the id it got in the outbox folder, or null when sent by SMTP. */
  send(message: MailMessage): Promise<string | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    mail: Mailer;
  }
}

const ID_PATTERN = /^[0-9TZ-]+-[0-9a-f]{8}$/;

async function outboxEntries(dir: string): Promise<OutboxEntry[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries = await Promise.all(
    names.filter((name) => name.endsWith('.json')).map(async (name) => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as OutboxEntry),
  );
  return entries.sort((a, b) => (a.id < b.id ? 1 : -1));
}

/** The demo's view of the outbox folder: what would have been emailed. */
async function devRoutes(fastify: FastifyInstance, dir: string) {
  const page = { schema: { hide: true } };
  fastify.get('/dev/mail', page, async (_request, reply) => {
    const entries = await outboxEntries(dir);
    const rows = entries
      .map(
        (entry) =>
          `<tr><td><a href="/dev/mail/${escape(entry.id)}">${escape(entry.subject)}</a></td><td>${escape(entry.to)}</td><td><time datetime="${escape(entry.date)}">${escape(entry.date)}</time></td></tr>`,
      )
      .join('');
    const body = entries.length
      ? `<table><caption>Outbox</caption><thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Date</th></tr></thead><tbody>${rows}</tbody></table>`
      : '<p>No messages yet.</p>';
    return reply.type('text/html; charset=utf-8').send(simplePage({ language: 'en', title: 'Outbox (demo)', body }));
  });
  fastify.get<{ Params: { id: string } }>('/dev/mail/:id', page, async (request, reply) => {
    const { id } = request.params;
    const entry = ID_PATTERN.test(id)
      ? await readFile(path.join(dir, `${id}.json`), 'utf8').then((text) => JSON.parse(text) as OutboxEntry, () => undefined)
      : undefined;
    if (!entry) {
      return reply
        .code(404)
        .type('text/html; charset=utf-8')
        .send(simplePage({ language: 'en', title: 'Message not found', body: '<p><a href="/dev/mail">Outbox</a></p>' }));
    }
    const body = `<dl><dt>To</dt><dd>${escape(entry.to)}</dd><dt>Date</dt><dd>${escape(entry.date)}</dd></dl>
<pre class="mail-text">${escape(entry.text)}</pre>
${entry.attachments?.length ? `<p>Attachments: ${entry.attachments.map(escape).join(', ')}</p>` : ''}
<p><a href="/dev/mail">Outbox</a></p>`;
    return reply.type('text/html; charset=utf-8').send(simplePage({ language: 'en', title: entry.subject, body }));
  });
}

/**
 * Outgoing mail. With SMTP_URL it goes to that server; without it, each message is written
 * to DATA_DIR/mail as an .eml file, which is what the embedded default and the demo need:
 * nothing leaves the machine and every message can be read (in the demo at /dev/mail).
 */
export default fp(
  async (fastify) => {
    const { mail, dataDir, demo } = fastify.config;
    const dir = path.join(dataDir, 'mail');
    // MAIL_FROM gives the address councils without their own send from; the name is always the council's.
    const defaultAddress = addressparser(mail.from, { flatten: true })[0]!.address;
    let send: Mailer['send'];

    /**
     * What nodemailer sends for a council: the logo travels as an inline (CID) attachment, shown
     * by mail clients without fetching anything, so no "show images" prompt, no tracking pixel and
     * no dependency on this server being reachable when the message is read.
     */
    function envelope({ council, html, attachments = [], about: _about, ...message }: MailMessage) {
      const logo = fastify.branding.logo(council.id);
      const cid = `logo.${council.id}@finestreta`;
      return {
        ...message,
        from: { name: council.name, address: council.mail?.from ?? defaultAddress },
        ...(council.mail?.replyTo && { replyTo: council.mail.replyTo }),
        html: withCouncilHeader(html, fastify.branding.of(council), logo && cid),
        attachments: [...attachments, ...(logo ? [{ filename: 'logo.png', content: logo.mailPng, contentType: 'image/png', cid }] : [])],
      };
    }

    if (mail.smtpUrl) {
      const transport = nodemailer.createTransport(mail.smtpUrl);
      fastify.addHook('onClose', () => transport.close());
      send = async (message) => {
        await transport.sendMail(envelope(message));
        return null;
      };
    } else {
      const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      send = async (message) => {
        const date = fastify.now();
        const id = `${date.toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}`;
        const info = await transport.sendMail({ date, ...envelope(message) });
        await mkdir(dir, { recursive: true });
        await writeFile(path.join(dir, `${id}.eml`), info.message as Buffer);
        const entry: OutboxEntry = {
          id,
          to: message.to,
          subject: message.subject,
          date: date.toISOString(),
          text: message.text,
          attachments: message.attachments?.map((attachment) => attachment.filename),
        };
        await writeFile(path.join(dir, `${id}.json`), JSON.stringify(entry));
        return id;
      };
    }

    fastify.decorate<Mailer>('mail', {
      async send(message) {
        const incident = { kind: 'email' as const, ...message.about };
        try {
          const id = await send(message);
          await fastify.incidents.recovered(incident);
          return id;
        } catch (error) {
          await fastify.incidents.failed({ ...incident, councilId: message.council.id }, error);
          throw error;
        }
      },
    });
    if (demo) await fastify.register(async (instance) => devRoutes(instance, dir));
  },
  { name: 'mail', dependencies: ['branding', 'incidents'] },
);
