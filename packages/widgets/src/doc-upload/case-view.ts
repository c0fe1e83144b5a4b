import { html, nothing } from 'lit';
import { renderStateBadge } from '../shared/state-badge.js';
import { formatTypes, STATUS_LABELS } from './labels.js';
import type { CaseDocument, MyDocuments } from './types.js';
import type { DocUploadView } from './view.js';

/** The case's reference and procedure, its limits while it is open, and instead of them that it was cancelled. */
export function renderIntro(view: DocUploadView, data: MyDocuments) {
  const { i18n } = view;
  const { limits } = data;
  const { open, reference, procedure } = data.case;
  return html`<p part="intro">
      ${i18n.t('docUploadReference', { reference })}${procedure ? html` · ${procedure.name}` : nothing}
      ${open
        ? html`<br />
            ${i18n.t('docUploadLimits', {
              types: formatTypes(limits.types, i18n.locale, 'conjunction'),
              size: view.size(limits.maxFileBytes),
              count: limits.maxFiles,
              total: view.size(limits.maxTotalBytes),
            })}`
        : nothing}
    </p>
    ${open ? nothing : html`<p part="closed">${i18n.t('docUploadClosed')}</p>`}`;
}

/** The documents the office needs, each with its status, the reason of a rejection, and a button to send it while the case is open. */
export function renderExpected(view: DocUploadView, data: MyDocuments, addFor: (expectedId: string) => Promise<void>) {
  const { i18n } = view;
  const rejection = (id: string) => [...data.documents].reverse().find((d) => d.expected === id && d.state === 'rejected' && d.rejectionReason)?.rejectionReason;
  return html`${view.heading(1, 'subheading', 'doc-upload-expected', i18n.t('docUploadExpectedTitle'))}
    ${data.expected.length
      ? html`<ul part="expected-list" aria-labelledby="doc-upload-expected">
          ${data.expected.map((expected) => {
            const reason = expected.status === 'rejected' ? rejection(expected.id) : undefined;
            const needed = data.case.open && (expected.status === 'missing' || expected.status === 'rejected');
            return html`<li part="expected expected-${expected.status}">
              <span part="expected-name">${expected.name}</span>
              ${renderStateBadge(expected.status, i18n.t(STATUS_LABELS[expected.status]))}
              ${reason ? html`<p part="reason">${i18n.t('docUploadReason', { reason })}</p>` : nothing}
              ${needed
                ? html`<button part="add-button" type="button" @click=${() => view.act(addFor(expected.id))}>
                    ${i18n.t('docUploadAddFile')}<span class="visually-hidden"> ${expected.name}</span>
                  </button>`
                : nothing}
            </li>`;
          })}
        </ul>`
      : html`<p part="hint">${i18n.t('docUploadNoExpected')}</p>`}`;
}

/** The documents the case holds, with their review. */
export function renderDocuments(view: DocUploadView, documents: CaseDocument[]) {
  const { i18n } = view;
  const date = i18n.format({ day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
  return html`${view.heading(1, 'subheading', 'doc-upload-documents', i18n.t('docUploadReceivedTitle'))}
    ${documents.length
      ? html`<ul part="documents" aria-labelledby="doc-upload-documents">
          ${documents.map((doc) => {
            const forName = view.expectedName(doc.expected);
            return html`<li part="document">
              <span part="document-name">${doc.fileName}</span>
              ${renderStateBadge(doc.state, i18n.t(STATUS_LABELS[doc.state]))}
              ${forName ? html`<span part="file-for">${i18n.t('docUploadFileFor', { name: forName })}</span>` : nothing}
              <span part="document-meta">${i18n.t('docUploadDocumentMeta', { size: view.size(doc.bytes), date: date.format(new Date(doc.uploadedAt)) })}</span>
              ${doc.state === 'rejected' && doc.rejectionReason ? html`<p part="reason">${i18n.t('docUploadReason', { reason: doc.rejectionReason })}</p>` : nothing}
            </li>`;
          })}
        </ul>`
      : html`<p part="hint">${i18n.t('docUploadNoDocuments')}</p>`}`;
}
