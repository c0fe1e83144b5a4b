import { css } from 'lit';
import { token } from '../../shared/theme.js';

/** The identity check: compact enough for the call's side column, with what goes wrong said loudly. */
export const styles = css`
  :host {
    display: block;
  }
  [part~='heading'],
  [part~='subheading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    line-height: 1.25;
  }
  [part~='section'] {
    margin-block: ${token('spacing')};
    padding-block-start: calc(${token('spacing')} * 0.5);
    border-top: 1px solid ${token('color-border')};
  }
  [part~='fields'] {
    margin: 0;
  }
  [part~='field'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5rem;
  }
  [part~='term'] {
    font-weight: 700;
  }
  [part~='term']::after {
    content: ':';
  }
  [part~='value'] {
    margin: 0;
  }
  [part~='id-invalid'],
  [part~='verdict-bad'],
  [part~='check-bad'],
  [part~='comparison-bad'],
  [part~='outcome-bad'],
  [part~='error'],
  [part~='field-error'] {
    color: ${token('color-error')};
    font-weight: 700;
  }
  [part~='warning'] {
    padding: calc(${token('spacing')} * 0.5);
    border: 3px solid ${token('color-error')};
    border-radius: ${token('radius')};
    color: ${token('color-error')};
    font-weight: 700;
    font-size: 1.1em;
  }
  [part~='stills'] {
    display: grid;
    grid-template-columns: repeat(3, minmax(0, 1fr));
    gap: calc(${token('spacing')} * 0.5);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part~='still-kind'],
  [part~='still-meta'] {
    margin: 0.25rem 0;
    font-size: 0.875em;
  }
  [part~='still-kind'] {
    font-weight: 700;
  }
  [part~='zoom-button'] {
    display: block;
    width: 100%;
    padding: 0;
    border: 2px solid ${token('color-border')};
    background: #111;
    cursor: zoom-in;
  }
  [part~='thumbnail'] {
    display: block;
    width: 100%;
    aspect-ratio: 4 / 3;
    object-fit: contain;
  }
  [part~='zoom'] {
    max-width: 95vw;
    max-height: 95vh;
    padding: ${token('spacing')};
  }
  [part~='zoom-frame'] {
    overflow: auto;
    max-height: 80vh;
  }
  [part~='zoom-image'] {
    display: block;
    max-width: none;
    height: auto;
  }
  [part~='label'] {
    font-weight: 700;
  }
  [part~='mrz-form'] [part~='label'] {
    display: block;
  }
  [part~='input'],
  [part~='textarea'] {
    font: inherit;
    box-sizing: border-box;
    max-width: 100%;
    min-height: 2.75rem;
    padding: 0.25rem 0.5rem;
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    color: ${token('color-text')};
    background: ${token('color-background')};
  }
  [part~='textarea'] {
    display: block;
    width: 100%;
  }
  [part~='mrz-line'] {
    display: block;
    width: 31ch;
    font-family: ui-monospace, 'DejaVu Sans Mono', Consolas, monospace;
    letter-spacing: 0.05em;
    text-transform: uppercase;
  }
  [aria-invalid='true'] {
    border-color: ${token('color-error')};
  }
  [part~='action-button'] {
    min-height: 2.75rem;
    margin-block: 0.25rem;
  }
  [part~='checks'] {
    margin: 0;
    padding-inline-start: 1rem;
  }
  [part~='comparisons'] {
    border-collapse: collapse;
    margin-block: 0.5rem;
  }
  [part~='comparisons'] [part~='cell'],
  [part~='comparisons'] [part~='column-header'] {
    padding: 0.25rem 0.5rem;
    border: 1px solid ${token('color-border')};
    text-align: start;
  }
  [part~='caption'] {
    font-weight: 700;
    text-align: start;
  }
  [part~='checklist'],
  [part~='radios'] {
    margin: 0;
    padding: calc(${token('spacing')} * 0.5);
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
  }
  [part~='legend'] {
    font-weight: 700;
  }
  [part~='checkbox-field'],
  [part~='radio-field'] {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2.75rem;
  }
  [part~='checkbox'],
  [part~='radio'] {
    width: 1.25rem;
    height: 1.25rem;
  }
`;
