import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { passwordLinkFor } from "../../app/domain/auth/auth.server";
import { browseDirectoryAsAdmin } from "../../app/domain/people/directory.server";
import { issuePasswordLinksForUnit } from "../../app/domain/people/password-links.server";
import { searchDirectory } from "../../app/domain/people/people.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { value } from "../support/result";

// Administrators list people by role and make one-time password links for a
// whole unit at once (issue 14, item 15).

let t: TestDb;
let admin: User;
let staff: User;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD", { kind: "company", nameZh: "广东公司" });
  await givenUnit(t.db, "GZ", { parent: "GD", kind: "branch", nameZh: "广州分公司" });
  await givenUnit(t.db, "GZ-D1", { parent: "GZ", kind: "team", nameZh: "广州一台" });
  await givenUnit(t.db, "SZ", { parent: "GD", kind: "branch", nameZh: "深圳分公司" });
  admin = await givenPerson(t.db, { unit: "GD", employeeNo: "ADM1", roles: ["admin", "staff"] });
  staff = await givenPerson(t.db, { unit: "GZ", employeeNo: "STF1", roles: ["staff"] });
  await givenPerson(t.db, { unit: "GZ", employeeNo: "COM1", name: "欧阳敏华", roles: ["staff", "committee"] });
  await givenPerson(t.db, { unit: "SZ", employeeNo: "COM2", name: "严宇航", roles: ["committee"] });
  await givenPerson(t.db, { unit: "GZ-D1", employeeNo: "MGR1", name: "梁晓岚", roles: ["staff", { role: "manager", unit: "GZ-D1" }] });
  // New in Guangzhou, without a password: one in the branch, two on the desk (one named as a formula), one who left.
  await givenPerson(t.db, { unit: "GZ", employeeNo: "NEW1", name: "程嘉朗", password: null });
  await givenPerson(t.db, { unit: "GZ-D1", employeeNo: "NEW2", name: "吉𠮷祥", password: null });
  await givenPerson(t.db, { unit: "GZ-D1", employeeNo: "NEW3", name: '=HYPERLINK("x")', password: null });
  await givenPerson(t.db, { unit: "GZ-D1", employeeNo: "GONE", name: "黎国栋", password: null, status: "left" });
  await givenPerson(t.db, { unit: "SZ", employeeNo: "NEW4", name: "苏婉清", password: null });
});
afterAll(() => t.close());

const auditOf = (action: string) =>
  t.db
    .selectFrom("audit_log")
    .select(["actor_id", "subject_type", "subject_id", "before", "after"])
    .where("action", "=", action)
    .orderBy("id")
    .execute();

describe("the people list by role", () => {
  test("an administrator lists the committee, or the managers, each row with its roles", async () => {
    const committee = value(await browseDirectoryAsAdmin(t.db, admin, { role: "committee" }));
    expect(committee.result.rows.map((r) => [r.employeeNo, r.roles])).toEqual([
      ["COM1", ["committee", "staff"]],
      ["COM2", ["committee"]],
    ]);
    expect(committee.result.total).toBe(2);
    expect(committee.query.role).toBe("committee");
    const managers = value(await browseDirectoryAsAdmin(t.db, admin, { role: "manager", unit: "GZ" }));
    expect(managers.result.rows.map((r) => r.employeeNo)).toEqual(["MGR1"]);
  });
  test("staff cannot filter by role: the directory ignores it", async () => {
    const rows = (await searchDirectory(t.db, staff, { role: "committee" })).rows.map((r) => r.employeeNo);
    expect(rows).toContain("NEW1");
    expect(await browseDirectoryAsAdmin(t.db, staff, { role: "committee" })).toEqual({ ok: false, error: "common.forbidden", status: 403 });
  });
});

describe("password links for a unit", () => {
  test("links for the active people of the unit and the units below it who have no password yet; each works, each is audited, and the batch once", async () => {
    const r = value(await issuePasswordLinksForUnit(t.db, admin, { unitCode: "GZ", onlyWithoutPassword: true }));
    expect(r.unit.code).toBe("GZ");
    expect(r.rows.map((x) => x.employeeNo).sort()).toEqual(["NEW1", "NEW2", "NEW3"]);
    expect(r.expiresAt.getTime()).toBeGreaterThan(Date.now() + 71 * 3_600_000);
    for (const row of r.rows) expect(await passwordLinkFor(t.db, row.token)).toMatchObject({ employeeNo: row.employeeNo });
    const issued = await auditOf("password.link_issued");
    expect(issued.map((e) => e.subject_id).sort()).toEqual(["NEW1", "NEW2", "NEW3"]);
    expect(issued.every((e) => e.actor_id === admin.id && (e.after as { unit: string }).unit === "GZ")).toBe(true);
    expect(await auditOf("password.links_issued")).toEqual([
      { actor_id: admin.id, subject_type: "unit", subject_id: "GZ", before: null, after: { count: 3, onlyWithoutPassword: true } },
    ]);
    // No token is ever stored or audited as it is: only its hash.
    expect(JSON.stringify(await t.db.selectFrom("audit_log").select(["before", "after"]).execute())).not.toContain(r.rows[0].token);
  });

  test("a second batch supersedes the first links; without the filter, people with a password get one too", async () => {
    const first = value(await issuePasswordLinksForUnit(t.db, admin, { unitCode: "GZ-D1", onlyWithoutPassword: true }));
    const second = value(await issuePasswordLinksForUnit(t.db, admin, { unitCode: "GZ-D1", onlyWithoutPassword: false }));
    expect(second.rows.map((x) => x.employeeNo).sort()).toEqual(["MGR1", "NEW2", "NEW3"]);
    for (const row of first.rows) expect(await passwordLinkFor(t.db, row.token)).toBeNull();
  });

  test("refused, with nothing stored: not an administrator, an unknown unit, a unit where everyone has a password", async () => {
    const before = await t.db.selectFrom("password_tokens").select("id").execute();
    const entries = (await t.db.selectFrom("audit_log").select("id").execute()).length;
    expect(await issuePasswordLinksForUnit(t.db, staff, { unitCode: "GZ", onlyWithoutPassword: true })).toEqual({
      ok: false,
      error: "common.forbidden",
      status: 403,
    });
    expect(await issuePasswordLinksForUnit(t.db, admin, { unitCode: "NOPE", onlyWithoutPassword: true })).toEqual({
      ok: false,
      error: "admin.links.unknownUnit",
      status: 400,
    });
    await givenUnit(t.db, "EMPTY", { parent: "GD", kind: "team" });
    expect(await issuePasswordLinksForUnit(t.db, admin, { unitCode: "EMPTY", onlyWithoutPassword: false })).toEqual({
      ok: false,
      error: "admin.links.none",
      status: 409,
    });
    await givenPerson(t.db, { unit: "EMPTY", employeeNo: "OLD1" });
    expect(await issuePasswordLinksForUnit(t.db, admin, { unitCode: "EMPTY", onlyWithoutPassword: true })).toEqual({
      ok: false,
      error: "admin.links.noneWithout",
      status: 409,
    });
    expect(await t.db.selectFrom("password_tokens").select("id").execute()).toEqual(before);
    expect((await t.db.selectFrom("audit_log").select("id").execute()).length).toBe(entries);
  });
});
