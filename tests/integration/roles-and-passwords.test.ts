import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listAudit } from "../../app/domain/audit/audit.server";
import { passwordLinkFor, setPasswordWithToken, signIn, userFromSession } from "../../app/domain/auth/auth.server";
import { grantRole, issuePasswordLink, revokeRole } from "../../app/domain/people/people.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD");
  await givenUnit(t.db, "GZ", { parent: "GD", kind: "branch" });
  await givenUnit(t.db, "GZ-HOT", { parent: "GZ", kind: "centre" });
});
afterAll(() => t.close());

const auditOf = (subjectId: string) => t.db.selectFrom("audit_log").selectAll().where("subject_id", "=", subjectId).orderBy("id").execute();

describe("granting and removing roles", () => {
  test("an administrator makes someone a manager of a unit, audited with before and after", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin", "staff"] });
    const wang = await givenPerson(t.db, { unit: "GZ-HOT", employeeNo: "R0001" });
    const r = await grantRole(t.db, admin, { employeeNo: "R0001", role: "manager", unitCode: "GZ-HOT" });
    expect(r).toEqual({
      ok: true,
      value: [
        { role: "manager", unit: "GZ-HOT" },
        { role: "staff", unit: null },
      ],
    });
    const [entry] = await auditOf("R0001");
    expect(entry).toMatchObject({ action: "role.granted", actor_id: admin.id, subject_type: "person" });
    expect(entry.before).toEqual([{ role: "staff", unit: null }]);
    expect(entry.after).toEqual([
      { role: "manager", unit: "GZ-HOT" },
      { role: "staff", unit: null },
    ]);
    expect(wang.id).toBeGreaterThan(0);
  });

  test("granting the same role twice changes nothing and writes no second entry", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    await givenPerson(t.db, { unit: "GZ", employeeNo: "R0002" });
    await grantRole(t.db, admin, { employeeNo: "R0002", role: "committee" });
    await grantRole(t.db, admin, { employeeNo: "R0002", role: "committee" });
    expect((await auditOf("R0002")).filter((e) => e.action === "role.granted")).toHaveLength(1);
  });

  test("a manager needs a unit", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    await givenPerson(t.db, { unit: "GZ", employeeNo: "R0003" });
    expect(await grantRole(t.db, admin, { employeeNo: "R0003", role: "manager" })).toMatchObject({
      ok: false,
      error: "admin.roles.unitRequired",
    });
    expect(await grantRole(t.db, admin, { employeeNo: "R0003", role: "manager", unitCode: "NOPE" })).toMatchObject({
      ok: false,
      error: "admin.roles.unknownUnit",
    });
    expect(await auditOf("R0003")).toHaveLength(0);
  });

  test("the database itself refuses a manager without a unit and an admin with one", async () => {
    const p = await givenPerson(t.db, { unit: "GZ", employeeNo: "R0004" });
    await expect(t.db.insertInto("person_roles").values({ person_id: p.id, role: "manager" }).execute()).rejects.toThrow();
    const unit = await t.db.selectFrom("org_units").select("id").where("code", "=", "GZ").executeTakeFirstOrThrow();
    await expect(t.db.insertInto("person_roles").values({ person_id: p.id, role: "admin", org_unit_id: unit.id }).execute()).rejects.toThrow();
  });

  test("someone who is not an administrator is refused and nothing changes", async () => {
    const manager = await givenPerson(t.db, { unit: "GZ", roles: ["staff", { role: "manager", unit: "GZ" }] });
    await givenPerson(t.db, { unit: "GZ", employeeNo: "R0005" });
    expect(await grantRole(t.db, manager, { employeeNo: "R0005", role: "admin" })).toMatchObject({ ok: false, status: 403 });
    expect(await revokeRole(t.db, manager, { employeeNo: "R0005", role: "staff" })).toMatchObject({ ok: false, status: 403 });
    const roles = await t.db
      .selectFrom("person_roles as r")
      .innerJoin("people as p", "p.id", "r.person_id")
      .select("r.role")
      .where("p.employee_no", "=", "R0005")
      .execute();
    expect(roles.map((r) => r.role)).toEqual(["staff"]);
  });

  test("an administrator cannot remove their own administrator role", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"], employeeNo: "R0006" });
    expect(await revokeRole(t.db, admin, { employeeNo: "R0006", role: "admin" })).toMatchObject({
      ok: false,
      error: "admin.roles.selfAdmin",
    });
  });

  test("removing a scoped role removes only that scope", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    await givenPerson(t.db, {
      unit: "GZ",
      employeeNo: "R0007",
      roles: [
        { role: "manager", unit: "GZ" },
        { role: "manager", unit: "GZ-HOT" },
      ],
    });
    const r = await revokeRole(t.db, admin, { employeeNo: "R0007", role: "manager", unitCode: "GZ" });
    expect(r).toEqual({ ok: true, value: [{ role: "manager", unit: "GZ-HOT" }] });
    expect((await auditOf("R0007")).map((e) => e.action)).toEqual(["role.revoked"]);
  });
});

