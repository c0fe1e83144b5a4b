import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The axe results of the release, written by the Storybook accessibility suite
 * (`stories/a11y.test.ts` with FIN_AXE_REPORT set) over every story and the server's pages, and
 * committed with the release: the statement's compliance status and method come from it.
 */
export interface AxeReport {
  axeVersion: string;
  generatedAt: string;
  /** The axe tags run: WCAG 2.1 A and AA. */
  tags: string[];
  /** The ids of the rules axe checked. */
  rules: string[];
  covered: Array<{ kind: 'story' | 'page'; id: string; lang?: string }>;
  violations: Array<{ rule: string; help: string; where: string[] }>;
}

export const AXE_REPORT_FILE = fileURLToPath(new URL('../../../accessibility/axe-report.json', import.meta.url));

/** Reads the release's report; a release without one fails at start rather than publish a statement with nothing behind it. */
export async function readAxeReport(file = AXE_REPORT_FILE): Promise<AxeReport> {
  const report = JSON.parse(await readFile(file, 'utf8')) as AxeReport;
  if (!report.axeVersion || !Array.isArray(report.rules) || !Array.isArray(report.covered) || !Array.isArray(report.violations)) {
    throw new Error(`${file} is not an axe report`);
  }
  return report;
}
