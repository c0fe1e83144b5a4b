import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { playTogether } from './play-together.js';

// A real three-second WebM (VP8), so the players decode, play and seek as they would a recording.
const clip = new URL('./fixtures/three-seconds.webm', import.meta.url).href;

async function players(): Promise<HTMLVideoElement[]> {
  const group = await fixture<HTMLDivElement>(html`
    <div
      @play=${playTogether}
      @pause=${playTogether}
      @seeked=${playTogether}
      @ratechange=${playTogether}
      @timeupdate=${playTogether}
    >
      <video muted preload="auto" src=${clip}></video>
      <video muted preload="auto" src=${clip}></video>
    </div>
  `);
  const videos = [...group.querySelectorAll('video')];
  await Promise.all(videos.map((video) => (video.readyState >= 2 ? undefined : oneEvent(video, 'canplay'))));
  return videos;
}

describe('playTogether', () => {
  it('plays and pauses the other players with the one played, whichever it is', async () => {
    const [first, second] = await players();
    await first!.play();
    await waitUntil(() => !second!.paused && second!.currentTime > 0, 'the second player did not follow');
    second!.pause();
    await waitUntil(() => first!.paused, 'the first player did not pause with the second');
  });

  it('moves the others to where one is sought, and keeps them together while playing', async () => {
    const [first, second] = await players();
    first!.currentTime = 2;
    await waitUntil(() => !second!.seeking && Math.abs(second!.currentTime - 2) < 0.3, 'the second player did not seek');
    second!.currentTime = 0.5;
    await waitUntil(() => !first!.seeking && Math.abs(first!.currentTime - 0.5) < 0.3, 'the first player did not seek back');
    await second!.play();
    await waitUntil(() => second!.currentTime > 1, 'no playing');
    expect(Math.abs(first!.currentTime - second!.currentTime)).to.be.below(0.35);
    second!.pause();
  });

  it('changes the speed of the others with the one changed', async () => {
    const [first, second] = await players();
    first!.playbackRate = 1.5;
    await waitUntil(() => second!.playbackRate === 1.5, 'the speed did not follow');
  });
});
