import { css } from 'lit';
import { token } from '../shared/theme.js';

export const styles = css`
  [part~='base'] {
    margin-block: ${token('spacing')};
    padding: ${token('spacing')};
    border: 3px solid ${token('color-error')};
    border-radius: ${token('radius')};
  }

  [part~='alert'] {
    font-weight: 700;
  }

  [part~='group'] {
    margin-block: calc(${token('spacing')} * 0.5);
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }

  ul {
    margin: 0;
    padding: 0;
    list-style: none;
    max-height: 16rem;
    overflow: auto;
  }

  [part~='booking'] label {
    display: flex;
    gap: calc(${token('spacing')} * 0.5);
    align-items: center;
    min-height: 44px;
  }

  [part~='confirm'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.5);
    align-items: center;
  }
`;
