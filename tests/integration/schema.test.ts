import { afterAll, beforeAll, expect, test } from "vitest";
import { givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let unitId: number;
beforeAll(async () => {
  t = await createTestDb();
  unitId = (await givenUnit(t.db, "GD")).id;
});
afterAll(() => t.close());

const person = (employee_no: string, email: string | null) =>
  t.db.insertInto("people").values({ employee_no, name: "测试", email, org_unit_id: unitId }).execute();

test("emails: any ordinary address is accepted; blanks and a missing @ are refused", async () => {
  await expect(person("S1", "staff.services@demo.example")).resolves.toBeDefined();
  await expect(person("S2", "has space@demo.example")).rejects.toThrow();
  await expect(person("S3", "no-at-sign")).rejects.toThrow();
});

test("emails are unique whatever their case", async () => {
  await person("S4", "Li.Ming@demo.example");
  await expect(person("S5", "li.ming@DEMO.example")).rejects.toThrow();
});

test("employee numbers are plain identifiers", async () => {
  await expect(person("GD 001", null)).rejects.toThrow();
  await expect(person("<script>", null)).rejects.toThrow();
});

test("a person who left carries the date they left, and only then", async () => {
  await expect(
    t.db.insertInto("people").values({ employee_no: "S6", name: "测试", org_unit_id: unitId, status: "left" }).execute(),
  ).rejects.toThrow();
});

test("audit actions are dotted lower-case names", async () => {
  await expect(t.db.insertInto("audit_log").values({ action: "role.granted" }).execute()).resolves.toBeDefined();
  await expect(t.db.insertInto("audit_log").values({ action: "roleXgranted" }).execute()).rejects.toThrow();
  await expect(t.db.insertInto("audit_log").values({ action: "Role granted" }).execute()).rejects.toThrow();
});
