import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { createImport, getImport, runImport } from "../../app/domain/import/import.server";
import { importErrorText } from "../../app/domain/import/report";
import { makeT } from "../../app/i18n/all.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

// The staff import's optional post column (岗位类别 / post, decision 0052):
// the fairness view and the campaign caps count front-line and management
// posts from it.

let t: TestDb;
let admin: User;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD", { nameZh: "广东电信", nameEn: "Guangdong Telecom" });
  await givenUnit(t.db, "GD.HL", { parent: "GD", kind: "centre" });
  admin = await givenPerson(t.db, { unit: "GD", employeeNo: "HR0001", roles: ["admin", "staff"], email: "hr@example.com" });
});
afterAll(() => t.close());

const csv = (...lines: string[]) => `\ufeff${lines.join("\r\n")}\r\n`;

async function importStaff(file: string) {
  const created = await createImport(t.db, admin, { kind: "people", mode: "merge", fileName: "staff.csv", content: new TextEncoder().encode(file) });
  if (!created.ok) throw new Error(`refused: ${created.error}`);
  await runImport(t.db, created.value.id);
  const job = await getImport(t.db, admin, created.value.id);
  if (!job.ok) throw new Error(job.error);
  return job.value;
}

const posts = async () =>
  Object.fromEntries(
    (await t.db.selectFrom("people").select(["employee_no", "post"]).where("employee_no", "like", "P%").orderBy("employee_no").execute()).map((p) => [
      p.employee_no,
      p.post,
    ]),
  );

describe("the staff import's post column", () => {
  test("Chinese and English post kinds are read; an empty cell is unknown", async () => {
    const job = await importStaff(
      csv(
        "工号,姓名,部门编码,岗位,岗位类别",
        "P001,梁晓岚,GD.HL,值班长,管理",
        "P002,麦永健,GD.HL,话务员,一线",
        "P003,欧阳敏华,GD.HL,质检,支撑",
        "P004,陈志坚,GD.HL,主任,干部",
        "P005,李明,GD.HL,话务员,Frontline",
        "P006,黄伟,GD.HL,话务员,",
      ),
    );
    expect(job.errors).toEqual([]);
    expect(job.summary).toMatchObject({ created: 6 });
    expect(await posts()).toEqual({ P001: "management", P002: "frontline", P003: "support", P004: "management", P005: "frontline", P006: null });
  });

  test("a file without the column leaves the stored posts as they are, and changes nothing", async () => {
    const job = await importStaff(csv("工号,姓名,部门编码,岗位", "P001,梁晓岚,GD.HL,值班长", "P002,麦永健,GD.HL,话务员"));
    expect(job.summary).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await posts()).toMatchObject({ P001: "management", P002: "frontline" });
  });

  test("a changed post counts as an update; emptied, it becomes unknown", async () => {
    const job = await importStaff(csv("employee_no,name,unit,post", "P001,梁晓岚,GD.HL,support", "P002,麦永健,GD.HL,"));
    expect(job.summary).toMatchObject({ created: 0, updated: 2, unchanged: 0 });
    expect(await posts()).toMatchObject({ P001: "support", P002: null });
  });

  test("a post kind the import does not know is reported on its line, and nothing is imported", async () => {
    const before = await posts();
    const job = await importStaff(csv("工号,姓名,部门编码,岗位类别", "P001,梁晓岚,GD.HL,一线", "P007,新人,GD.HL,临时工"));
    expect(job.errors.map((e) => [e.line, e.column, e.code])).toEqual([[3, 4, "import.error.post"]]);
    expect(importErrorText(makeT("en"), job.errors[0])).toBe(
      "“临时工” is not a post kind; use 一线, 管理 (干部), 支撑 (or frontline, management, support), or leave it empty.",
    );
    expect(await posts()).toEqual(before);
  });
});
