/** How far apart (seconds) two players may drift before the others are moved to the one played. */
const MAX_DRIFT_S = 0.3;

function others(event: Event): { played: HTMLMediaElement; rest: HTMLMediaElement[] } | undefined {
  const played = event.target;
  const group = event.currentTarget;
  if (!(played instanceof HTMLMediaElement) || !(group instanceof Element)) return undefined;
  return { played, rest: [...group.querySelectorAll<HTMLMediaElement>('audio, video')].filter((media) => media !== played) };
}

/**
 * Keeps the players inside an element playing as one: playing, pausing, seeking or changing the
 * speed of any of them does the same to the others. Media events do not bubble, so this listens
 * in the capture phase; in a Lit template, put it on the element around the players for each
 * event: `@play=${playTogether} @pause=${playTogether} @seeked=${playTogether}
 * @ratechange=${playTogether} @timeupdate=${playTogether}`. Each player keeps its own volume.
 */
export const playTogether = {
  capture: true,
  handleEvent(event: Event): void {
    const found = others(event);
    if (!found) return;
    const { played, rest } = found;
    for (const media of rest) {
      switch (event.type) {
        case 'play':
          // The others may refuse to start on their own (autoplay rules); the one played says so.
          if (media.paused) void media.play().catch(() => undefined);
          break;
        case 'pause':
          if (!media.paused) media.pause();
          break;
        case 'ratechange':
          media.playbackRate = played.playbackRate;
          break;
        case 'seeked':
        case 'timeupdate':
          // Each seek fires `seeked` on the one moved too, which then finds the others in place.
          if (!media.seeking && Math.abs(media.currentTime - played.currentTime) > MAX_DRIFT_S) media.currentTime = played.currentTime;
          break;
      }
    }
  },
};
