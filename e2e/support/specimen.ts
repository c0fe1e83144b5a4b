/**
 * A SPECIMEN Spanish identity card as a fake camera sees it: a video file for Chromium's
 * `--use-file-for-fake-video-capture`, drawn with Debian's ffmpeg at test time (drawtext, DejaVu
 * fonts), larger than what a call sends so that a still taken from the camera itself can be told
 * from a grab of the call's video by its size.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CITIZEN } from '../../packages/server/src/modules/demo/try-now.ts';

const FONTS = '/usr/share/fonts/truetype/dejavu';
const SANS = join(FONTS, 'DejaVuSans-Bold.ttf');
const MONO = join(FONTS, 'DejaVuSansMono.ttf');

/**
 * The specimen's data. Its holder is the demo's test citizen, so the MRZ matches the booking; the
 * MRZ is ICAO 9303 TD1 with every check digit right (`mrz`'s parse() says valid) and expires in 2031.
 */
export const SPECIMEN = {
  holder: DEMO_CITIZEN,
  supportNumber: 'BAA000589',
  expiry: '2031-01-01',
  mrz: ['IDESPBAA000589599999999R<<<<<<', '8001014F3101012ESP<<<<<<<<<<<5', 'ESPANOLA<ESPANOLA<<CARMEN<<<<<'],
  /** The camera's picture: Full HD, where the call sends 640×360. */
  width: 1920,
  height: 1080,
} as const;

interface Text {
  text: string;
  x: number;
  y: number;
  size: number;
  color?: string;
  font?: string;
}

/**
 * Writes `specimen.y4m` into `dir` and returns its path: half a second of the card held up to the
 * camera, which Chromium plays in a loop.
 */
export function specimenVideo(dir: string): string {
  for (const font of [SANS, MONO]) {
    if (!existsSync(font)) throw new Error(`${font} is missing: apt-get install fonts-dejavu-core`);
  }
  mkdirSync(dir, { recursive: true });
  const { width, height } = SPECIMEN;
  // The card, centred, in ID-1 proportions (85.6 × 54 mm).
  const card = { x: 260, y: 110, w: 1400, h: 860 };
  const texts: Text[] = [
    { text: 'ESPAÑA', x: card.x + 60, y: card.y + 40, size: 44, color: '0x8a1c1c' },
    { text: 'DOCUMENTO NACIONAL DE IDENTIDAD', x: card.x + 300, y: card.y + 48, size: 36, color: '0x1d3557' },
    { text: 'FOTO', x: card.x + 150, y: card.y + 330, size: 40, color: '0x555555' },
    { text: 'APELLIDOS', x: card.x + 480, y: card.y + 140, size: 24, color: '0x555555' },
    { text: 'ESPAÑOLA ESPAÑOLA', x: card.x + 480, y: card.y + 172, size: 36 },
    { text: 'NOMBRE', x: card.x + 480, y: card.y + 236, size: 24, color: '0x555555' },
    { text: 'CARMEN', x: card.x + 480, y: card.y + 268, size: 36 },
    { text: `DNI ${SPECIMEN.holder.idDocument}`, x: card.x + 480, y: card.y + 340, size: 36 },
    { text: `VÁLIDO HASTA 01 01 2031   SOPORTE ${SPECIMEN.supportNumber}`, x: card.x + 480, y: card.y + 400, size: 26 },
    { text: 'ESPECIMEN', x: card.x + 430, y: card.y + 440, size: 140, color: '0xd62828@0.55' },
    ...SPECIMEN.mrz.map((line, i) => ({ text: line, x: card.x + 110, y: card.y + 630 + i * 68, size: 54, font: MONO })),
  ];
  const drawn = texts.map((t, i) => {
    // Read from files: the MRZ's `<` and the accents need no escaping there.
    const file = join(dir, `specimen-${i}.txt`);
    writeFileSync(file, t.text);
    return `drawtext=fontfile=${t.font ?? SANS}:textfile=${file}:x=${t.x}:y=${t.y}:fontsize=${t.size}:fontcolor=${t.color ?? 'black'}`;
  });
  const filters = [
    `drawbox=x=${card.x}:y=${card.y}:w=${card.w}:h=${card.h}:color=0xe9eef2:t=fill`,
    `drawbox=x=${card.x}:y=${card.y}:w=${card.w}:h=${card.h}:color=0x1d3557:t=6`,
    `drawbox=x=${card.x + 60}:y=${card.y + 130}:w=360:h=460:color=0xc8ccd0:t=fill`,
    `drawbox=x=${card.x + 60}:y=${card.y + 600}:w=${card.w - 120}:h=230:color=0xffffff:t=fill`,
    ...drawn,
  ];
  const file = join(dir, 'specimen.y4m');
  const made = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=0x4a5361:s=${width}x${height}:r=10:d=0.5`, '-vf', filters.join(','), '-pix_fmt', 'yuv420p', file],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`ffmpeg could not draw the specimen: ${made.stderr}`);
  return file;
}
