import type { CouncilConfig } from './schemas.js';

/** WCAG 2.1's relative luminance of an sRGB colour written `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two `#rrggbb` colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `#rrggbb` mixed with black: the hover shade of a colour, darker so never less legible on white. */
export function darken(hex: string, amount: number): string {
  return `#${[1, 3, 5].map((at) => Math.round(parseInt(hex.slice(at, at + 2), 16) * (1 - amount)).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG 2.1 AA for normal text (1.4.3). */
export const MIN_CONTRAST = 4.5;

/**
 * What is wrong with a council's branding that the schema cannot see. The colour is the pages'
 * and widgets' accent: white text on buttons and the header, links on the white page, so it
 * needs 4.5:1 against white.
 */
export function brandingProblems(council: CouncilConfig, at: string): string[] {
  const problems: string[] = [];
  const { primaryColor } = council.branding;
  const ratio = contrastRatio(primaryColor, '#ffffff');
  if (ratio < MIN_CONTRAST) {
    problems.push(`${at}/branding/primaryColor: ${primaryColor} has a contrast of ${ratio.toFixed(2)}:1 with white, below the ${MIN_CONTRAST}:1 WCAG AA asks for text; choose a darker shade`);
  }
  if (typeof (council.branding as { logoUrl?: unknown }).logoUrl === 'string') {
    problems.push(`${at}/branding/logoUrl: no longer read; save the logo beside the councils file and name it in branding.logo`);
  }
  return problems;
}
