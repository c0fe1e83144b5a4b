import { css } from 'lit';
import { badgeStyles } from '../shared/state-badge.js';
import { token } from '../shared/theme.js';

export const styles = css`
  [part~='day-picker'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(${token('spacing')} * 0.5);
    margin-block-end: ${token('spacing')};
  }

  [part~='label'] {
    font-weight: 700;
    margin-inline-start: calc(${token('spacing')} * 0.5);
  }

  [part~='input'] {
    font: inherit;
    min-height: 44px;
    padding: calc(${token('spacing')} * 0.25) calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    background: ${token('color-background')};
  }

  [part~='day-button'],
  [part~='close-button'] {
    min-height: 44px;
    background: ${token('color-background')};
    color: ${token('color-primary')};
  }

  [part~='open-button'],
  [part~='no-show-button'] {
    min-height: 44px;
  }

  [part~='section'] {
    margin-block-end: calc(${token('spacing')} * 1.5);
  }

  [part~='section-heading'],
  [part~='details-heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    font-size: 1.125em;
  }

  [part~='details-heading']:focus {
    outline: none;
  }

  [part~='subheading'] {
    margin: ${token('spacing')} 0 calc(${token('spacing')} * 0.25);
  }

  [part~='count'],
  [part~='status'],
  [part~='no-show-hint'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    color: ${token('color-text-muted')};
  }

  [part~='table'] {
    width: 100%;
    border-collapse: collapse;
  }

  [part~='table'] th,
  [part~='table'] td {
    padding: calc(${token('spacing')} * 0.5);
    border-block-end: 1px solid ${token('color-border')};
    text-align: start;
    vertical-align: middle;
  }

  [part~='table'] thead th {
    background: ${token('color-surface')};
  }

  ${badgeStyles}

  [part~='state-no_show'],
  [part~='state-abandoned'],
  [part~='state-cancelled'] {
    color: ${token('color-text-muted')};
  }

  [part~='state-checked_in'],
  [part~='state-in_call'] {
    color: ${token('color-success')};
  }

  [part~='empty-state'] {
    margin: 0;
    padding: ${token('spacing')};
    border: 2px dashed ${token('color-border')};
    border-radius: ${token('radius')};
  }

  [part~='details'] {
    padding: ${token('spacing')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }

  [part~='fields'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.25);
    margin: ${token('spacing')} 0;
  }

  [part~='field'] {
    display: grid;
    grid-template-columns: minmax(8rem, auto) 1fr;
    gap: calc(${token('spacing')} * 0.5);
  }

  [part~='term'] {
    font-weight: 700;
  }

  [part~='value'] {
    margin: 0;
  }

  [part~='recording-parties'] {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
    gap: ${token('spacing')};
  }

  [part~='recording-party'] {
    margin: 0;
  }

  [part~='recording-player'] {
    display: block;
    width: 100%;
    max-width: 40rem;
    background: #000;
  }

  [part~='recording-party-name'] {
    font-weight: 700;
  }

  [part~='recording-hash'] code {
    overflow-wrap: anywhere;
  }

  a {
    color: ${token('color-primary')};
  }
`;
