import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';

/** Resolves once the video element has presented a decoded frame: what a person sees as a moving picture. */
export async function decodesFrames(video: Locator): Promise<void> {
  await video.waitFor();
  const presented = await video.evaluate(
    (element: HTMLVideoElement) =>
      new Promise<number>((resolve) => {
        const timer = setTimeout(() => resolve(0), 15_000);
        element.requestVideoFrameCallback((_now, metadata) => {
          clearTimeout(timer);
          resolve(metadata.presentedFrames);
        });
      }),
  );
  assert.ok(presented > 0, 'no frame was decoded');
}
