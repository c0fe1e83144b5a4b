import { html, nothing } from 'lit';
import type { I18nController } from '../../shared/i18n.js';
import type { ApplicationDocument } from '@finestreta/server/contract';
import { shortFingerprint } from './fingerprint.js';

/**
 * The application as a document to read, not a form: its title and the body it is addressed to,
 * each section's items as terms and values, the attachments with their fingerprints, and the
 * declarations. The same rendering serves the live view and the document presented for agreement.
 */
export function renderApplicationDocument(i18n: I18nController, document: ApplicationDocument, headingLevel: 3 | 4) {
  const heading = (text: string, part: string) =>
    headingLevel === 3 ? html`<h4 part=${part}>${text}</h4>` : html`<h5 part=${part}>${text}</h5>`;
  return html`<article part="application-document" lang=${document.language}>
    ${headingLevel === 3 ? html`<h3 part="document-title">${document.title}</h3>` : html`<h4 part="document-title">${document.title}</h4>`}
    <p part="document-addressee">${i18n.t('myProcedureApplicationAddressed', { council: document.council })} · ${document.procedure}</p>
    ${document.sections.map(
      (section) => html`<section part="document-section">
        ${heading(section.heading, 'document-heading')}
        <dl part="document-items">
          ${section.items.map((item) => html`<div part="document-item"><dt part="document-term">${item.label}</dt><dd part="document-value">${item.value}</dd></div>`)}
        </dl>
      </section>`,
    )}
    ${document.attachments.length
      ? html`<section part="document-section">
          ${heading(i18n.t('myProcedureApplicationAttachments'), 'document-heading')}
          <ul part="document-attachments">
            ${document.attachments.map(
              (attachment) =>
                html`<li part="document-attachment">
                  ${attachment.name}
                  <span part="attachment-fingerprint">(${i18n.t('myProcedureApplicationFingerprint', { short: shortFingerprint(attachment.sha256) })})</span>
                </li>`,
            )}
          </ul>
        </section>`
      : nothing}
    ${document.declarations.length
      ? html`<section part="document-section">
          ${heading(i18n.t('myProcedureApplicationDeclarations'), 'document-heading')}
          <ul part="document-declarations">
            ${document.declarations.map((declaration) => html`<li part="document-declaration">${declaration}</li>`)}
          </ul>
        </section>`
      : nothing}
  </article>`;
}
