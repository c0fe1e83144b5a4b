import { css, unsafeCSS, type LitElement } from 'lit';
import type { Council } from './types.js';

/**
 * Theme tokens. Every widget reads these custom properties and falls back to the default shown,
 * so it looks right on a page with no theme at all. Set them on any ancestor (or on the element):
 *
 * | Custom property                | Default                               | Used for                              |
 * | ------------------------------ | ------------------------------------- | ------------------------------------- |
 * | `--fin-color-primary`          | `#005ea5`                             | buttons, links, accents               |
 * | `--fin-color-primary-contrast` | `#ffffff`                             | text on the primary colour            |
 * | `--fin-color-text`             | `#1f2328`                             | body text                             |
 * | `--fin-color-text-muted`       | `#4f5962`                             | secondary text                        |
 * | `--fin-color-background`       | `#ffffff`                             | widget background                     |
 * | `--fin-color-surface`          | `#f3f5f7`                             | panels, table headers                 |
 * | `--fin-color-border`           | `#6b7280`                             | borders and form field outlines       |
 * | `--fin-color-error`            | `#b3261e`                             | error text and borders                |
 * | `--fin-color-success`          | `#1b6e3a`                             | "open now" and confirmations          |
 * | `--fin-color-focus`            | `#1d4ed8`                             | keyboard focus outline                |
 * | `--fin-font-family`            | `system-ui, sans-serif`               | all text                              |
 * | `--fin-font-size`              | `1rem`                                | base text size                        |
 * | `--fin-radius`                 | `0.375rem`                            | corners                               |
 * | `--fin-spacing`                | `1rem`                                | base spacing unit                     |
 * | `--fin-focus-width`            | `3px`                                 | keyboard focus outline width          |
 *
 * The default colours meet WCAG 2.1 AA on the default background: text 4.5:1 or more, borders
 * and the focus outline 3:1 or more. A council that changes them owns that contrast.
 *
 * A widget that loads its council's profile takes the council's colour (`branding.primaryColor`,
 * which the server refuses below 4.5:1 against white) as its default `--fin-color-primary`: the
 * page's own `--fin-color-primary` still wins, since the council's is only the fallback.
 */
const defaults = {
  'color-primary': '#005ea5',
  'color-primary-contrast': '#ffffff',
  'color-text': '#1f2328',
  'color-text-muted': '#4f5962',
  'color-background': '#ffffff',
  'color-surface': '#f3f5f7',
  'color-border': '#6b7280',
  'color-error': '#b3261e',
  'color-success': '#1b6e3a',
  'color-focus': '#1d4ed8',
  'font-family': 'system-ui, sans-serif',
  'font-size': '1rem',
  radius: '0.375rem',
  spacing: '1rem',
  'focus-width': '3px',
} as const;

export type TokenName = keyof typeof defaults;

/** Where a widget keeps its council's colour: private, so a page never sets it by accident. */
const COUNCIL_PRIMARY = '--fin-council-color-primary';

/** `var(--fin-<name>, <default>)` for use inside `css` templates, so no use can forget its fallback. */
export function token(name: TokenName) {
  const fallback = name === 'color-primary' ? `var(${COUNCIL_PRIMARY}, ${defaults[name]})` : defaults[name];
  return unsafeCSS(`var(--fin-${name}, ${fallback})`);
}

const councilSheets = new WeakMap<LitElement, CSSStyleSheet>();

/**
 * Makes the council's colour the default accent of `host` and the widgets inside it, through a
 * stylesheet of the shadow root (the page's policy may forbid inline styles; the host's own
 * attributes stay the page's). Anything but a `#rrggbb` colour is ignored: CSS is never taken
 * from an answer.
 */
export function applyCouncilColor(host: LitElement, council: Partial<Pick<Council, 'branding'>>): void {
  const color = council.branding?.primaryColor;
  const root = host.renderRoot;
  if (!color || !/^#[0-9a-fA-F]{6}$/.test(color) || !(root instanceof ShadowRoot)) return;
  let sheet = councilSheets.get(host);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    councilSheets.set(host, sheet);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }
  sheet.replaceSync(`:host { ${COUNCIL_PRIMARY}: ${color}; }`);
}

/** What every widget shares: box model, typography, the focus ring, the error message and hidden text. */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    color: ${token('color-text')};
    font-family: ${token('font-family')};
    font-size: ${token('font-size')};
    line-height: 1.5;
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  :focus-visible {
    outline: ${token('focus-width')} solid ${token('color-focus')};
    outline-offset: 2px;
  }

  [part~='error'] {
    margin: 0;
    padding: calc(${token('spacing')} * 0.75);
    border-inline-start: 4px solid ${token('color-error')};
    background: ${token('color-background')};
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
  }

  button {
    font: inherit;
    cursor: pointer;
    padding: calc(${token('spacing')} * 0.5) ${token('spacing')};
    border: 2px solid ${token('color-primary')};
    border-radius: ${token('radius')};
    background: ${token('color-primary')};
    color: ${token('color-primary-contrast')};
  }

  button[disabled] {
    cursor: progress;
    opacity: 0.75;
  }
`;

/** The framed box of a citizen widget's `base` part. */
export const cardStyles = css`
  [part~='base'] {
    padding: ${token('spacing')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-background')};
  }
`;
