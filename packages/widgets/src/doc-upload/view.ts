import type { TemplateResult } from 'lit';
import type { I18nController } from '../shared/i18n.js';

/** What the parts of `<doc-upload>` render with: the element's language, headings and guard. */
export interface DocUploadView {
  i18n: I18nController;
  /** A heading at the element's level (`offset` 0) or one below it, for its sections. */
  heading(offset: 0 | 1, part: string, id: string, text: string): TemplateResult;
  /** Runs what a button started; an unexpected failure is reported, never thrown into the page. */
  act(work: Promise<unknown> | void): void;
  /** The name of the expected document `id`, when the case expects it. */
  expectedName(id: string | null): string | undefined;
  /** A file's size in words. */
  size(bytes: number): string;
}
