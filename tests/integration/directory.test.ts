import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getProfile, searchDirectory, yearsBetween, directoryPageSize } from "../../app/domain/people/people.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let viewer: Awaited<ReturnType<typeof givenPerson>>;
let admin: Awaited<ReturnType<typeof givenPerson>>;

beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD", { nameZh: "广东公司", nameEn: "Guangdong Company" });
  await givenUnit(t.db, "GZ", { parent: "GD", kind: "branch", nameZh: "广州分公司", nameEn: "Guangzhou Branch" });
  await givenUnit(t.db, "GZ-HOT", { parent: "GZ", kind: "centre", nameZh: "10000号广州区域中心", nameEn: "10000 Hotline Guangzhou" });
  await givenUnit(t.db, "SZ", { parent: "GD", kind: "branch", nameZh: "深圳分公司", nameEn: "Shenzhen Branch" });
  viewer = await givenPerson(t.db, { unit: "SZ", name: "周晓燕", employeeNo: "D0001" });
  admin = await givenPerson(t.db, { unit: "GD", name: "管理员", employeeNo: "D0002", roles: ["admin"] });
  await givenPerson(t.db, { unit: "GZ-HOT", name: "邱俊廷", employeeNo: "D0100", jobTitle: "业务代表", hireDate: "2008-07-01" });
  await givenPerson(t.db, { unit: "GZ", name: "陈志强", employeeNo: "D0101", jobTitle: "线路维护员" });
  await givenPerson(t.db, { unit: "GZ-HOT", name: "林已离", employeeNo: "D0102", status: "left" });
  for (let i = 0; i < 30; i++) await givenPerson(t.db, { unit: "SZ", name: `深圳员工${String(i).padStart(2, "0")}` });
});
afterAll(() => t.close());

describe("the directory", () => {
  test("finds people by name, employee number and unit name, never those who left", async () => {
    expect((await searchDirectory(t.db, viewer, { q: "邱俊" })).rows.map((r) => r.employeeNo)).toEqual(["D0100"]);
    expect((await searchDirectory(t.db, viewer, { q: "d0101" })).rows.map((r) => r.name)).toEqual(["陈志强"]);
    const hotline = await searchDirectory(t.db, viewer, { q: "Hotline" });
    expect(hotline.rows.map((r) => r.employeeNo)).toEqual(["D0100"]);
  });

  test("a unit filter includes every unit below it", async () => {
    const gz = await searchDirectory(t.db, viewer, { unit: "GZ" });
    expect(gz.rows.map((r) => r.employeeNo).sort()).toEqual(["D0100", "D0101"]);
    expect((await searchDirectory(t.db, viewer, { unit: "NOPE" })).total).toBe(0);
  });

  test("search text is not a pattern", async () => {
    expect((await searchDirectory(t.db, viewer, { q: "%" })).total).toBe(0);
    expect((await searchDirectory(t.db, viewer, { q: "_" })).total).toBe(0);
  });

  test("pages are of a fixed size and cover everyone once", async () => {
    const first = await searchDirectory(t.db, viewer, { unit: "SZ", page: 1 });
    const second = await searchDirectory(t.db, viewer, { unit: "SZ", page: 2 });
    expect(first.total).toBe(31);
    expect(first.rows).toHaveLength(directoryPageSize);
    expect(first.pageCount).toBe(2);
    const all = [...first.rows, ...second.rows].map((r) => r.employeeNo);
    expect(new Set(all).size).toBe(31);
  });

  test("administrators may include people who have left", async () => {
    expect((await searchDirectory(t.db, admin, { q: "林已离", includeLeft: true })).total).toBe(1);
    expect((await searchDirectory(t.db, viewer, { q: "林已离", includeLeft: true })).total).toBe(0);
  });
});

describe("a profile page", () => {
  test("shows the unit path, job title and years of service", async () => {
    const r = await getProfile(t.db, viewer, "D0100");
    if (!r.ok) throw new Error("profile expected");
    expect(r.value.unitPath.map((u) => u.code)).toEqual(["GD", "GZ", "GZ-HOT"]);
    expect(r.value).toMatchObject({ name: "邱俊廷", jobTitle: "业务代表", hireDate: "2008-07-01" });
    expect(r.value.yearsOfService).toBeGreaterThanOrEqual(18);
  });

  test("people who left are not found, except by administrators", async () => {
    expect(await getProfile(t.db, viewer, "D0102")).toMatchObject({ ok: false, status: 404 });
    expect((await getProfile(t.db, admin, "D0102")).ok).toBe(true);
    expect(await getProfile(t.db, viewer, "NOBODY")).toMatchObject({ ok: false, status: 404 });
  });

  test("years of service count whole years on the calendar", () => {
    expect(yearsBetween("2010-03-15", "2026-03-14")).toBe(15);
    expect(yearsBetween("2010-03-15", "2026-03-15")).toBe(16);
    expect(yearsBetween("2026-01-01", "2026-11-25")).toBe(0);
  });
});

describe("pinyin", () => {
  test("finds a name by its pinyin, run together or as initials", async () => {
    for (const q of ["qiu", "Qiu Jun", "qiujunting", "qjt"]) {
      expect(
        (await searchDirectory(t.db, viewer, { q })).rows.map((r) => r.employeeNo),
        q,
      ).toEqual(["D0100"]);
    }
  });

  test("sorts the directory in pinyin order", async () => {
    const names = (await searchDirectory(t.db, viewer, { unit: "GZ" })).rows.map((r) => r.name);
    expect(names).toEqual(["陈志强", "邱俊廷"]); // chen before qiu, though 邱 < 陈 by code point
  });
});

describe("page numbers", () => {
  test("beyond the last page show the last page; nonsense shows the first", async () => {
    const far = await searchDirectory(t.db, viewer, { unit: "SZ", page: 1e20 });
    expect(far.page).toBe(2);
    expect(far.rows.length).toBe(31 - directoryPageSize);
    expect((await searchDirectory(t.db, viewer, { unit: "SZ", page: Number.NaN })).page).toBe(1);
    expect((await searchDirectory(t.db, viewer, { unit: "SZ", page: -3 })).page).toBe(1);
  });
});
