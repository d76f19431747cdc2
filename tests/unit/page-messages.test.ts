import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { allAreas } from "../../app/i18n/areas";
import { common } from "../../app/i18n/messages/common";
import { areasUsedBy, routeFiles } from "../support/page-messages";

// Each page's scripts carry only the message areas its route names in its
// handle (app/i18n/page.ts). A key from an area it does not name would show
// as the key itself in the browser: this reads every page's code (the route
// and each module it reaches that runs in the browser) and fails on that.

const areaFiles = new Map(allAreas.map((area) => [area, areaFile(area)]));
function areaFile(area: (typeof allAreas)[number]): string {
  const dir = path.resolve(import.meta.dirname, "../../app/i18n/messages");
  for (const file of fs.readdirSync(dir)) {
    const source = fs.readFileSync(path.join(dir, file), "utf8");
    if (source.includes(JSON.stringify(Object.keys(area.en)[0]))) return file.replace(/\.ts$/, "");
  }
  throw new Error("an area without a file");
}

/** The areas a route's handle names: `handle = { messages: [a, b] }`, each imported from ~/i18n/messages/<file>. */
function namedAreas(source: string): Set<string> {
  const list = /export const handle = \{ messages: \[([^\]]*)\] \}/.exec(source)?.[1] ?? "";
  const names = list
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return new Set(
    names.map((name) => {
      const from = new RegExp(`import \\{ ${name} \\} from "~/i18n/messages/([^"]+)";`).exec(source);
      if (!from) throw new Error(`${name} is not imported from ~/i18n/messages`);
      return from[1];
    }),
  );
}

const pages = routeFiles().filter((file) => /^export default/m.test(fs.readFileSync(file, "utf8")));

describe("each page names the message areas its code uses", () => {
  test("there are pages to check", () => expect(pages.length).toBeGreaterThan(20));

  for (const file of pages) {
    test(path.basename(file), () => {
      const named = namedAreas(fs.readFileSync(file, "utf8"));
      const used = [...areasUsedBy(file)].filter((area) => area !== common).map((area) => areaFiles.get(area)!);
      expect(used.filter((area) => !named.has(area)).sort(), "areas used but not named in the route's handle").toEqual([]);
    });
  }

  test("the root layout's own code needs nothing beyond common (every page has it)", () => {
    const used = [...areasUsedBy(path.resolve(import.meta.dirname, "../../app/root.tsx"))].filter((area) => area !== common);
    expect(used.map((area) => areaFiles.get(area))).toEqual([]);
  });
});
