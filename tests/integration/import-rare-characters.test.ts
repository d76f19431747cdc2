import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { createImport, getImport, runImport } from "../../app/domain/import/import.server";
import { importErrorText } from "../../app/domain/import/report";
import { searchDirectory } from "../../app/domain/people/people.server";
import { makeT } from "../../app/i18n/all.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

// 生僻字 in names: 䶮 (U+4DAE, Extension A, inside UTF-16's first plane),
// 𠮷 (U+20BB7, Extension B) and 𪚥 (U+2A6A5, Extension B's far end) — the last
// two are two UTF-16 code units each, one character to a reader and to PostgreSQL.

let t: TestDb;
let admin: User;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD", { nameZh: "广东电信", nameEn: "Guangdong Telecom" });
  admin = await givenPerson(t.db, { unit: "GD", employeeNo: "HR0001", roles: ["admin", "staff"] });
});
afterAll(() => t.close());

async function importFile(file: string, fileName = "staff.csv") {
  const created = await createImport(t.db, admin, { kind: "people", mode: "merge", fileName, content: new TextEncoder().encode(`\ufeff${file}`) });
  if (!created.ok) throw new Error(created.error);
  await runImport(t.db, created.value.id);
  const job = await getImport(t.db, admin, created.value.id);
  if (!job.ok) throw new Error(job.error);
  return job.value;
}

const isWellFormed = (s: string) => !/\p{Surrogate}/u.test(s);
const named = (employeeNo: string) =>
  t.db.selectFrom("people").select(["name", "name_pinyin"]).where("employee_no", "=", employeeNo).executeTakeFirstOrThrow();

describe("a name with a rare character", () => {
  test("a name with 𠮷 imports and is found, with 䶮 and 𪚥 beside it", async () => {
    const job = await importFile(
      ["工号,姓名,部门编码", "GD900003,吉𠮷祥,GD", "GD900004,刘䶮,GD", "GD900005,𪚥,GD", "GD900006,王𪚥𠮷,GD"].join("\r\n"),
    );
    expect(job.status).toBe("done");
    expect(job.summary).toMatchObject({ created: 4 });
    expect((await named("GD900003")).name).toBe("吉𠮷祥");
    for (const no of ["GD900003", "GD900004", "GD900005", "GD900006"]) {
      const { name_pinyin } = await named(no);
      // The pinyin key's initials once took the first UTF-16 unit of 𠮷: half a character.
      expect(isWellFormed(name_pinyin)).toBe(true);
    }
    expect((await named("GD900004")).name_pinyin).toBe("liu yan|liuyan|ly");
    expect((await named("GD900003")).name_pinyin).toBe("ji 𠮷 xiang|ji𠮷xiang|j𠮷x");

    const found = async (q: string) => (await searchDirectory(t.db, admin, { q })).rows.map((r) => r.employeeNo).sort();
    expect(await found("𠮷")).toEqual(["GD900003", "GD900006"]);
    expect(await found("吉𠮷祥")).toEqual(["GD900003"]);
    expect(await found("𪚥")).toEqual(["GD900005", "GD900006"]);
    expect(await found("䶮")).toEqual(["GD900004"]);
    expect(await found("liuyan")).toEqual(["GD900004"]);
    expect(await found("xiang")).toEqual(["GD900003"]);
    expect(await found("j𠮷x")).toEqual(["GD900003"]);
  });

  test("a name's limit is counted in characters, as the database counts them", async () => {
    const hundred = "𠮷".repeat(100);
    const job = await importFile(["工号,姓名,部门编码", `GD900010,${hundred},GD`].join("\r\n"));
    expect(job.status).toBe("done");
    expect((await named("GD900010")).name).toBe(hundred);

    const tooLong = await importFile(["工号,姓名,部门编码", `GD900011,${"𪚥".repeat(101)},GD`].join("\r\n"));
    expect(tooLong.status).toBe("failed");
    expect(tooLong.errors).toEqual([{ line: 2, column: 2, code: "import.error.tooLong", vars: { field: "name", max: 100 } }]);
    expect(importErrorText(makeT("zh-CN"), tooLong.errors[0])).toBe("“姓名”超过 100 个字符。");
  });

  test("a value echoed in a message is cut between characters, never inside one", async () => {
    // One letter, then 𠮷s: the 60th code unit is the first half of a 𠮷.
    const email = `a${"𠮷".repeat(70)}@example.com@`;
    const job = await importFile(["工号,姓名,部门编码,邮箱", `GD900022,吉𠮷祥,GD,${email}`].join("\r\n"));
    expect(job.status).toBe("failed");
    expect(job.errors).toEqual([{ line: 2, column: 4, code: "import.error.email", vars: { value: `a${"𠮷".repeat(59)}…` } }]);
  });

  test("a file name with rare characters is kept whole up to its limit", async () => {
    const job = await importFile(["工号,姓名,部门编码", "GD900030,吉𠮷祥,GD"].join("\r\n"), `${"𠮷".repeat(250)}.csv`);
    expect(job.status).toBe("done");
    expect(job.fileName).toBe("𠮷".repeat(200));
  });
});

describe("an unexpected failure", () => {
  test("is logged with its stack and shown as a sentence, never as a database message", async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    // The units table gone: the database answers with a message the administrator must not read.
    await sql`alter table org_units rename to org_units_away`.execute(t.db);
    let job;
    try {
      job = await importFile(["工号,姓名,部门编码", "GD900040,吉𠮷祥,GD"].join("\r\n"));
    } finally {
      await sql`alter table org_units_away rename to org_units`.execute(t.db);
      spy.mockRestore();
    }
    expect(job.status).toBe("failed");
    expect(job.errors).toEqual([{ line: null, code: "import.error.unexpected" }]);
    for (const locale of ["zh-CN", "en"] as const) {
      const text = importErrorText(makeT(locale), job.errors[0]);
      expect(text).not.toMatch(/org_units|relation|does not exist|\{/);
    }
    const lines = written
      .flatMap((w) => w.split("\n"))
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const logged = lines.find((l) => l.level === "error" && l.importId === job.id);
    expect(logged).toMatchObject({ msg: "import failed unexpectedly" });
    expect(String(logged?.error)).toMatch(/org_units/);
    expect(String(logged?.stack)).toMatch(/\n\s+at /);
    expect(await t.db.selectFrom("people").select("id").where("employee_no", "=", "GD900040").execute()).toHaveLength(0);
  });
});
