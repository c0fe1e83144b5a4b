import type { Point } from '../call/protocol.js';

/** The most points one `point` request may carry (the server refuses more). */
export const MAX_PATH_POINTS = 64;
/** A press that moved less than this (a fraction of the picture) is a click, not a drag: a hand trembles. */
const CLICK_SLACK = 0.01;

/** A box on the page, in CSS pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where the picture is inside its `<video>` box: `object-fit: contain` keeps its shape, so a picture
 * of another shape than the box leaves bars above and below, or at the sides. Before its size is
 * known (no frame yet) the picture is taken to fill the box.
 */
export function pictureBox(element: Box, videoWidth: number, videoHeight: number): Box {
  if (!videoWidth || !videoHeight || !element.width || !element.height) return element;
  const scale = Math.min(element.width / videoWidth, element.height / videoHeight);
  const width = videoWidth * scale;
  const height = videoHeight * scale;
  return { left: element.left + (element.width - width) / 2, top: element.top + (element.height - height) / 2, width, height };
}

/** Fractions travel in JSON to the citizen: four decimals place a point within a pixel of a 4K screen. */
const round = (value: number) => Math.round(value * 10_000) / 10_000;
const clamp = (value: number) => Math.min(1, Math.max(0, value));

/**
 * A place on the page as fractions (0–1) of the picture, from its top left. Outside the picture
 * (on a bar) it is nothing, unless `clamped`, which a drag that leaves the picture wants: its path
 * then runs along the picture's edge.
 */
export function fractionAt(picture: Box, clientX: number, clientY: number, clamped = false): Point | undefined {
  if (!picture.width || !picture.height) return undefined;
  const x = (clientX - picture.left) / picture.width;
  const y = (clientY - picture.top) / picture.height;
  if (!clamped && (x < 0 || x > 1 || y < 0 || y > 1)) return undefined;
  return { x: round(clamp(x)), y: round(clamp(y)) };
}

/**
 * What a press of the pointer sends: one point for a click (the press hardly moved), else the path
 * of the drag with at most `MAX_PATH_POINTS` points, evenly sampled, first and last kept.
 */
export function pointsOf(path: readonly Point[]): Point[] {
  const [first] = path;
  if (!first) return [];
  if (path.every((point) => Math.abs(point.x - first.x) <= CLICK_SLACK && Math.abs(point.y - first.y) <= CLICK_SLACK)) return [first];
  if (path.length <= MAX_PATH_POINTS) return [...path];
  const last = path.length - 1;
  return Array.from({ length: MAX_PATH_POINTS }, (_, index) => path[Math.round((index * last) / (MAX_PATH_POINTS - 1))]!);
}

/** How far one press of an arrow key moves the keyboard's pointer; with Shift, five times as far. */
const KEY_STEP = 0.02;
const ARROWS: Readonly<Record<string, [number, number]>> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** The keyboard's pointer after an arrow key, kept on the picture; undefined for any other key. */
export function movedBy(point: Point, key: string, shift: boolean): Point | undefined {
  const direction = Object.hasOwn(ARROWS, key) ? ARROWS[key] : undefined;
  if (!direction) return undefined;
  const step = shift ? KEY_STEP * 5 : KEY_STEP;
  return { x: round(clamp(point.x + direction[0] * step)), y: round(clamp(point.y + direction[1] * step)) };
}
