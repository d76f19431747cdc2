import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { changesOf, shown } from "../../app/domain/audit/readable";
import { isMessageKey } from "../../app/i18n/all.server";

// The audit log as people read it (issue 14, item 14): the fields that
// changed, each with its old and new value; every action the portal writes
// has a name in both languages.

describe("changesOf", () => {
  test("a changed campaign: only the fields that differ, nested ones by their path", () => {
    const before = {
      nameEn: "Q4",
      publicityDays: 5,
      talliesHidden: true,
      schedule: { voting: "2026-11-20T01:00:00.000Z", closed: null },
      titles: [{ title: "best", winners: 1 }],
    };
    const after = {
      nameEn: "Q4 Stars",
      publicityDays: 5,
      talliesHidden: false,
      schedule: { voting: "2026-11-21T01:00:00.000Z", closed: null },
      titles: [{ title: "best", winners: 2 }],
    };
    expect(changesOf(before, after)).toEqual([
      { path: ["nameEn"], before: { kind: "text", text: "Q4" }, after: { kind: "text", text: "Q4 Stars" } },
      { path: ["talliesHidden"], before: { kind: "bool", value: true }, after: { kind: "bool", value: false } },
      {
        path: ["schedule", "voting"],
        before: { kind: "time", iso: "2026-11-20T01:00:00.000Z" },
        after: { kind: "time", iso: "2026-11-21T01:00:00.000Z" },
      },
      {
        path: ["titles"],
        before: {
          kind: "list",
          items: [
            {
              kind: "record",
              fields: [
                { field: "title", value: { kind: "text", text: "best" } },
                { field: "winners", value: { kind: "text", text: "1" } },
              ],
            },
          ],
        },
        after: {
          kind: "list",
          items: [
            {
              kind: "record",
              fields: [
                { field: "title", value: { kind: "text", text: "best" } },
                { field: "winners", value: { kind: "text", text: "2" } },
              ],
            },
          ],
        },
      },
    ]);
  });
  test("something recorded (after only): every field, nothing before", () => {
    expect(changesOf(null, { status: "closed", by: "schedule" })).toEqual([
      { path: ["status"], before: { kind: "none" }, after: { kind: "text", text: "closed" } },
      { path: ["by"], before: { kind: "none" }, after: { kind: "text", text: "schedule" } },
    ]);
  });
  test("a value that is not an object, such as a person's roles: one change without a field name", () => {
    const change = changesOf(
      [{ role: "staff", unit: null }],
      [
        { role: "manager", unit: "GZ" },
        { role: "staff", unit: null },
      ],
    );
    expect(change).toHaveLength(1);
    expect(change[0].path).toEqual([]);
    expect(change[0].after).toMatchObject({ kind: "list" });
  });
  test("nothing changed, or nothing recorded: no lines", () => {
    expect(changesOf({ a: 1 }, { a: 1 })).toEqual([]);
    expect(changesOf(null, null)).toEqual([]);
  });
  test("values: empty text and lists are none; numbers are text; a date-time is a moment, a date alone is text", () => {
    expect([shown(""), shown([]), shown(undefined)]).toEqual([{ kind: "none" }, { kind: "none" }, { kind: "none" }]);
    expect(shown(3)).toEqual({ kind: "text", text: "3" });
    expect(shown("2026-12-05T09:00:00+08:00")).toEqual({ kind: "time", iso: "2026-12-05T09:00:00+08:00" });
    expect(shown("2026-12-05")).toEqual({ kind: "text", text: "2026-12-05" });
  });
});

/** Every file under a folder, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

test("every action the portal writes to the audit log has a name in both languages", () => {
  const written = new Set<string>();
  for (const file of files("app")) {
    const source = readFileSync(file, "utf8");
    // Every dotted name on a line that sets an entry's action (a choice between several included).
    for (const line of source.split("\n").filter((l) => /\baction: /.test(l))) {
      for (const m of line.matchAll(/"([a-z]+\.[a-z_]+)"/g)) written.add(m[1]);
    }
  }
  // Written from a variable: a review's decision (nominations/review.server.ts).
  for (const decision of ["approved", "returned", "rejected"]) written.add(`nomination.${decision}`);
  expect(written.size).toBeGreaterThan(30);
  expect([...written].filter((action) => !isMessageKey(`admin.audit.action.${action}`)).sort()).toEqual([]);
});
