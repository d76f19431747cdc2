import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signIn } from "../../app/domain/auth/auth.server";
import type { Db } from "../../db/client";
import {
  demoAccounts,
  demoCsv,
  demoPassword,
  demoPeople,
  describeProgress,
  seedDemo,
  seedIfEmpty,
  throttled,
  type SeedProgress,
} from "../../app/demo/index";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let firstSeed: Awaited<ReturnType<typeof seedIfEmpty>>;
/** What the first load reported as it went (issue 14, item 20: a first start said nothing for a minute). */
const progress: SeedProgress[] = [];
beforeAll(async () => {
  t = await createTestDb();
  firstSeed = await seedIfEmpty(t.db, { report: (p) => progress.push(p) });
});
afterAll(() => t.close());

async function counts(db: Db) {
  const n = async (table: "people" | "org_units" | "person_roles") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { people: await n("people"), units: await n("org_units"), roles: await n("person_roles") };
}

const rolesOf = (db: Db, employeeNo: string) =>
  db
    .selectFrom("person_roles as r")
    .innerJoin("people as p", "p.id", "r.person_id")
    .leftJoin("org_units as u", "u.id", "r.org_unit_id")
    .select(["r.role", "u.code", "u.kind"])
    .where("p.employee_no", "=", employeeNo)
    .orderBy("r.role")
    .execute();

