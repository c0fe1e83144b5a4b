import { html, nothing, type TemplateResult } from 'lit';

export interface ErrorSummaryItem {
  /** The id of the control the link moves focus to. */
  field: string;
  message: string;
}

export interface ErrorSummaryOptions {
  title: string;
  /** A problem with the request as a whole, listed first and without a link. */
  formError?: string;
  items: ErrorSummaryItem[];
  /** Moves focus to the field; in a shadow root a fragment link cannot reach it. */
  onLink: (event: Event, field: string) => void;
}

/**
 * The GOV.UK-style error summary: a box that takes focus after a failed submission, says what is
 * wrong, and links to each field. Parts: `error-summary`, `error-summary-title`,
 * `error-summary-list`, `form-error`, `error-link`.
 */
export function renderErrorSummary(options: ErrorSummaryOptions): TemplateResult | typeof nothing {
  if (!options.items.length && !options.formError) return nothing;
  return html`<div part="error-summary" tabindex="-1" aria-labelledby="error-summary-title">
    <div role="alert">
      <h3 part="error-summary-title" id="error-summary-title">${options.title}</h3>
      <ul part="error-summary-list">
        ${options.formError ? html`<li part="form-error">${options.formError}</li>` : nothing}
        ${options.items.map(
          ({ field, message }) => html`<li><a part="error-link" href="#${field}" @click=${(event: Event) => options.onLink(event, field)}>${message}</a></li>`,
        )}
      </ul>
    </div>
  </div>`;
}

/** Moves focus to the first of `selectors` that matches in `root`. */
export function focusFirst(root: ParentNode, selectors: string[]): void {
  for (const selector of selectors) {
    const target = root.querySelector<HTMLElement>(selector);
    if (target) return target.focus();
  }
}
