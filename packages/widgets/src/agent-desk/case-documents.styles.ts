import { css } from 'lit';
import { badgeStyles } from '../shared/state-badge.js';
import { token } from '../shared/theme.js';

export const styles = css`
  [part~='heading'] {
    margin: ${token('spacing')} 0 calc(${token('spacing')} * 0.5);
    font-size: 1.0625em;
  }

  [part~='subheading'] {
    margin: calc(${token('spacing')} * 0.75) 0 calc(${token('spacing')} * 0.25);
    font-size: 1em;
  }

  [part~='expected-list'],
  [part~='documents'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='expected'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.5);
    align-items: center;
  }

  [part~='document'] {
    padding: calc(${token('spacing')} * 0.75);
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  [part~='document'] p {
    margin: 0 0 calc(${token('spacing')} * 0.25);
  }

  [part~='document-name'] {
    font-weight: 700;
    overflow-wrap: anywhere;
  }

  [part~='document-name']:focus {
    outline: none;
  }

  [part~='document-meta'],
  [part~='hash'] {
    color: ${token('color-text-muted')};
  }

  [part~='hash'] code {
    font-size: 0.8125em;
    word-break: break-all;
  }

  ${badgeStyles}

  [part~='state-accepted'] {
    color: ${token('color-success')};
  }

  [part~='state-rejected'],
  [part~='state-missing'],
  [part~='reason'],
  [part~='scan-warning'],
  [part~='field-error'] {
    color: ${token('color-error')};
  }

  [part~='document-actions'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(${token('spacing')} * 0.5);
    margin-block: calc(${token('spacing')} * 0.5);
  }

  [part~='document-actions'] button,
  [part~='link-button'],
  [part~='copy-button'] {
    min-height: 44px;
  }

  [part~='preview-button'],
  [part~='cancel-button'],
  [part~='copy-button'] {
    color: ${token('color-primary')};
    background: ${token('color-background')};
  }

  [part~='download-link'] {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    color: ${token('color-primary')};
  }

  [part~='preview'] {
    display: block;
    width: 100%;
    max-width: 48rem;
    border: 1px solid ${token('color-border')};
    background: ${token('color-background')};
  }

  iframe[part~='preview'] {
    height: 32rem;
  }

  [part~='reject-form'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.25);
  }

  [part~='label'] {
    font-weight: 700;
  }

  [part~='textarea'],
  [part~='input'] {
    font: inherit;
    width: 100%;
    max-width: 40rem;
    min-height: 44px;
    padding: calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    background: ${token('color-background')};
  }

  [aria-invalid='true'] {
    border-color: ${token('color-error')};
  }

  [part~='upload-link'] {
    display: grid;
    justify-items: start;
    gap: calc(${token('spacing')} * 0.25);
    margin-block-start: ${token('spacing')};
  }

  [part~='link-expires'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }
`;