describe("the demo load says what it is doing", () => {
  test("each step reports its start and its end, with counts and the time since the load began", () => {
    const steps = [...new Set(progress.map((p) => p.step))];
    expect(steps.filter((s) => s !== "photos")).toEqual(["people", "campaigns", "nominations", "voting", "congratulations", "done"]);
    const last = (step: SeedProgress["step"]) => progress.filter((p) => p.step === step).at(-1)!;
    expect(progress[0]).toMatchObject({ step: "people", done: 0, of: 200 });
    expect(last("people")).toMatchObject({ done: 200, of: 200 });
    expect(last("nominations")).toMatchObject({ done: 10, of: 10 });
    // Every demo photo stored is counted, one by one, up to the total announced.
    const photos = progress.filter((p) => p.step === "photos");
    expect(photos.map((p) => p.done)).toEqual(Array.from({ length: photos.length }, (_, i) => i + 1));
    expect(photos.at(-1)).toMatchObject({ done: photos[0].of });
    // The voting campaigns by name, in order.
    expect(progress.filter((p) => p.step === "voting" && p.detail).map((p) => p.detail)).toEqual(["2026-11", "2026-10", "2025-annual", "2026-q3"]);
    expect(last("voting")).toMatchObject({ done: 4, of: 4 });
    expect(progress.at(-1)).toMatchObject({ step: "done", done: 1, of: 1 });
    const times = progress.map((p) => p.ms);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  test("the server prints a few of them, not one per row", () => {
    const printed: string[] = [];
    const print = throttled((p) => printed.push(describeProgress(p)));
    for (const p of progress) print(p);
    expect(printed.length).toBeLessThan(progress.length);
    expect(printed.length).toBeLessThanOrEqual(12 + Math.ceil(progress.at(-1)!.ms / 3000));
    expect(printed[0]).toBe("demo data: people 0/200");
    expect(printed).toContain("demo data: people 200/200");
    expect(printed).toContain(`demo data: photos ${progress.find((p) => p.step === "photos")!.of}/${progress.find((p) => p.step === "photos")!.of}`);
    expect(printed).toContain("demo data: voting 2026-11 0/4");
    expect(printed.at(-1)).toBe("demo data loaded");
  });
});

describe("seedIfEmpty on an empty database", () => {
  test("loads about 200 people, every one of them staff, a few who have left", async () => {
    expect(firstSeed).toEqual({ people: 200, units: 26 });
    const people = await t.db.selectFrom("people").select(["id", "email", "status", "left_at", "hire_date"]).execute();
    expect(people).toHaveLength(200);
    const staff = await t.db.selectFrom("person_roles").select("person_id").where("role", "=", "staff").execute();
    expect(new Set(staff.map((r) => r.person_id))).toEqual(new Set(people.map((p) => p.id)));
    const left = people.filter((p) => p.status === "left");
    expect(left.length).toBeGreaterThanOrEqual(3);
    expect(left.length).toBeLessThanOrEqual(10);
    expect(left.every((p) => p.left_at !== null)).toBe(true);
    const emails = people.map((p) => p.email!.toLowerCase());
    expect(new Set(emails).size).toBe(200);
    expect(emails.every((e) => /^[^@\s]+@[^@\s]+$/.test(e))).toBe(true);
    const years = people.map((p) => new Date(p.hire_date!).getFullYear());
    expect(Math.min(...years)).toBeLessThanOrEqual(1997);
    expect(Math.max(...years)).toBeGreaterThanOrEqual(2024);
  });

  test("builds the unit tree, with paths and depths that follow the parents", async () => {
    const units = await t.db.selectFrom("org_units").select(["id", "code", "parent_id", "kind", "path", "depth", "name_en"]).execute();
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const u of units) {
      const ancestors: number[] = [];
      for (let p = u.parent_id; p !== null; p = byId.get(p)!.parent_id) ancestors.unshift(p);
      expect({ code: u.code, path: u.path, depth: u.depth }).toEqual({
        code: u.code,
        path: ancestors.length ? `/${ancestors.join("/")}/` : "/",
        depth: ancestors.length,
      });
      expect(u.name_en).toBeTruthy();
    }
    const roots = units.filter((u) => u.parent_id === null);
    expect(roots.map((r) => [r.code, r.kind])).toEqual([["GD", "company"]]);
    expect(new Set(units.map((u) => u.kind))).toEqual(new Set(["company", "branch", "centre", "team"]));
    const centre = units.find((u) => u.code === "GD.10000.GZ")!;
    expect(centre.kind).toBe("centre");
    expect(units.filter((u) => u.parent_id === centre.id && u.kind === "team").length).toBeGreaterThanOrEqual(3);
    const lineTeams = await t.db.selectFrom("org_units").select("parent_id").where("name_zh", "like", "%线路维护班").execute();
    expect(new Set(lineTeams.map((u) => u.parent_id)).size).toBeGreaterThanOrEqual(3);
  });

  test("gives passwords to the demo accounts only, one account per role", async () => {
    const withPassword = await t.db.selectFrom("people").select("employee_no").where("password_hash", "is not", null).execute();
    expect(withPassword.map((p) => p.employee_no).sort()).toEqual(demoAccounts.map((a) => a.employeeNo).sort());
    expect(new Set(demoAccounts.map((a) => a.role))).toEqual(new Set(["admin", "manager", "committee", "staff"]));

    const [admin, hotline, line, committee, agent] = demoAccounts;
    expect(await rolesOf(t.db, admin.employeeNo)).toEqual([
      { role: "admin", code: null, kind: null },
      { role: "staff", code: null, kind: null },
    ]);
    expect(await rolesOf(t.db, hotline.employeeNo)).toContainEqual({ role: "manager", code: "GD.10000.GZ", kind: "centre" });
    expect(await rolesOf(t.db, line.employeeNo)).toContainEqual({ role: "manager", code: "GD.ZS.SQ", kind: "team" });
    expect(await rolesOf(t.db, committee.employeeNo)).toContainEqual({ role: "committee", code: null, kind: null });
    expect(await rolesOf(t.db, agent.employeeNo)).toEqual([{ role: "staff", code: null, kind: null }]);
  });

  test("every demo account signs in with the demo password, by employee number or email", async () => {
    for (const [i, account] of demoAccounts.entries()) {
      const identifier = i % 2 ? account.email.toUpperCase() : account.employeeNo;
      const r = await signIn(t.db, { identifier, password: demoPassword, ip: `10.9.0.${i}` });
      expect(r.ok, `${account.role} ${identifier}`).toBe(true);
      if (r.ok) expect(r.value.user.roles.map((g) => g.role)).toContain(account.role);
    }
  });

  test("a second call returns null and changes nothing", async () => {
    const before = await counts(t.db);
    expect(await seedIfEmpty(t.db)).toBeNull();
    expect(await counts(t.db)).toEqual(before);
  });
});

describe("seedDemo", () => {
  test("refuses a database that has people, without force", async () => {
    const before = await counts(t.db);
    expect(await seedDemo(t.db, {})).toEqual({ ok: false, reason: "not-empty", existingPeople: 200 });
    expect(await counts(t.db)).toEqual(before);
  });

  test("with force adds only what is missing and leaves existing people as they are", async () => {
    // Someone real who happens to hold a demo employee number, without a password.
    const committee = demoAccounts.find((a) => a.role === "committee")!;
    await t.db.updateTable("people").set({ name: "真实员工", password_hash: null }).where("employee_no", "=", committee.employeeNo).execute();
    await t.db
      .deleteFrom("person_roles")
      .where("role", "=", "committee")
      .where("person_id", "in", t.db.selectFrom("people").select("id").where("employee_no", "=", committee.employeeNo))
      .execute();
    // A demo person who went missing.
    const missing = demoPeople().find((p) => p.employeeNo.startsWith("GD0001") && !p.account)!;
    const gone = t.db.selectFrom("people").select("id").where("employee_no", "=", missing.employeeNo);
    await t.db.deleteFrom("metric_values").where("person_id", "in", gone).execute();
    await t.db.deleteFrom("people").where("employee_no", "=", missing.employeeNo).execute();
    const before = await counts(t.db);

    expect(await seedDemo(t.db, { force: true })).toEqual({ ok: true, people: 1, units: 0 });

    expect(await counts(t.db)).toEqual({
      people: before.people + 1,
      units: before.units,
      roles: before.roles + missing.roles.length,
    });
    const real = await t.db
      .selectFrom("people")
      .select(["name", "password_hash"])
      .where("employee_no", "=", committee.employeeNo)
      .executeTakeFirstOrThrow();
    expect(real).toEqual({ name: "真实员工", password_hash: null });
    expect((await rolesOf(t.db, committee.employeeNo)).map((r) => r.role)).toEqual(["staff"]);
    expect((await rolesOf(t.db, missing.employeeNo)).map((r) => r.role)).toEqual(missing.roles.map((r) => r.role).sort());
  });
});

describe("the sample import files", () => {
  test("are the demo data, in UTF-8 with BOM and in GB18030", () => {
    const { org, staff } = demoCsv();
    expect(readFileSync("docs/samples/demo-org.csv", "utf8")).toBe(org);
    expect(readFileSync("docs/samples/demo-staff.csv", "utf8")).toBe(staff);
    const gbk = new TextDecoder("gb18030").decode(readFileSync("docs/samples/demo-staff-gbk.csv"));
    expect(gbk).toBe(staff.replace(/^\uFEFF/, ""));
    expect(staff.startsWith("\uFEFF工号,姓名,邮箱,手机,部门编码,岗位,入职日期\r\n")).toBe(true);
    expect(org.startsWith("\uFEFF编码,名称,英文名称,上级编码,类型\r\n")).toBe(true);
    const active = demoPeople().filter((p) => p.leftAt === null).length;
    expect(staff.trimEnd().split("\r\n")).toHaveLength(active + 1);
  });
});
