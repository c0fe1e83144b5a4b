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
  takePhoto(): Promise<Blob>;
}
type ImageCaptureConstructor = new (track: MediaStreamTrack) => PhotoCapture;

/**
 * A still of what the citizen's camera sees, never of the call's stream: the call sends 640×360,
 * and a document's small print (the MRZ) needs every pixel the camera has. `ImageCapture` takes
 * a photo at the sensor's resolution from the call's own track where the browser has it; else a
 * short-lived second stream of the same camera asks for its highest resolution, one frame of it
 * is encoded, and that stream stops at once.
 */
export async function takeStill(callTrack: MediaStreamTrack | undefined): Promise<Still> {
  const ImageCapture = (globalThis as { ImageCapture?: ImageCaptureConstructor }).ImageCapture;
  if (ImageCapture && callTrack?.readyState === 'live') {
    try {
      const blob = await new ImageCapture(callTrack).takePhoto();
      const bitmap = await createImageBitmap(blob);
      const still = { blob, width: bitmap.width, height: bitmap.height };
      bitmap.close();
      if (blob.type === 'image/jpeg' || blob.type === 'image/png') return still;
    } catch {
      // A track of no real camera (or a browser that cannot take photos from it): the second stream below can.
    }
  }
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
