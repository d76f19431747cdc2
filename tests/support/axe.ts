/**
 * axe-core in the page under test, against WCAG 2.0/2.1/2.2 A and AA.
 *
 * The app's CSP only runs scripts with the request's nonce, so a <script> tag
 * added by the test would be refused (and bypassCSP would hide the app's own
 * CSP mistakes). axe is evaluated through the DevTools protocol instead, which
 * CSP does not govern and which works on pages with JavaScript disabled too.
 * There, though, the page's timers never fire, and axe waits on setTimeout:
 * on such a page the timers are replaced by microtasks before axe is loaded
 * (the page's own scripts do not run, so nothing else notices).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { repoRoot } from "./server";

export const wcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

let source: string | undefined;
const axeSource = () => (source ??= readFileSync(path.join(repoRoot, "node_modules/axe-core/axe.min.js"), "utf8"));

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** True when the page's timers fire, i.e. JavaScript is enabled in its context. */
async function timersRun(page: Page): Promise<boolean> {
  const fired = page.evaluate(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0))).catch(() => false);
  return Promise.race([fired, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 250))]);
}

export async function axeViolations(page: Page, options: { tags?: string[] } = {}): Promise<AxeViolation[]> {
  const loaded = await page.evaluate("typeof window.axe === 'object'");
  if (!loaded) {
    if (!(await timersRun(page))) {
      await page.evaluate(() => {
        const soon = (fn: () => void) => void Promise.resolve().then(fn);
        const w = window as unknown as Record<string, unknown>;
        w.setTimeout = (fn: (...a: unknown[]) => void, _ms?: number, ...args: unknown[]) => (soon(() => fn(...args)), 0);
        w.clearTimeout = () => {};
        w.requestAnimationFrame = (fn: (t: number) => void) => (soon(() => fn(performance.now())), 0);
      });
    }
    await page.evaluate(axeSource());
  }
  const tags = options.tags ?? wcagTags;
  return page.evaluate(async (tags) => {
    type Result = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> };
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Result[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(" ")),
    }));
  }, tags);
}

/** Throws, listing each violation (rule, help, elements), when axe finds any. */
export async function expectNoAxeViolations(page: Page, options: { tags?: string[] } = {}) {
  const violations = await axeViolations(page, options);
  if (violations.length === 0) return;
  const lines = violations.map((v) => `- ${v.id} (${v.impact ?? "?"}): ${v.help}\n    ${v.targets.slice(0, 5).join("\n    ")}`);
  throw new Error(`axe found ${violations.length} violation(s) on ${page.url()}:\n${lines.join("\n")}`);
}
