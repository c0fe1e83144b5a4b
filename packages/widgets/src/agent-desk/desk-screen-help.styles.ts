import { css } from 'lit';
import { token } from '../shared/theme.js';

/** The code large enough to read out over the phone; the citizen's screen as large as the column allows. */
export const styles = css`
  [part~='base'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.75);
    padding: ${token('spacing')};
    border: 2px solid ${token('color-primary')};
    border-radius: ${token('radius')};
    background: ${token('color-background')};
  }

  [part~='heading'],
  [part~='consent-heading'] {
    margin: 0;
    font-size: 1.15em;
  }

  p,
  figure {
    margin: 0;
  }

  [part~='code-box'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.25);
    padding: calc(${token('spacing')} * 0.75);
    background: ${token('color-surface')};
    border-radius: ${token('radius')};
  }

  [part~='code-label'] {
    font-weight: 700;
  }

  [part~='code'] {
    font-family: ui-monospace, 'Cascadia Mono', 'DejaVu Sans Mono', monospace;
    font-size: 2.5em;
    font-weight: 700;
    letter-spacing: 0.12em;
    line-height: 1.2;
    color: ${token('color-text')};
  }

  [part~='code-group'] + [part~='code-group'] {
    margin-inline-start: 0.4em;
  }

  [part~='link'] {
    color: ${token('color-primary')};
    overflow-wrap: anywhere;
  }

  [part~='state'] {
    font-size: 1.05em;
  }

  [part~='recording'] {
    font-weight: 700;
    color: ${token('color-error')};
  }

  [part~='consent'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.5);
    padding: calc(${token('spacing')} * 0.75);
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }

  [part~='consent-buttons'],
  [part~='actions'] {
    display: flex;
    flex-wrap: wrap;
    gap: calc(${token('spacing')} * 0.5);
  }

  button {
    min-height: 44px;
  }

  [part~='consent-no'],
  [part~='stop-button'],
  [part~='close-button'] {
    background: ${token('color-background')};
    color: ${token('color-primary')};
  }

  [part~='picture-figure'] {
    display: grid;
    gap: calc(${token('spacing')} * 0.25);
  }

  [part~='picture-label'] {
    font-weight: 700;
  }

  [part~='picture'] {
    position: relative;
    touch-action: none;
    cursor: crosshair;
    background: #1f2328;
    border-radius: ${token('radius')};
  }

  [part~='screen-video'] {
    display: block;
    width: 100%;
    height: min(70vh, 42rem);
    object-fit: contain;
  }

  [part~='overlay'] {
    position: absolute;
    inset: 0;
    pointer-events: none;
  }

  [part~='marker'],
  [part~='crosshair'] {
    position: absolute;
    width: 28px;
    height: 28px;
    margin: -14px 0 0 -14px;
    border-radius: 50%;
  }

  [part~='marker'] {
    border: 4px solid ${token('color-primary')};
    box-shadow: 0 0 0 3px #ffffff;
  }

  [part~='crosshair'] {
    border: 3px dashed #ffffff;
    box-shadow: 0 0 0 3px #1f2328;
  }

  [part~='marker-path'] {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    fill: none;
    stroke: ${token('color-primary')};
    stroke-width: 4px;
    stroke-linecap: round;
    stroke-linejoin: round;
  }

  [part~='marker-path'] polyline {
    vector-effect: non-scaling-stroke;
  }

  [part~='picture-hint'] {
    color: ${token('color-text-muted')};
  }
`;
