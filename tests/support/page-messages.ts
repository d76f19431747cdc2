/**
 * Which message areas a page's scripts need, read from the code: every
 * module a route reaches by static imports, except server-only ones
 * (*.server.ts, which never reach the browser) and the dictionaries
 * themselves, searched for message keys — whole string literals
 * ("voting.ballot.title") and the fixed start of template literals
 * (`campaigns.phase.${phase}` reaches every key under campaigns.phase.).
 * Keys that arrive as data from a loader are not seen here; the servers the
 * tests start refuse to render a key outside the page's areas (I18N_STRICT),
 * which catches those.
 */
import fs from "node:fs";
import path from "node:path";
import { allAreas } from "../../app/i18n/areas";

const root = path.resolve(import.meta.dirname, "../..");
const app = path.join(root, "app");

/** key (and a plural's base key) → the index of its area in allAreas */
const areaOfKey = new Map<string, number>();
allAreas.forEach((area, i) => {
  for (const key of Object.keys(area.en)) {
    areaOfKey.set(key, i);
    const plural = /^(.*)\.(zero|one|two|few|many|other|another)$/.exec(key);
    if (plural) areaOfKey.set(plural[1], i);
  }
});
const keys = [...areaOfKey.keys()];

function resolveImport(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("~/")) base = path.join(app, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const serverOnly = (file: string) => /\.server\.tsx?$/.test(file);
const isDictionary = (file: string) => file.startsWith(path.join(app, "i18n")) && !/\/i18n\/(react|meta|page)\.tsx?$/.test(file);

function areasIn(source: string): Set<number> {
  const found = new Set<number>();
  for (const m of source.matchAll(/["'`]([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)+)["'`]/g)) {
    const area = areaOfKey.get(m[1]);
    if (area !== undefined) found.add(area);
  }
  for (const m of source.matchAll(/`([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)*\.)\$\{/g)) {
    for (const key of keys) if (key.startsWith(m[1])) found.add(areaOfKey.get(key)!);
  }
  return found;
}

/** The areas (as allAreas' objects) a route file's page uses, by the rule above. */
export function areasUsedBy(routeFile: string): Set<(typeof allAreas)[number]> {
  const seen = new Set<string>();
  const found = new Set<number>();
  const visit = (file: string, isRoute: boolean) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!isRoute && (serverOnly(file) || isDictionary(file))) return;
    const source = fs.readFileSync(file, "utf8");
    for (const area of areasIn(source)) found.add(area);
    // A type-only import is erased from the scripts: its messages are not the page's.
    const shipped = source.replace(/^(?:import|export) type [^;]*?from\s*["'][^"']+["'];?/gm, "");
    for (const m of shipped.matchAll(/(?:from|import)\s*["']([^"']+)["']/g)) {
      const target = resolveImport(file, m[1]);
      if (target && target.startsWith(app)) visit(target, false);
    }
  };
  visit(routeFile, true);
  return new Set([...found].map((i) => allAreas[i]));
}

export const routeFiles = () =>
  fs
    .readdirSync(path.join(app, "routes"))
    .filter((f) => f.endsWith(".tsx"))
    .map((f) => path.join(app, "routes", f));
