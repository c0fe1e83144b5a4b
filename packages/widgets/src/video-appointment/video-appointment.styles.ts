import { css } from 'lit';
import { token } from '../shared/theme.js';

/** What only the video appointment has; panels, fields and choices come from the shared form styles. */
export const styles = css`
  [part~='progress'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part~='step-heading'] {
    margin: 0 0 ${token('spacing')};
    font-size: 1.25em;
    line-height: 1.25;
  }

  [part~='step-heading']:focus,
  [part~='success']:focus,
  [part~='action-error']:focus {
    outline: none;
  }

  [part~='procedure-name'] {
    font-weight: 700;
  }

  [part~='duration'],
  [part~='chosen'],
  [part~='join-hint'] {
    color: ${token('color-text-muted')};
  }

  [part~='chosen'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
  }

  [part~='documents'] {
    margin-block: ${token('spacing')};
  }

  [part~='documents'] [part~='subheading'] {
    margin-block-start: 0;
  }

  [part~='document-list'] {
    margin: 0;
    padding-inline-start: 1.25em;
  }

  [part~='actions'],
  [part~='change-buttons'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.5);
    margin-block-start: ${token('spacing')};
  }

  [part~='back-button'],
  [part~='cancel-button'],
  [part~='reschedule-button'] {
    min-height: 44px;
    background: ${token('color-background')};
    color: ${token('color-primary')};
  }

  [part~='next-button'],
  [part~='join-button'] {
    min-height: 44px;
    font-weight: 700;
  }

  [part~='join-button'] {
    display: block;
    margin-block: ${token('spacing')};
    font-size: 1.125em;
  }

  [part~='details'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.5);
    margin: 0 0 ${token('spacing')};
  }

  [part~='detail'] {
    display: grid;
    grid-template-columns: minmax(7rem, auto) 1fr;
    gap: calc(${token('spacing')} * 0.5);
  }

  @media (max-width: 30rem) {
    [part~='detail'] {
      grid-template-columns: 1fr;
      gap: 0;
    }
  }

  [part~='term'] {
    font-weight: 700;
  }

  [part~='value'] {
    margin: 0;
  }

  [part~='badge'] {
    display: inline-block;
    padding: 0 calc(${token('spacing')} * 0.5);
    border: 1px solid currentColor;
    border-radius: ${token('radius')};
    font-weight: 700;
  }

  [part~='countdown'] {
    margin: 0;
    font-size: 1.125em;
    font-weight: 700;
  }

  [part~='success'],
  [part~='invalid'],
  [part~='reschedule'],
  [part~='cancel'] {
    padding: ${token('spacing')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  [part~='success'] {
    border-inline-start: 4px solid ${token('color-success')};
  }

  [part~='cancel'] {
    border-inline-start: 4px solid ${token('color-error')};
  }

  [part~='action-error'] {
    margin-block-end: ${token('spacing')};
  }
`;
