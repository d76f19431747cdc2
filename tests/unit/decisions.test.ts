import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";

// Every decision record says when it was taken and whether it still holds
// (issue 15, item 6): its title, then `Date:` and `Status:` lines.
const folder = path.resolve("docs/decisions");
const names = (await readdir(folder)).filter((f) => /^\d{4}-.+\.md$/.test(f)).sort();

describe("decision records", () => {
  test("are numbered once each", () => {
    const numbers = names.map((f) => f.slice(0, 4));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  test.each(names)("%s starts with its title, date and status", async (name) => {
    const [title, blank, date, status] = (await readFile(path.join(folder, name), "utf8")).split("\n");
    expect(title).toMatch(new RegExp(`^# ${name.slice(0, 4)} — \\S`));
    expect(blank).toBe("");
    expect(date).toMatch(/^Date: 20\d\d-[01]\d-[0-3]\d$/);
    expect(status).toMatch(/^Status: (accepted|proposed|superseded by \d{4})\b/);
    const amendedBy = [...status!.matchAll(/(?:amended|superseded) by (\d{4})/g)].map((m) => m[1]!);
    for (const n of amendedBy)
      expect(
        names.some((f) => f.startsWith(n)),
        `decision ${n} exists`,
      ).toBe(true);
  });
});
