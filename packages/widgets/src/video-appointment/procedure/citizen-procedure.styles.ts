import { css } from 'lit';
import { cardStyles, token } from '../../shared/theme.js';

/**
 * A compact panel: on a phone held upright it sits under the agent's video, so the steps take one
 * wrapped line, what is asked comes first, and the application folds away unless it is the step.
 * Touch targets are at least 44 × 44 CSS pixels.
 */
export const styles = css`
  ${cardStyles}

  [part~='base'] {
    padding: calc(${token('spacing')} * 0.75);
  }

  [part~='heading'] {
    margin: 0;
    font-size: 1.125em;
    line-height: 1.25;
  }

  [part~='where'] {
    margin: 0 0 calc(${token('spacing')} * 0.25);
    font-size: 1.0625em;
    font-weight: 700;
  }

  [part~='steps'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.25) calc(${token('spacing')} * 0.75);
    margin: 0 0 calc(${token('spacing')} * 0.5);
    padding: 0;
    list-style-position: inside;
    font-size: 0.875em;
    color: ${token('color-text-muted')};
  }

  [part~='step'][aria-current='step'] {
    color: ${token('color-text')};
    font-weight: 700;
  }

  [part~='step-failed'] [part~='step-state'] {
    color: ${token('color-error')};
  }

  [part~='asked'] {
    margin-block: calc(${token('spacing')} * 0.5);
    padding: calc(${token('spacing')} * 0.75);
    border-inline-start: 4px solid ${token('color-primary')};
    background: ${token('color-surface')};
  }

  [part~='asked-heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.25);
    font-size: 1.0625em;
    line-height: 1.25;
  }

  [part~='asked-heading']:focus {
    outline: none;
  }

  [part~='hint'],
  [part~='consent-text'],
  [part~='news'],
  [part~='status'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
  }

  [part~='hint'] {
    color: ${token('color-text-muted')};
  }

  [part~='news'] {
    padding: calc(${token('spacing')} * 0.5) calc(${token('spacing')} * 0.75);
    border-inline-start: 4px solid ${token('color-text-muted')};
    background: ${token('color-surface')};
  }

  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.5);
    margin-block-start: calc(${token('spacing')} * 0.5);
  }

  button {
    min-height: 44px;
  }

  button:not([part~='primary-button']) {
    background: ${token('color-background')};
    color: ${token('color-primary')};
  }

  button[aria-disabled='true'] {
    cursor: progress;
    opacity: 0.75;
  }

  [part~='code'] {
    display: flex;
    gap: 0.5em;
    margin: calc(${token('spacing')} * 0.5) 0;
    font-size: 2.5em;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    line-height: 1.1;
  }

  [part~='digit'] {
    min-width: 1.2em;
    padding: 0.1em 0.2em;
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-background')};
    text-align: center;
  }

  [part~='still-preview'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
  }

  [part~='still-image'] {
    display: block;
    max-width: 100%;
    max-height: 40vh;
    width: auto;
    height: auto;
    border: 1px solid ${token('color-border')};
  }

  [part~='still-progress'] {
    display: flex;
    align-items: center;
    gap: 0.5em;
    margin: 0 0 calc(${token('spacing')} * 0.5);
  }

  [part~='application'] {
    margin-block-start: calc(${token('spacing')} * 0.5);
  }

  [part~='application-summary'],
  [part~='fingerprint-summary'] {
    min-height: 44px;
    padding-block: 0.6em;
    cursor: pointer;
    color: ${token('color-primary')};
    font-weight: 700;
  }

  [part~='application-document'] {
    padding: calc(${token('spacing')} * 0.75);
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-background')};
  }

  [part~='document-title'] {
    margin: 0;
    font-size: 1.0625em;
  }

  [part~='document-heading'] {
    margin: calc(${token('spacing')} * 0.75) 0 calc(${token('spacing')} * 0.25);
    font-size: 1em;
  }

  [part~='document-addressee'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part~='document-items'] {
    margin: 0;
  }

  [part~='document-item'] {
    padding-block: 0.25em;
    border-block-end: 1px solid ${token('color-surface')};
  }

  [part~='document-term'] {
    color: ${token('color-text-muted')};
    font-size: 0.875em;
  }

  [part~='document-value'] {
    margin: 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }

  [part~='document-attachments'],
  [part~='document-declarations'] {
    margin: 0;
    padding-inline-start: 1.25em;
  }

  [part~='fingerprint'] {
    margin-block: calc(${token('spacing')} * 0.5);
  }

  [part~='fingerprint-short'] {
    margin: 0;
  }

  [part~='fingerprint-value'] {
    font-size: 1.0625em;
    word-spacing: 0.15em;
    overflow-wrap: anywhere;
  }

  [part~='field'] {
    display: grid;
    gap: 0.25em;
  }

  [part~='reason-input'] {
    width: 100%;
    font: inherit;
    padding: 0.5em;
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }
`;
