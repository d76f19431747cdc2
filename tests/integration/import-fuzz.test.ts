import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { createImport, getImport, runImport } from "../../app/domain/import/import.server";
import type { Db } from "../../db/client";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

// Random files through the whole import on the database: the job always ends
// (done or failed), a failed job leaves every table as it was, and a done job
// leaves the database saying exactly what the file says.

let t: TestDb;
let admin: User;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD");
  await givenUnit(t.db, "GD.GZ", { parent: "GD" });
  admin = await givenPerson(t.db, { unit: "GD", employeeNo: "E1", roles: ["admin"] });
});
afterAll(() => t.close());

async function snapshot(db: Db) {
  return {
    people: await db.selectFrom("people").selectAll().orderBy("id").execute(),
    units: await db.selectFrom("org_units").selectAll().orderBy("id").execute(),
    roles: await db.selectFrom("person_roles").selectAll().orderBy("id").execute(),
    staging: await db.selectFrom("import_rows").selectAll().execute(),
  };
}

// One bad cell in about sixty: roughly a third of the files are wholly valid.
const sometimesBad = (good: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 60, arbitrary: good }, { weight: 1, arbitrary: fc.constantFrom("", "1.38E+10", "NOPE", 'x"y', "a\u0000b", "𠀀".repeat(101)) });

const personRow = fc
  .integer({ min: 1, max: 25 })
  .chain((n) =>
    fc.tuple(
      sometimesBad(fc.constant(`E${n}`)),
      sometimesBad(fc.constantFrom("张三", "李四", "欧阳敏华")),
      sometimesBad(fc.constantFrom("", `p${n}@example.com`)),
      sometimesBad(fc.constantFrom("GD", "GD.GZ", "GD.GZ", "U1")),
      sometimesBad(fc.constantFrom("", "2015-06-01", "2015年6月1日")),
    ),
  );
const unitRow = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.tuple(
    sometimesBad(fc.constant(`U${n}`)),
    sometimesBad(fc.constantFrom("一班", "二班")),
    sometimesBad(
      fc.oneof(
        fc.constantFrom("GD", "GD.GZ"),
        fc.integer({ min: 1, max: 8 }).map((m) => `U${m}`),
      ),
    ),
    sometimesBad(fc.constantFrom("班组", "中心", "team")),
  ),
);
const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (header: string, rows: string[][]) => [header, ...rows.map((r) => r.map(quote).join(","))].join("\r\n") + "\r\n";

const job = fc.oneof(
  fc.record({
    kind: fc.constant("people" as const),
    mode: fc.constantFrom("merge" as const, "full" as const),
    rows: fc.uniqueArray(personRow, { maxLength: 12, selector: (r) => r[0] }),
  }),
  fc.record({
    kind: fc.constant("org" as const),
    mode: fc.constantFrom("merge" as const, "full" as const),
    rows: fc.uniqueArray(unitRow, { maxLength: 8, selector: (r) => r[0] }),
  }),
);

describe("random files through the whole import", () => {
  test("land completely or not at all", async () => {
    const outcomes = { done: 0, failed: 0 };
    await fc.assert(
      fc.asyncProperty(job, async ({ kind, mode, rows }) => {
        const text = kind === "people" ? csv("工号,姓名,邮箱,部门编码,入职日期", rows) : csv("编码,名称,上级编码,类型", rows);
        const before = await snapshot(t.db);
        const created = await createImport(t.db, admin, { kind, mode, fileName: "fuzz.csv", content: new TextEncoder().encode(text) });
        if (!created.ok) throw new Error(created.error);
        const outcome = await runImport(t.db, created.value.id);
        const view = await getImport(t.db, admin, created.value.id);
        expect(view.ok && view.value.status).toBe(outcome.status);
        const after = await snapshot(t.db);
        expect(after.staging).toEqual([]);
        if (outcome.status === "failed") {
          outcomes.failed++;
          expect(outcome.errors.length).toBeGreaterThan(0);
          expect(outcome.errors.every((e) => e.code !== "import.error.unexpected" && e.code !== "import.error.changedMeanwhile")).toBe(true);
          expect(after).toEqual(before);
          return;
        }
        expect(outcome.status).toBe("done");
        outcomes.done++;
        if (kind === "people") {
          const unitOf = new Map(after.units.map((u) => [u.id, u.code]));
          const byNo = new Map(after.people.map((p) => [p.employee_no, p]));
          for (const [no, name, email, unit] of rows) {
            expect(byNo.get(no)).toMatchObject({ name, email: email || null, status: "active" });
            expect(unitOf.get(byNo.get(no)!.org_unit_id)).toBe(unit);
          }
          if (mode === "full") {
            const active = after.people
              .filter((p) => p.status === "active")
              .map((p) => p.employee_no)
              .sort();
            expect(active).toEqual([...new Set(rows.map((r) => r[0]))].sort());
          }
        } else {
          const codeOf = new Map(after.units.map((u) => [u.id, u.code]));
          const byCode = new Map(after.units.map((u) => [u.code, u]));
          for (const [code, name, parent] of rows) {
            const unit = byCode.get(code)!;
            expect(unit.name_zh).toBe(name);
            expect(unit.parent_id === null ? "" : codeOf.get(unit.parent_id)).toBe(parent);
          }
        }
      }),
      { numRuns: 30 },
    );
    expect(outcomes.done).toBeGreaterThan(0);
    expect(outcomes.failed).toBeGreaterThan(0);
  });
});
