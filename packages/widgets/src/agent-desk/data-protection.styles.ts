import { css } from 'lit';
import { token } from '../shared/theme.js';

/** What the data protection panel adds to the desk's card list: its search form and the hold's reason. */
export const styles = css`
  form {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: end;
    margin-block: ${token('spacing')};
  }

  label {
    display: block;
    font-weight: 600;
  }

  input,
  select,
  textarea {
    min-height: 44px;
    font: inherit;
  }

  textarea {
    width: 100%;
    box-sizing: border-box;
  }

  [part~='hold-form'] {
    display: block;
  }
`;
