import { css } from 'lit';
import { errorSummaryStyles } from '../shared/error-summary.styles.js';
import { token } from '../shared/theme.js';

export const styles = css`
  [part~='base'] {
    max-width: 60rem;
    margin-inline: auto;
    padding: ${token('spacing')};
    background: ${token('color-background')};
  }

  /* A call with the procedure beside it takes the whole width of a desk's screen. */
  [part~='base']:has(fin-appointment-agenda[in-call]) {
    max-width: none;
  }

  [part~='heading'] {
    margin: 0 0 ${token('spacing')};
    line-height: 1.25;
  }

  [part~='heading']:focus {
    outline: none;
  }

  ${errorSummaryStyles}

  [part~='field'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.25);
    margin-block-end: ${token('spacing')};
  }

  [part~='label'] {
    font-weight: 700;
  }

  [part~='field-error'] {
    margin: 0;
    color: ${token('color-error')};
    font-weight: 700;
  }

  [part~='input'] {
    font: inherit;
    max-width: 24rem;
    padding: calc(${token('spacing')} * 0.5);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    background: ${token('color-background')};
  }

  [part~='input'][aria-invalid='true'] {
    border-color: ${token('color-error')};
  }

  /* Styled as the form's button: for many agents it is the way in. */
  [part~='identity-provider-link'] {
    display: inline-block;
    padding: calc(${token('spacing')} * 0.5) ${token('spacing')};
    border: 2px solid ${token('color-primary')};
    border-radius: ${token('radius')};
    background: ${token('color-primary')};
    color: ${token('color-primary-contrast')};
    font-weight: 700;
    text-decoration: none;
  }

  [part~='identity-provider-link']:hover {
    text-decoration: underline;
  }

  [part~='password-intro'] {
    margin-block: ${token('spacing')};
    color: ${token('color-text-muted')};
  }

    [part~='language-list'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: calc(${token('spacing')} / 2);
    margin: 0 0 ${token('spacing')};
    padding: 0;
    list-style: none;
  }

  /* A quiet outline button, so the switch does not compete with the view's own actions. */
  [part~='language-button'] {
    min-height: 44px;
    background: ${token('color-background')};
    color: ${token('color-primary')};
    border: 1px solid ${token('color-primary')};
  }

  [part~='language-button'][aria-pressed='true'] {
    background: ${token('color-primary')};
    color: ${token('color-primary-contrast')};
  }

  [part~='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: ${token('spacing')};
    padding-block-end: ${token('spacing')};
    border-block-end: 1px solid ${token('color-border')};
  }

  [part~='header'] [part~='heading'] {
    margin: 0;
  }

  [part~='identity'] {
    margin: 0;
    color: ${token('color-text-muted')};
  }

  [part~='main'] {
    padding-block: ${token('spacing')};
  }

  [part~='queue-heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
  }

  [part~='tabs'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.25);
    margin-block-end: ${token('spacing')};
    border-block-end: 2px solid ${token('color-border')};
  }

  [part~='tab'] {
    min-height: 44px;
    border-color: transparent;
    border-radius: ${token('radius')} ${token('radius')} 0 0;
    background: ${token('color-background')};
    color: ${token('color-primary')};
  }

  [part~='tab'][part~='selected'] {
    border-color: ${token('color-primary')};
    background: ${token('color-primary')};
    color: ${token('color-primary-contrast')};
    font-weight: 700;
  }
`;
