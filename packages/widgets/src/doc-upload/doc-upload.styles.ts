import { css } from 'lit';
import { badgeStyles } from '../shared/state-badge.js';
import { token } from '../shared/theme.js';

/** What only the document upload has; panels, headings, labels and the select come from the shared form styles. */
export const styles = css`
  [part~='expected-list'],
  [part~='file-list'],
  [part~='documents'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='expected'],
  [part~='file'],
  [part~='document'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(${token('spacing')} * 0.25) calc(${token('spacing')} * 0.5);
    padding: calc(${token('spacing')} * 0.5) calc(${token('spacing')} * 0.75);
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  [part~='expected-name'],
  [part~='file-name'],
  [part~='document-name'] {
    font-weight: 700;
    overflow-wrap: anywhere;
  }

  ${badgeStyles}

  [part~='state-accepted'] {
    color: ${token('color-success')};
  }

  [part~='state-rejected'],
  [part~='state-missing'],
  [part~='file-error'],
  [part~='reason'] {
    color: ${token('color-error')};
  }

  [part~='reason'],
  [part~='file-error'] {
    flex-basis: 100%;
    margin: 0;
  }

  [part~='file-for'],
  [part~='file-status'],
  [part~='document-meta'] {
    color: ${token('color-text-muted')};
  }

  [part~='add-button'] {
    margin-inline-start: auto;
  }

  [part~='request'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    padding: calc(${token('spacing')} * 0.5) calc(${token('spacing')} * 0.75);
    border-inline-start: 4px solid ${token('color-primary')};
    background: ${token('color-surface')};
    font-weight: 700;
  }

  [part~='request']:focus {
    outline: ${token('focus-width')} solid ${token('color-focus')};
  }

  [part~='drop-zone'] {
    padding: ${token('spacing')};
    border: 2px dashed ${token('color-border')};
    border-radius: ${token('radius')};
    text-align: center;
  }

  [part~='dragging'] {
    border-color: ${token('color-primary')};
    background: ${token('color-surface')};
  }

  [part~='pick-zone'] {
    text-align: center;
  }

  [part~='drop-text'],
  [part~='pick-text'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
  }

  [part~='pickers'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: calc(${token('spacing')} * 0.5);
    margin-block-end: calc(${token('spacing')} * 0.5);
  }

  /* The real file inputs stay in the page (and in the tab order), drawn through their labels. */
  .file-input {
    position: absolute;
    width: 1px;
    height: 1px;
    opacity: 0;
  }

  [part~='choose-button'],
  [part~='camera-button'] {
    display: inline-flex;
    align-items: center;
    min-height: 44px;
    padding: calc(${token('spacing')} * 0.5) ${token('spacing')};
    border: 2px solid ${token('color-primary')};
    border-radius: ${token('radius')};
    background: ${token('color-primary')};
    color: ${token('color-primary-contrast')};
    font-weight: 700;
    cursor: pointer;
  }

  .file-input:focus-visible + [part~='choose-button'],
  .file-input:focus-visible + [part~='camera-button'] {
    outline: ${token('focus-width')} solid ${token('color-focus')};
    outline-offset: 2px;
  }

  [part~='progress'] {
    flex: 1 1 10rem;
    min-width: 8rem;
    height: 0.75rem;
    accent-color: ${token('color-primary')};
  }

  [part~='file-actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.25);
  }

  [part~='action-button'],
  [part~='add-button'] {
    min-height: 44px;
  }

  [part~='action-button'] {
    color: ${token('color-primary')};
    background: ${token('color-background')};
  }
`;
