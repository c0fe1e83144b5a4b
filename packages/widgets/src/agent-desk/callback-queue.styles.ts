import { css } from 'lit';
import { token } from '../shared/theme.js';

export const styles = css`
  [part~='filters'] {
    display: flex;
    flex-wrap: wrap;
    gap: ${token('spacing')};
    margin-block-end: ${token('spacing')};
  }

  [part~='filter'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.25);
  }

  label,
  legend {
    font-weight: 700;
  }

  select,
  input[type='date'],
  textarea {
    font: inherit;
    min-height: 44px;
    padding: calc(${token('spacing')} * 0.25) calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    background: ${token('color-background')};
  }

  textarea {
    display: block;
    width: 100%;
    max-width: 36rem;
    margin-block: calc(${token('spacing')} * 0.25) calc(${token('spacing')} * 0.5);
  }

  [part~='latest'],
  [part~='action-error'] {
    margin: 0 0 ${token('spacing')};
    padding: calc(${token('spacing')} * 0.75);
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  [part~='latest'] {
    border-inline-start: 4px solid ${token('color-success')};
  }

  [part~='count'],
  [part~='status'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    color: ${token('color-text-muted')};
  }

  [part~='list'] {
    display: grid;
    gap: ${token('spacing')};
    margin: 0;
    padding: 0;
    list-style: none;
  }

  [part~='item'] {
    padding: ${token('spacing')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-background')};
  }

  [part~='reference'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(${token('spacing')} * 0.5);
    margin: 0 0 calc(${token('spacing')} * 0.5);
    font-size: 1.125em;
  }

  /* The state is in words; the outline only helps scanning. */
  [part~='badge'] {
    padding: 0 calc(${token('spacing')} * 0.5);
    border: 2px solid currentColor;
    border-radius: 999px;
    font-size: 0.875rem;
    font-weight: 700;
  }

  [part~='state-completed'] {
    color: ${token('color-success')};
  }

  [part~='state-failed'],
  [part~='state-cancelled'] {
    color: ${token('color-text-muted')};
  }

  [part~='details'] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
    gap: calc(${token('spacing')} * 0.5) ${token('spacing')};
    margin: 0 0 calc(${token('spacing')} * 0.75);
  }

  dt {
    color: ${token('color-text-muted')};
    font-size: 0.875rem;
  }

  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }

  dd ul {
    margin: 0;
    padding-inline-start: 1.25em;
  }

  a {
    color: ${token('color-primary')};
  }

  [part~='phone-link'] {
    font-weight: 700;
  }

  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.5);
  }

  [part~='action-button'],
  [part~='reassign-button'],
  [part~='retry-button'] {
    min-height: 44px;
  }

  [part~='reassign-form'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(${token('spacing')} * 0.5);
    margin-block-start: calc(${token('spacing')} * 0.5);
  }

  [part~='not-due'] {
    margin: 0;
    align-self: center;
    color: ${token('color-text-muted')};
  }

  [part~='outcome-form'] fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.5);
    margin: 0 0 calc(${token('spacing')} * 0.5);
    padding: 0;
    border: 0;
  }

  [part~='outcome-form'] legend {
    margin-block-end: calc(${token('spacing')} * 0.25);
  }

  [part~='choice'] {
    display: inline-flex;
    align-items: center;
    gap: calc(${token('spacing')} * 0.5);
    min-height: 44px;
    padding-inline: calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    font-weight: 400;
    cursor: pointer;
  }

  [part~='choice']:has(:checked) {
    border-color: ${token('color-primary')};
    font-weight: 700;
  }

  [part~='field-error'] {
    flex-basis: 100%;
    margin: 0;
    color: ${token('color-error')};
    font-weight: 700;
  }

  [part~='empty-state'] {
    margin: 0;
    padding: calc(${token('spacing')} * 2) ${token('spacing')};
    border: 2px dashed ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text-muted')};
    text-align: center;
  }

  [part~='documents-disclosure'],
  [part~='history-disclosure'] {
    margin-block-start: calc(${token('spacing')} * 0.5);
  }

  /* A list item keeps the disclosure triangle; the padding makes a 44 px target. */
  [part~='documents-summary'],
  [part~='history-summary'] {
    padding-block: calc(${token('spacing')} * 0.625);
    color: ${token('color-primary')};
    font-weight: 700;
    cursor: pointer;
  }

  [part~='screen-help'] {
    margin-block-end: ${token('spacing')};
  }

  [part~='screen-help-button'] {
    margin-block-end: calc(${token('spacing')} * 0.5);
  }
`;
