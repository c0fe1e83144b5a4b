import { html, nothing } from 'lit';
import { ErrorCode } from '../shared/errors.js';
import type { MessageKey } from '../shared/i18n.js';
import { DocumentError } from './files.js';
import { formatPercent, formatTypes } from './labels.js';
import type { UploadLimits } from './types.js';
import { COUNTED, TOKEN_INVALID, type Item, type UploadQueue } from './upload-queue.js';
import type { DocUploadView } from './view.js';

const ERROR_TEXTS: Partial<Record<string, MessageKey>> = {
  [DocumentError.type]: 'docUploadErrorType',
  [DocumentError.tooLarge]: 'docUploadErrorTooLarge',
  [DocumentError.limit]: 'docUploadErrorLimit',
  [DocumentError.infected]: 'docUploadErrorInfected',
  [DocumentError.unreadable]: 'docUploadErrorUnreadable',
  [DocumentError.caseClosed]: 'docUploadErrorClosed',
  [TOKEN_INVALID]: 'docUploadErrorToken',
  [ErrorCode.network]: 'docUploadOffline',
};

/** The files on their way, each with its progress or state in words and its buttons (pause, resume, cancel, try again, remove). */
export function renderFileList(view: DocUploadView, queue: UploadQueue, limits: UploadLimits) {
  if (!queue.items.length) return nothing;
  return html`${view.heading(1, 'subheading', 'doc-upload-queue', view.i18n.t('docUploadQueueTitle'))}
    <ul part="file-list" aria-labelledby="doc-upload-queue">
      ${queue.items.map((item) => renderItem(view, queue, item, limits))}
    </ul>`;
}

function renderItem(view: DocUploadView, queue: UploadQueue, item: Item, limits: UploadLimits) {
  const { i18n } = view;
  const forName = view.expectedName(item.expected);
  const fraction = item.size ? item.sent / item.size : 0;
  const progressId = `progress-${item.id}`;
  const button = (label: MessageKey, action: () => Promise<void> | void) =>
    html`<button part="action-button" type="button" @click=${() => view.act(action())}>
      ${i18n.t(label)}<span class="visually-hidden"> ${item.fileName}</span>
    </button>`;
  const progress = () => i18n.t('docUploadProgressValue', { percent: formatPercent(fraction, i18n.locale), sent: view.size(item.sent), total: view.size(item.size) });
  let statusText: string;
  switch (item.status) {
    case 'preparing':
      statusText = i18n.t('docUploadPreparing');
      break;
    case 'queued':
      statusText = item.sent ? progress() : i18n.t('docUploadWaiting');
      break;
    case 'paused':
      statusText = `${i18n.t('docUploadPaused')} · ${formatPercent(fraction, i18n.locale)}`;
      break;
    case 'done':
      statusText = i18n.t('docUploadDone');
      break;
    default:
      statusText = progress();
  }
  const showProgress = item.status !== 'refused' && item.status !== 'preparing';
  return html`<li part="file file-${item.status}">
    <span part="file-name">${item.fileName}</span>
    ${forName ? html`<span part="file-for">${i18n.t('docUploadFileFor', { name: forName })}</span>` : nothing}
    ${showProgress
      ? html`<progress part="progress" id=${progressId} max=${item.size || 1} .value=${item.status === 'done' ? item.size || 1 : item.sent} aria-label=${i18n.t('docUploadProgressLabel', { name: item.fileName })}></progress>`
      : nothing}
    ${item.status !== 'refused' ? html`<span part="file-status">${statusText}</span>` : nothing}
    ${item.error && (item.status === 'refused' || item.status === 'interrupted') ? html`<p part="file-error" role="alert">${errorText(view, item, limits)}</p>` : nothing}
    <div part="file-actions">
      ${item.status === 'uploading' || item.status === 'queued' ? button('docUploadPause', () => queue.pause(item.id)) : nothing}
      ${item.status === 'paused' ? button('docUploadResume', () => queue.resume(item.id)) : nothing}
      ${item.status === 'interrupted' ? button('docUploadRetry', () => queue.resumeInterrupted()) : nothing}
      ${COUNTED.includes(item.status) ? button('docUploadCancel', () => queue.cancel(item.id)) : nothing}
      ${item.status === 'refused' || item.status === 'done' ? button('docUploadRemove', () => queue.dismiss(item.id)) : nothing}
    </div>
  </li>`;
}

/** Why a file was refused or stopped, with what the case's limits allow. */
function errorText(view: DocUploadView, item: Item, limits: UploadLimits): string {
  const key = ERROR_TEXTS[item.error?.code ?? ''] ?? 'docUploadErrorFailed';
  return view.i18n.t(key, {
    name: item.fileName,
    size: view.size(item.size),
    types: formatTypes(limits.types, view.i18n.locale, 'disjunction'),
    max: view.size(limits.maxFileBytes),
    count: limits.maxFiles,
    total: view.size(limits.maxTotalBytes),
  });
}
