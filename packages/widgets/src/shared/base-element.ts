import { consume } from '@lit/context';
import { html, LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { attachContextRoot, configContext, type FinConfig } from './context.js';
import { defineElement } from './define.js';
import { embeddingError, ErrorCode, FinError, isAbort, isEmbeddingFailure, toFinError } from './errors.js';
import { FinErrorEvent } from './events.js';
import { I18nController, type StringOverrides } from './i18n.js';
import { baseStyles } from './theme.js';

attachContextRoot();

type ConfigState = 'ready' | 'pending' | 'missing';

const PROVIDER_TAG = 'finestreta-config';

/** What the console already told the web team: every widget of a wrong embedding fails alike, one message is enough. */
const toldWebTeam = new Set<string>();

/** The nearest ancestor `<finestreta-config>` (crossing shadow roots), if any. */
function providerAncestor(element: Element): Element | null {
  for (let current: Element | null = element; current; ) {
    const provider = current.parentElement?.closest(PROVIDER_TAG);
    if (provider) return provider;
    const root = current.getRootNode();
    current = root instanceof ShadowRoot ? root.host : null;
    if (current?.localName === PROVIDER_TAG) return current;
  }
  return null;
}

/**
 * The base of every Finestreta widget: guarded registration, configuration from attributes or the
 * nearest `<finestreta-config>`, language, and the promise that nothing it does throws into the
 * host page. Subclasses render through `renderContent()`; a failure replaces it with a neutral message.
 *
 * @fires fin-error - Something failed; `{code, message, recoverable}`. The widget shows only a neutral message.
 * @csspart error - The neutral message shown when the widget cannot work.
 */
export abstract class FinElement extends LitElement {
  static override styles = [baseStyles];

  /** Whether the widget cannot work without a council (the desk takes its council from the session). */
  protected static requiresCouncil = true;

  /** Registers the element under `tag` unless that tag is taken; never throws. */
  static define(this: CustomElementConstructor, tag: string): void {
    defineElement(tag, this);
  }

  /** Base URL of the Finestreta server; wins over `<finestreta-config>`. Defaults to this page's origin. */
  @property() api?: string;

  /** The council's identifier; wins over `<finestreta-config>`. */
  @property() council?: string;

  /** Language (`ca`, `es`, `en`); wins over `<finestreta-config>`, the nearest `[lang]` and the browser. */
  @property({ reflect: true }) override lang!: string;

  /** Texts to use instead of the built-in ones, as an object or JSON: `{"key": "…"}` or `{"es": {"key": "…"}}`. */
  @property({ type: Object }) strings?: StringOverrides | null;

  /** What the nearest `<finestreta-config>` provides, kept up to date. */
  @consume({ context: configContext, subscribe: true })
  @state()
  protected provided?: FinConfig;

  /** An unexpected failure; from then on the widget shows the neutral message. */
  @state() private failure?: FinError;

  private configState: ConfigState = 'ready';

  protected readonly i18n = new I18nController(this, () => this.provided?.lang);

  /** The server's base URL in effect: attribute, else provider, else this page's origin. */
  protected get apiBase(): string {
    return this.api || this.provided?.api || location.origin;
  }

  /** The council in effect: attribute, else provider. */
  protected get councilId(): string | undefined {
    return this.council || this.provided?.council || undefined;
  }

  /**
   * `pending` when the council is absent but a `<finestreta-config>` around the widget has not
   * upgraded yet (reporting it missing then would be a false alarm), `missing` when it will not come.
   */
  private readConfigState(): ConfigState {
    if (!(this.constructor as typeof FinElement).requiresCouncil || this.councilId) return 'ready';
    const provider = providerAncestor(this);
    if (!provider || provider.matches(':defined')) return 'missing';
    void customElements.whenDefined(PROVIDER_TAG).then(() => this.requestUpdate());
    return 'pending';
  }

  /**
   * Tells the host page about a failure and returns it in the `fin-error` shape. A wrong embedding
   * (unknown council, origin not allowed) is no outage: the widget stops, and the console tells
   * the web team what to fix, since they may not listen to `fin-error`.
   */
  protected reportError(error: unknown): FinError {
    const misplaced = (this.constructor as typeof FinElement).requiresCouncil
      ? embeddingError(error, { api: this.apiBase, council: this.councilId ?? '', origin: location.origin })
      : undefined;
    if (misplaced) {
      if (!toldWebTeam.has(misplaced.message)) console.error(misplaced.message);
      toldWebTeam.add(misplaced.message);
      this.failure ??= misplaced;
    }
    const failure = misplaced ?? toFinError(error);
    this.emit(new FinErrorEvent(failure));
    return failure;
  }

  /**
   * Dispatches one of the `fin-*` events. The manifest takes events from the `@fires` tags; the
   * analyzer would otherwise guess names from each `dispatchEvent(new …)` call, and guess wrong.
   */
  protected emit(event: Event): void {
    this.dispatchEvent(event);
  }

  /** Runs async work whose unexpected failure must not reach the host page as an unhandled rejection. */
  protected guard(work: Promise<unknown>): void {
    work.catch((error: unknown) => {
      if (!isAbort(error)) this.fail(error);
    });
  }

  /** An update waits for the messages of the element's language when they are still to come: the first time, or after a change of language. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const texts = this.i18n.ready();
    return texts ? texts.then(() => this.runUpdate()) : this.runUpdate();
  }

  /**
   * Every lifecycle step (willUpdate, render, updated, controllers) runs inside this call, so one
   * catch here keeps an exception from escaping Lit's update promise into the page.
   */
  private runUpdate(): void | Promise<unknown> {
    try {
      return super.scheduleUpdate();
    } catch (error) {
      this.fail(error);
    }
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    super.willUpdate(changed);
    // Lit turns unparsable JSON into null; the widget carries on with its own texts, but says why.
    if (changed.has('strings') && this.strings === null && this.hasAttribute('strings')) {
      this.reportError(new FinError(ErrorCode.configInvalid, `The strings attribute of <${this.localName}> is not valid JSON.`, false));
    }
    const previous = this.configState;
    this.configState = this.readConfigState();
    if (this.configState === 'missing' && previous !== 'missing') {
      const hint = `<${this.localName}> needs a council: set its council attribute or wrap it in <finestreta-config council="…">.`;
      this.reportError(new FinError(ErrorCode.configMissing, hint, false));
    }
  }

  protected override render(): unknown {
    if (this.failure || this.configState === 'missing') return this.renderFailure();
    if (this.configState === 'pending') return html`<p part="status" role="status">${this.i18n.t('loading')}</p>`;
    return this.renderContent();
  }

  /** The widget's own view, once it has what it needs. */
  protected abstract renderContent(): unknown;

  /** The short neutral message; details go to `fin-error`, never to the citizen. */
  protected renderFailure(): TemplateResult {
    const misplaced = this.failure && isEmbeddingFailure(this.failure);
    return html`<p part="error" role="alert">${this.i18n.t(misplaced ? 'errorNotOnThisPage' : 'errorUnavailable')}</p>`;
  }

  private fail(error: unknown) {
    // A failure while showing the failure must not loop; the first one is what matters.
    if (this.failure) return;
    this.failure = this.reportError(error);
  }
}
