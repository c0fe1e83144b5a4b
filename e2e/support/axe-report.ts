import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The release's axe report, which the server's accessibility statement reads
 * (packages/server/src/modules/accessibility/report.ts). Two suites write it, each its own kind of
 * view: the Storybook suite the stories, e2e/accessibility.test.ts the server's pages. Each
 * replaces its own entries and keeps the other's.
 */
export const AXE_REPORT_FILE = join(import.meta.dirname, '..', '..', 'packages', 'server', 'accessibility', 'axe-report.json');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

type Kind = 'story' | 'page';
interface Entry {
  kind: Kind;
  id: string;
  lang?: string;
}
interface Report {
  axeVersion: string;
  generatedAt: string;
  tags: string[];
  rules: string[];
  covered: Entry[];
  violations: Array<{ rule: string; help: string; where: string[] }>;
}

/** What one suite saw, run by run. */
export class AxeAudit {
  private version = '';
  private readonly rules = new Set<string>();
  private readonly covered: Entry[] = [];
  private readonly violations = new Map<string, { help: string; where: string[] }>();

  constructor(private readonly kind: Kind) {}

  /** One axe run over the view `id` (a story, a page's path) in `lang`. */
  add(id: string, lang: string | undefined, run: { version: string; rules: string[]; violations: Array<{ id: string; help: string }> }): void {
    this.version = run.version;
    for (const rule of run.rules) this.rules.add(rule);
    this.covered.push({ kind: this.kind, id, ...(lang && { lang }) });
    for (const violation of run.violations) {
      const seen = this.violations.get(violation.id) ?? { help: violation.help, where: [] };
      seen.where.push(`${this.kind}:${id}${lang ? ` (${lang})` : ''}`);
      this.violations.set(violation.id, seen);
    }
  }

  /** Writes the report when FIN_AXE_REPORT is set (a release), the other suite's entries kept. */
  write(now = new Date()): void {
    if (!process.env.FIN_AXE_REPORT || !this.covered.length) return;
    const previous: Report | undefined = existsSync(AXE_REPORT_FILE) ? JSON.parse(readFileSync(AXE_REPORT_FILE, 'utf8')) : undefined;
    const others = (previous?.covered ?? []).filter((entry) => entry.kind !== this.kind);
    const violations = new Map<string, { help: string; where: string[] }>();
    for (const violation of previous?.violations ?? []) {
      const where = violation.where.filter((place) => !place.startsWith(`${this.kind}:`));
      if (where.length) violations.set(violation.rule, { help: violation.help, where });
    }
    for (const [rule, { help, where }] of this.violations) violations.set(rule, { help, where: [...(violations.get(rule)?.where ?? []), ...where] });
    const report: Report = {
      axeVersion: this.version,
      generatedAt: now.toISOString(),
      tags: AXE_TAGS,
      rules: [...new Set([...(previous?.rules ?? []), ...this.rules])].sort(),
      covered: [...others, ...this.covered].sort((a, b) => `${a.kind} ${a.id} ${a.lang ?? ''}`.localeCompare(`${b.kind} ${b.id} ${b.lang ?? ''}`)),
      violations: [...violations].map(([rule, { help, where }]) => ({ rule, help, where })),
    };
    writeFileSync(AXE_REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  }
}

export interface AxeRun {
  version: string;
  rules: string[];
  violations: Array<{ id: string; help: string; targets: string[] }>;
}

/** Runs axe in the page (injected beforehand as `window.axe`) over `context`: what it checked and found. For `page.evaluate`. */
export const axeRun = async ([context, tags]: [string, string[]]): Promise<AxeRun> => {
  type Rule = { id: string; help: string; nodes: Array<{ target: unknown }> };
  const axe = (window as unknown as { axe: { version: string; run: (context: string, options: unknown) => Promise<Record<'violations' | 'passes' | 'incomplete' | 'inapplicable', Rule[]>> } }).axe;
  const ran = await axe.run(context, { runOnly: { type: 'tag', values: tags } });
  return {
    version: axe.version,
    rules: [...ran.violations, ...ran.passes, ...ran.incomplete, ...ran.inapplicable].map((rule) => rule.id),
    violations: ran.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) })),
  };
};
