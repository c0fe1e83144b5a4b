import { css } from 'lit';
import { cardStyles, token } from '../shared/theme.js';

/** The small picture with the agent's pointer: in the element and, alone, in the Picture-in-Picture window. */
export const pictureStyles = css`
  [part~='picture'] {
    position: relative;
    width: 100%;
    max-width: 32rem;
    margin: 0;
    overflow: hidden;
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: #1f2328;
  }

  [part~='video'] {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }

  [part~='marker'] {
    position: absolute;
    pointer-events: none;
  }

  [part~='path'] {
    inset: 0;
    width: 100%;
    height: 100%;
    fill: none;
    stroke: var(--fin-color-pointer, #d4351c);
    stroke-width: 4px;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  [part~='ring'] {
    width: 2.5rem;
    height: 2.5rem;
    transform: translate(-50%, -50%);
    border: 4px solid var(--fin-color-pointer, #d4351c);
    border-radius: 50%;
    box-shadow: 0 0 0 3px #ffffff;
    animation: fin-pointer-pulse 1s ease-out 3;
  }

  @keyframes fin-pointer-pulse {
    from {
      transform: translate(-50%, -50%) scale(1.8);
      opacity: 0.4;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    [part~='ring'] {
      animation: none;
    }
  }
`;

/** The Picture-in-Picture window's own page: the picture fills it, the status and Stop under it. */
export const pipPageStyles = css`
  body {
    margin: 0;
    padding: 8px;
    font: 15px/1.4 system-ui, sans-serif;
    color: #1f2328;
    background: #ffffff;
  }

  [part~='sharing-status'] {
    margin: 8px 0;
    font-weight: 700;
  }

  button {
    font: inherit;
    min-height: 44px;
    padding: 4px 12px;
    border: 2px solid #b10e1e;
    border-radius: 4px;
    background: #b10e1e;
    color: #ffffff;
    cursor: pointer;
  }
`;

export const styles = css`
  ${cardStyles}

  [part~='heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    line-height: 1.25;
  }

  [part~='intro'],
  [part~='who'],
  [part~='tip'],
  [part~='message'],
  [part~='no-screen-share'],
  [part~='pip-open'],
  [part~='no-pointer'] {
    margin: 0 0 ${token('spacing')};
  }

  [part~='terms'] {
    margin: 0 0 ${token('spacing')};
    padding-inline-start: 1.25em;
  }

  [part~='code-input'] {
    max-width: 10ch;
    font-size: 1.5em;
    letter-spacing: 0.2em;
    font-variant-numeric: tabular-nums;
  }

  [part~='share-error'] {
    margin: 0 0 ${token('spacing')};
    padding: calc(${token('spacing')} * 0.75);
    border-inline-start: 4px solid ${token('color-error')};
  }

  [part~='sharing-bar'] {
    position: sticky;
    top: 0;
    z-index: 1;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: calc(${token('spacing')} * 0.5);
    margin: 0 0 ${token('spacing')};
    padding: calc(${token('spacing')} * 0.75);
    border: 2px solid var(--fin-color-sharing, #b10e1e);
    border-radius: ${token('radius')};
    background: ${token('color-background')};
  }

  [part~='sharing-status'] {
    margin: 0;
    font-weight: 700;
  }

  [part~='stop-button'] {
    min-height: 44px;
    font-weight: 700;
    border-color: var(--fin-color-sharing, #b10e1e);
    background: var(--fin-color-sharing, #b10e1e);
    color: #ffffff;
  }

  [part~='share-button'],
  [part~='camera-button'],
  [part~='pip-button'],
  [part~='another-code-button'],
  [part~='consent-yes'],
  [part~='consent-no'] {
    min-height: 44px;
  }

  [part~='consent'] {
    margin: 0 0 ${token('spacing')};
    padding: calc(${token('spacing')} * 0.75);
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }

  [part~='consent-buttons'],
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.5);
    margin: 0 0 ${token('spacing')};
  }

  [part~='status'],
  [part~='recording'] {
    margin: 0 0 ${token('spacing')};
  }

  ${pictureStyles}
`;
