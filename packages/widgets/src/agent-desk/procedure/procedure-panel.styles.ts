import { css } from 'lit';
import { token } from '../../shared/theme.js';

/** The steps as a short numbered list with their states in words, then the current step. */
export const styles = css`
  :host {
    display: block;
  }
  [part~='heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    line-height: 1.25;
  }
  [part~='steps'] {
    margin: 0 0 ${token('spacing')};
    padding-inline-start: 1.5rem;
  }
  [part~='step'] {
    padding-block: 0.125rem;
  }
  [part~='step-current'] {
    font-weight: 700;
  }
  [part~='step-current'] [part~='step-name'] {
    text-decoration: underline;
    text-underline-offset: 0.2em;
  }
  [part~='step-failed'] [part~='step-state'],
  [part~='error'],
  [part~='why'] {
    color: ${token('color-error')};
  }
  [part~='redo-button'] {
    margin-inline-start: 0.5rem;
    min-height: 2.75rem;
  }
  [part~='confirm'] {
    padding: calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-error')};
    border-radius: ${token('radius')};
  }
  [part~='confirm-button'],
  [part~='cancel-button'],
  [part~='next-button'],
  [part~='retry-button'] {
    min-height: 2.75rem;
    margin-inline-end: 0.5rem;
  }
  [part~='next'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
`;
