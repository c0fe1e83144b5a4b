/** A picture from the citizen's own camera, at the camera's resolution, and its size. */
export interface Still {
  blob: Blob;
  width: number;
  height: number;
}

/** The highest resolution a camera gives when asked for more than any has (4K). */
const FULL_RESOLUTION = { width: { ideal: 4096 }, height: { ideal: 2160 } };
const JPEG_QUALITY = 0.92;

interface PhotoCapture {
  getPhotoCapabilities?(): Promise<{ imageWidth?: { max?: number }; imageHeight?: { max?: number } }>;
  takePhoto(settings?: { imageWidth?: number; imageHeight?: number }): Promise<Blob>;
}
type ImageCaptureConstructor = new (track: MediaStreamTrack) => PhotoCapture;

/**
 * A still of what the citizen's camera sees, never of the call's stream: the call sends 640×360,
 * and a document's small print (the MRZ) needs every pixel the camera has. `ImageCapture` takes
 * a photo at the largest size the camera says it can from the call's own track where the browser
 * has it; else (or when that photo is no larger than the call's frames) a short-lived second
 * stream of the same camera asks for its highest resolution, one frame of it is encoded, and that
 * stream stops at once.
 */
export async function takeStill(callTrack: MediaStreamTrack | undefined): Promise<Still> {
  const photo = callTrack?.readyState === 'live' ? await photoOf(callTrack) : undefined;
  if (photo) return photo;
  const deviceId = callTrack?.getSettings().deviceId;
  const stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), ...FULL_RESOLUTION } });
  try {
    const track = stream.getVideoTracks()[0];
    if (!track) throw new DOMException('The camera gave no picture.', 'NotReadableError');
    return await frameOf(stream, track);
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}

/** A photo from the track's camera, if the browser takes one larger than the call's frames. */
async function photoOf(track: MediaStreamTrack): Promise<Still | undefined> {
  const ImageCapture = (globalThis as { ImageCapture?: ImageCaptureConstructor }).ImageCapture;
  if (!ImageCapture) return undefined;
  try {
    const capture = new ImageCapture(track);
    const capabilities = await capture.getPhotoCapabilities?.();
    const width = capabilities?.imageWidth?.max;
    const height = capabilities?.imageHeight?.max;
    const blob = await capture.takePhoto(width && height ? { imageWidth: width, imageHeight: height } : undefined);
    const bitmap = await createImageBitmap(blob);
    const still = { blob, width: bitmap.width, height: bitmap.height };
    bitmap.close();
    const call = track.getSettings();
    const larger = still.width * still.height > (call.width ?? 0) * (call.height ?? 0);
    return larger && (blob.type === 'image/jpeg' || blob.type === 'image/png') ? still : undefined;
  } catch {
    // A track of no real camera (or a browser that cannot take photos from it): the second stream can.
    return undefined;
  }
}

/** One frame of the stream drawn at the size the camera really delivers, as JPEG. */
async function frameOf(stream: MediaStream, track: MediaStreamTrack): Promise<Still> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  try {
    await video.play();
    // `play()` resolves before the first frame of a new camera stream may have arrived.
    if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
    const settings = track.getSettings();
    const width = settings.width ?? video.videoWidth;
    const height = settings.height ?? video.videoHeight;
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')!.drawImage(video, 0, 0, width, height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((encoded) => (encoded ? resolve(encoded) : reject(new DOMException('The picture could not be encoded.', 'EncodingError'))), 'image/jpeg', JPEG_QUALITY),
    );
    return { blob, width, height };
  } finally {
    video.srcObject = null;
  }
}
