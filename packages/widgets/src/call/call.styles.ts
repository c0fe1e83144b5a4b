import { css } from 'lit';
import { token } from '../shared/theme.js';

/**
 * The device check and the call: video boxes that keep their shape from a phone held upright to a
 * desk's screen. The layout follows the element's own width (a container query), not the
 * window's, so a narrow column of a council's page or of the desk gets the phone layout too.
 */
export const styles = css`
  :host {
    container: fin-call / inline-size;
  }

  [part~='heading'] {
    margin: 0 0 calc(${token('spacing')} * 0.5);
    font-size: 1.15em;
  }

  [part~='heading']:focus {
    outline: none;
  }

  button {
    min-height: 2.75rem;
    padding: 0.5rem 1rem;
    border: 2px solid ${token('color-primary')};
    border-radius: ${token('radius')};
    background: ${token('color-background')};
    color: ${token('color-primary')};
    font: inherit;
    cursor: pointer;
  }

  button[aria-pressed='true'],
  [part~='continue-button'],
  [part~='admit-button'],
  [part~='consent-yes'] {
    background: ${token('color-primary')};
    color: ${token('color-primary-contrast')};
  }

  [part~='hang-up-button'] {
    border-color: ${token('color-error')};
    background: ${token('color-error')};
    color: #fff;
  }

  [part~='preview'],
  [part~='stage'] {
    display: block;
    width: 100%;
    max-width: 48rem;
    aspect-ratio: 16 / 9;
    border-radius: ${token('radius')};
    background: #111;
  }

  [part~='preview'] {
    max-width: 24rem;
    object-fit: cover;
  }

  [part~='meter'] {
    display: block;
    width: 100%;
    max-width: 24rem;
    height: 1rem;
  }

  [part~='field'] {
    margin: calc(${token('spacing')} * 0.5) 0;
  }

  [part~='label'] {
    display: block;
    font-weight: 600;
  }

  /* The desk's fields: its text size, a visible border and a 44 px target (the focus ring is the base one). */
  [part~='select'] {
    min-height: 2.75rem;
    max-width: 100%;
    padding: 0.25rem 0.5rem;
    border: 2px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-background')};
    color: ${token('color-text')};
    font: inherit;
  }

  [part~='device-error'],
  [part~='call-error'] {
    color: ${token('color-error')};
    font-weight: 600;
  }

  /* On a short screen (a desk laptop: 657 px under the browser’s bars) the video gives up width, so who waits above it, the controls under it and, in a procedure, the desk around it stay in view. */
  [part~='stage'] {
    position: relative;
    overflow: hidden;
    max-width: min(48rem, max(20rem, (100dvh - 22rem) * 16 / 9));
  }

  [part~='remote-video'] {
    width: 100%;
    height: 100%;
    object-fit: contain;
  }

  [part~='self-view'],
  [part~='self-off'] {
    position: absolute;
    right: 0.5rem;
    bottom: 0.5rem;
    width: 25%;
    min-width: 5rem;
    aspect-ratio: 16 / 9;
    object-fit: cover;
    border: 2px solid #fff;
    border-radius: ${token('radius')};
    background: #333;
  }

  [part~='self-off'] {
    display: grid;
    place-items: center;
    margin: 0;
    padding: 0.25rem;
    color: #fff;
    font-size: 0.875em;
    text-align: center;
  }

  [part~='stage-note'] {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    margin: 0;
    padding: ${token('spacing')};
    color: #fff;
    text-align: center;
  }

  [part~='indicators'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    margin: calc(${token('spacing')} * 0.5) 0;
  }

  [part~='quality-poor'],
  [part~='reconnecting'] {
    color: ${token('color-error')};
    font-weight: 600;
  }

  [part~='recording']::before {
    content: '●';
    margin-inline-end: 0.25rem;
    color: ${token('color-error')};
  }

  [part~='controls'],
  [part~='actions'],
  [part~='consent-buttons'],
  [part~='ask-document-form'],
  [part~='invite-form'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin: calc(${token('spacing')} * 0.5) 0;
    padding: 0;
    border: 0;
  }

  [part~='consent'],
  [part~='waiting-list'],
  [part~='ask-document'],
  [part~='invite'] {
    margin: ${token('spacing')} 0;
    padding: ${token('spacing')};
    border: 1px solid ${token('color-border')};
    border-radius: ${token('radius')};
    background: ${token('color-surface')};
  }

  /* Who waits takes one line while nobody does: above the video, it must not push it off a laptop's screen. */
  [part~='waiting-list'] {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    column-gap: 1rem;
    margin-block: calc(${token('spacing')} * 0.5);
    padding-block: calc(${token('spacing')} * 0.5);
  }

  [part~='waiting-list'] > h3,
  [part~='waiting-list'] > p {
    margin: 0;
  }

  [part~='waiting-list'] > ul {
    flex-basis: 100%;
  }

  [part~='invite-link'] {
    width: 100%;
    min-height: 2.75rem;
    font: inherit;
  }

  /* A phone held upright (or any narrow column): a tall stage, the self view in a corner, controls two by two under it. */
  @container fin-call (max-width: 40rem) {
    [part~='stage'] {
      aspect-ratio: 3 / 4;
      max-height: 70vh;
    }

    [part~='remote-video'] {
      object-fit: cover;
    }

    [part~='self-view'],
    [part~='self-off'] {
      width: 30%;
      aspect-ratio: 3 / 4;
    }

    [part~='controls'] button {
      flex: 1 1 40%;
    }
  }
`;
