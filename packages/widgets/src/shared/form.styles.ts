import { css } from 'lit';
import { errorSummaryStyles } from './error-summary.styles.js';
import { cardStyles, token } from './theme.js';

/**
 * What the citizen forms share: panels, the error summary, fields, the radio choices of the slot
 * picker, the confirmation. Touch targets of at least 44 × 44 CSS pixels (WCAG 2.5.5), and one
 * column on a 360 px phone.
 */
export const formStyles = css`
  ${cardStyles}

  [part~='heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    line-height: 1.25;
  }

  [part~='heading']:focus,
  [part~='subheading']:focus {
    outline: none;
  }

  [part~='subheading'] {
    margin: ${token('spacing')} 0 calc(${token('spacing')} * 0.25);
    font-size: 1.125em;
    line-height: 1.25;
  }

  [part~='intro'],
  [part~='hint'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    color: ${token('color-text-muted')};
  }

  [part~='status']:empty {
    display: none;
  }

  [part~='status'] {
    margin: calc(${token('spacing')} * 0.5) 0 0;
  }

  [part~='retry-button'] {
    margin-block-start: calc(${token('spacing')} * 0.5);
  }

  [part~='no-slots'],
  [part~='slot-taken'],
  [part~='queued'],
  [part~='confirmation'] {
    padding: ${token('spacing')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  [part~='no-slots'] > :first-child,
  [part~='slot-taken'] > :first-child {
    margin-block-start: 0;
  }

  [part~='slot-taken'] {
    margin-block-end: ${token('spacing')};
    border-inline-start: 4px solid ${token('color-error')};
  }

  [part~='confirmation'] {
    border-inline-start: 4px solid ${token('color-success')};
  }

  [part~='reference'] {
    font-size: 1.25em;
    font-weight: 700;
  }

  ${errorSummaryStyles}

  [part~='field'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.25);
    margin: 0 0 ${token('spacing')};
    min-width: 0;
  }

  [part~='fieldset'] {
    padding: 0;
    border: 0;
    margin: 0 0 calc(${token('spacing')} * 0.75);
    min-width: 0;
  }

  [part~='label'],
  [part~='legend'] {
    padding: 0;
    font-weight: 700;
  }

  [part~='legend'] {
    margin-block-end: calc(${token('spacing')} * 0.25);
  }

  [part~='field-error'] {
    margin: 0;
    color: ${token('color-error')};
    font-weight: 700;
  }

  [part~='input'],
  [part~='select'],
  [part~='textarea'] {
    font: inherit;
    width: 100%;
    max-width: 28rem;
    min-height: 44px;
    padding: calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    background: ${token('color-background')};
  }

  [part~='textarea'] {
    max-width: 40rem;
    resize: vertical;
  }

  [aria-invalid='true'] {
    border-color: ${token('color-error')};
  }

  [part~='phone-normalised'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part~='choices'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.5);
  }

  [part~='day-list'] {
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
  }

  [part~='time-list'] {
    grid-template-columns: repeat(auto-fill, minmax(7.5rem, 1fr));
  }

  [part~='choice'] {
    display: flex;
    align-items: center;
    gap: calc(${token('spacing')} * 0.5);
    min-height: 44px;
    padding: calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-background')};
    cursor: pointer;
  }

  [part~='choice'] > span {
    display: grid;
  }

  [part~='choice'][part~='checked'] {
    border-color: ${token('color-primary')};
    box-shadow: inset 0 0 0 1px ${token('color-primary')};
    font-weight: 700;
  }

  /* The whole box shows the ring, not just the small circle, so the focused choice is easy to see. */
  [part~='choice']:has(:focus-visible) {
    outline: ${token('focus-width')} solid ${token('color-focus')};
    outline-offset: 2px;
  }

  [part~='choice'] :focus-visible {
    outline: none;
  }

  [part~='radio'],
  [part~='checkbox'] {
    flex: none;
    width: 1.25rem;
    height: 1.25rem;
    margin: 0;
    accent-color: ${token('color-primary')};
  }

  [part~='day-name']::first-letter {
    text-transform: uppercase;
  }

  [part~='day-count'] {
    color: ${token('color-text-muted')};
    font-weight: 400;
    font-size: 0.875em;
  }

  [part~='checkbox-label'] {
    display: flex;
    align-items: flex-start;
    gap: calc(${token('spacing')} * 0.5);
    min-height: 44px;
    padding-block: calc(${token('spacing')} * 0.5);
    font-weight: 400;
    cursor: pointer;
  }

  [part~='checkbox'] {
    margin-block-start: 0.15em;
  }

  a {
    color: ${token('color-primary')};
  }

  [part~='submit-button'],
  [part~='resubmit-button'],
  [part~='retry-button'] {
    min-height: 44px;
    font-weight: 700;
  }

  .honeypot {
    position: absolute;
    left: -10000px;
    width: 1px;
    height: 1px;
    overflow: hidden;
  }
`;