describe("one-time password links", () => {
  test("a link sets the password once, signs the person out everywhere, and is audited", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    const li = await givenPerson(t.db, { unit: "GZ", employeeNo: "P0001" });
    const before = await signIn(t.db, { identifier: "P0001", password: li.password!, ip: "10.9.0.1" });
    expect(before.ok).toBe(true);

    const link = await issuePasswordLink(t.db, admin, "P0001");
    if (!link.ok) throw new Error("expected a link");
    expect(await passwordLinkFor(t.db, link.value.token)).toMatchObject({ employeeNo: "P0001" });
    const stored = await t.db.selectFrom("password_tokens").select("id").where("person_id", "=", li.id).execute();
    expect(stored.map((s) => s.id)).not.toContain(link.value.token);

    expect(await setPasswordWithToken(t.db, link.value.token, "a brand new passphrase")).toEqual({
      ok: true,
      value: { employeeNo: "P0001" },
    });
    if (before.ok) expect(await userFromSession(t.db, before.value.token)).toBeNull();
    expect((await signIn(t.db, { identifier: "P0001", password: "a brand new passphrase", ip: "10.9.0.1" })).ok).toBe(true);
    expect(await setPasswordWithToken(t.db, link.value.token, "another passphrase!")).toMatchObject({
      ok: false,
      error: "auth.linkInvalid",
    });
    expect((await auditOf("P0001")).map((e) => e.action)).toEqual(expect.arrayContaining(["password.link_issued", "auth.password_set"]));
  });

  test("a newer link replaces an older unused one", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    await givenPerson(t.db, { unit: "GZ", employeeNo: "P0002" });
    const first = await issuePasswordLink(t.db, admin, "P0002");
    const second = await issuePasswordLink(t.db, admin, "P0002");
    if (!first.ok || !second.ok) throw new Error("expected links");
    expect(await passwordLinkFor(t.db, first.value.token)).toBeNull();
    expect(await passwordLinkFor(t.db, second.value.token)).not.toBeNull();
  });

  test("only administrators issue links, and not for people who left", async () => {
    const staff = await givenPerson(t.db, { unit: "GZ" });
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
    await givenPerson(t.db, { unit: "GZ", employeeNo: "P0003", status: "left" });
    expect(await issuePasswordLink(t.db, staff, staff.employeeNo)).toMatchObject({ ok: false, status: 403 });
    expect(await issuePasswordLink(t.db, admin, "P0003")).toMatchObject({ ok: false, error: "admin.password.personLeft" });
    expect(await t.db.selectFrom("password_tokens").select("id").where("person_id", "=", staff.id).execute()).toHaveLength(0);
  });
});

describe("the audit log", () => {
  test("administrators read and filter it; nobody else can", async () => {
    const admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"], employeeNo: "AUD01" });
    const staff = await givenPerson(t.db, { unit: "GZ" });
    await givenPerson(t.db, { unit: "GZ", employeeNo: "AUD02" });
    await grantRole(t.db, admin, { employeeNo: "AUD02", role: "committee" });

    const all = await listAudit(t.db, admin, {});
    if (!all.ok) throw new Error("admin must read the log");
    expect(all.value.total).toBeGreaterThan(0);
    expect(all.value.actions).toContain("role.granted");

    const mine = await listAudit(t.db, admin, { actor: "AUD01", action: "role.granted" });
    if (!mine.ok) throw new Error("admin must read the log");
    expect(mine.value.rows.map((r) => r.subject?.id)).toEqual(["AUD02"]);

    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const dated = await listAudit(t.db, admin, { subject: "AUD02", from: today, to: today });
    expect(dated.ok && dated.value.total).toBe(1);
    const tomorrow = await listAudit(t.db, admin, { subject: "AUD02", from: "2999-01-01" });
    expect(tomorrow.ok && tomorrow.value.total).toBe(0);

    expect(await listAudit(t.db, staff, {})).toMatchObject({ ok: false, status: 403 });
  });
});
