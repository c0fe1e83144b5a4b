import { provide } from '@lit/context';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { attachContextRoot, configContext, type FinConfig } from './context.js';
import { defineElement } from './define.js';

attachContextRoot();

/**
 * Shares configuration with every Finestreta widget inside it. A widget's own attribute wins over it.
 *
 * @summary Configuration provider for the widgets it contains.
 * @tagname finestreta-config
 *
 * @slot - The widgets (and any other content) to configure.
 *
 * @attr api - Base URL of the Finestreta server, e.g. `https://oac.example.cat`; empty means this page's origin.
 * @attr council - The council's identifier, e.g. `rubi`.
 * @attr lang - Language of the widgets inside (`ca`, `es` or `en`).
 */
export class FinestretaConfig extends LitElement {
  /** It only groups the widgets; the page lays them out as if it were not there. */
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static define(tag = 'finestreta-config'): void {
    defineElement(tag, this);
  }

  /** Base URL of the Finestreta server; empty means this page's origin. */
  @property() api?: string;

  /** The council's identifier. */
  @property() council?: string;

  /** Language of the widgets inside; it is also an ordinary `lang` attribute for the content. */
  @property({ reflect: true }) override lang!: string;

  /** What the widgets inside receive; unset attributes are left out so the widgets' defaults apply. */
  @provide({ context: configContext })
  protected config: FinConfig = {};

  /**
   * Publish the attributes before the provider announces itself: when it upgrades after its widgets,
   * they receive the configuration at once instead of an empty one until the first render.
   */
  override connectedCallback() {
    this.config = this.snapshot();
    super.connectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('api') || changed.has('council') || changed.has('lang')) this.config = this.snapshot();
  }

  /** A new object each time: the provider notifies its consumers only when the value changes identity. */
  private snapshot(): FinConfig {
    return { api: this.api || undefined, council: this.council || undefined, lang: this.lang || undefined };
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'finestreta-config': FinestretaConfig;
  }
}
