import { describe, expect, test } from "vitest";
import { headerKey } from "../../app/domain/import/columns";
import { parseCsv } from "../../app/domain/import/csv";
import { importErrorText } from "../../app/domain/import/report";
import { checkOrg, checkPeople, cycleThrough, isoDate, type PeopleSnapshot } from "../../app/domain/import/validate";
import { makeT } from "../../app/i18n/all.server";

const file = (...lines: string[]) => parseCsv(Buffer.from(lines.join("\n") + "\n"));
const db: PeopleSnapshot = {
  unitCodes: new Set(["GD", "GD.GZ"]),
  emailOwners: new Map([
    ["taken@example.com", "OLD01"],
    ["moving@example.com", "E2"],
  ]),
  importer: "HR01",
};
const people = (...lines: string[]) => checkPeople(file(...lines), "merge", db);
const problems = (checked: { errors: { items: unknown[] } }) => checked.errors.items;

describe("staff file headers", () => {
  test("Chinese aliases map to the same fields as English ones", () => {
    const zh = people("员工编号,姓名,电子邮箱,手机号,组织编码,职位,入职日期", "E1,张三,z@example.com,13800000000,GD,话务员,2015/6/1");
    const en = people("Employee No.,Name,E-mail,Mobile,Unit Code,Job Title,Hire Date", "E1,张三,z@example.com,13800000000,GD,话务员,2015-06-01");
    expect(problems(zh)).toEqual([]);
    expect(zh.rows).toEqual(en.rows);
    expect(zh.rows[0]).toEqual({
      line: 2,
      data: {
        employee_no: "E1",
        name: "张三",
        email: "z@example.com",
        phone: "13800000000",
        unit: "GD",
        job_title: "话务员",
        hire_date: "2015-06-01",
      },
    });
  });

  test("headers match loosely: case, spaces, underscores, full-width brackets, required-field stars", () => {
    expect(headerKey("Employee_No")).toBe(headerKey("employee no"));
    expect(headerKey("（工号）*")).toBe(headerKey("工号"));
    expect(headerKey("ＥＭＡＩＬ")).toBe("email");
  });

  test("a title row above the header is skipped, and unknown columns are listed as ignored", () => {
    const checked = people("员工花名册,,,", "工号,姓名,部门编码,性别", "E1,张三,GD,男");
    expect(problems(checked)).toEqual([]);
    expect(checked.rows.map((r) => r.line)).toEqual([3]);
    expect(checked.ignoredColumns).toEqual(["性别"]);
  });

  test("missing required columns are named with the headers found; two columns for one field are refused", () => {
    expect(problems(people("工号,名字", "E1,张三"))).toEqual([
      { line: 1, code: "import.error.missingColumn", vars: { field: "name", found: "工号, 名字" } },
      { line: 1, code: "import.error.missingColumn", vars: { field: "unit", found: "工号, 名字" } },
    ]);
    expect(problems(people("工号,员工编号,姓名,部门编码", "E1,E1,张三,GD"))).toEqual([
      { line: 1, column: 2, code: "import.error.duplicateColumn", vars: { field: "employeeNo", header: "员工编号" } },
    ]);
  });

  test("an empty file and a header without rows are reported", () => {
    expect(problems(checkPeople(parseCsv(new Uint8Array([0xef, 0xbb, 0xbf])), "merge", db))).toEqual([{ line: null, code: "import.error.empty" }]);
    expect(problems(people("工号,姓名,部门编码", ",,"))).toEqual([{ line: null, code: "import.error.noRows" }]);
  });
});

describe("staff rows", () => {
  const header = "工号,姓名,邮箱,手机,部门编码,岗位,入职日期";

  test("each bad cell is reported with its line, field and value; no rows are kept", () => {
    const checked = people(
      header,
      "E 1,张三,,,GD,,",
      "1.23457E+11,李四,,1.38E+10,GD,,",
      "E3,,not-an-email,,GD.NOPE,,2015-02-30",
      `E4,${"长".repeat(101)},,,GD,,`,
      "E5,王五,,,GD,,,多余",
    );
    expect(checked.rows).toEqual([]);
    expect(problems(checked)).toEqual([
      { line: 2, column: 1, code: "import.error.employeeNo", vars: { field: "employeeNo", value: "E 1" } },
      { line: 3, column: 1, code: "import.error.scientific", vars: { field: "employeeNo", value: "1.23457E+11" } },
      { line: 3, column: 4, code: "import.error.scientific", vars: { field: "phone", value: "1.38E+10" } },
      { line: 4, column: 2, code: "import.error.required", vars: { field: "name" } },
      { line: 4, column: 3, code: "import.error.email", vars: { value: "not-an-email" } },
      { line: 4, column: 5, code: "import.error.unknownUnit", vars: { value: "GD.NOPE" } },
      { line: 4, column: 7, code: "import.error.date", vars: { value: "2015-02-30" } },
      { line: 5, column: 2, code: "import.error.tooLong", vars: { field: "name", max: 100 } },
      { line: 6, code: "import.error.extraCells", vars: { count: 8, expected: 7 } },
    ]);
  });

  test("lengths count characters as PostgreSQL does, not UTF-16 units", () => {
    const name = "𠀀".repeat(100); // 100 characters, 200 UTF-16 units
    expect(problems(people(header, `E1,${name},,,GD,,`))).toEqual([]);
  });

  test("control characters are refused; a line break inside a cell becomes a space", () => {
    const checked = people(header, 'E1,"张\u0007三",,,GD,,', 'E2,李四,,,GD,"话务员\n夜班",');
    expect(problems(checked)).toEqual([{ line: 2, column: 2, code: "import.error.control", vars: { field: "name" } }]);
    const ok = people(header, 'E2,李四,,,GD,"话务员\r\n 夜班",');
    expect(ok.rows[0].data.job_title).toBe("话务员 夜班");
  });

  test("employee numbers and emails are unique within the file, emails regardless of case", () => {
    const checked = people(header, "E1,张三,a@example.com,,GD,,", "E2,李四,A@Example.com,,GD,,", "E1,王五,,,GD,,");
    expect(problems(checked)).toEqual([
      { line: 3, column: 3, code: "import.error.duplicate", vars: { field: "email", value: "A@Example.com", firstLine: "2" } },
      { line: 4, column: 1, code: "import.error.duplicate", vars: { field: "employeeNo", value: "E1", firstLine: "2" } },
    ]);
  });

  test("an email held by someone outside the file is taken; one held by someone in the file may move", () => {
    expect(problems(people(header, "E1,张三,Taken@example.com,,GD,,"))).toEqual([
      { line: 2, column: 3, code: "import.error.emailTaken", vars: { value: "Taken@example.com", owner: "OLD01" } },
    ]);
    expect(problems(people(header, "E1,张三,moving@example.com,,GD,,", "E2,李四,new@example.com,,GD,,"))).toEqual([]);
  });

  test("a full list must include the administrator importing it", () => {
    const checked = checkPeople(file(header, "E1,张三,,,GD,,"), "full", db);
    expect(problems(checked)).toEqual([{ line: null, code: "import.error.selfMissing", vars: { employeeNo: "HR01" } }]);
    expect(problems(checkPeople(file(header, "HR01,张三,,,GD,,"), "full", db))).toEqual([]);
  });

  test("hire dates in the formats HR exports use", () => {
    expect(["2015-06-01", "2015/6/1", "2015.6.1", "2015年6月1日", "20150601", "2015/6/1 0:00", "2015-06-01 00:00:00"].map(isoDate)).toEqual(
      Array(7).fill("2015-06-01"),
    );
    expect(["2015-13-01", "2015-02-29", "1899-01-01", "6/1/2015", "42156", ""].map(isoDate)).toEqual(Array(6).fill(null));
    expect(isoDate("2016-02-29")).toBe("2016-02-29");
  });
});

describe("org unit files", () => {
  const parents = new Map<string, string | null>([
    ["GD", null],
    ["GD.GZ", "GD"],
  ]);
  const org = (...lines: string[]) => checkOrg(file(...lines), { parents });

  test("types in Chinese or English; parents from the file (in any order) or the database", () => {
    const checked = org(
      "单元编码,中文名称,英文名称,上级编码,类型",
      "GD.GZ.HL.T1,热线一班,,GD.GZ.HL,班组",
      "GD.GZ.HL,广州热线,Guangzhou Hotline,GD.GZ,centre",
      "GD.FS,佛山分公司,,GD,Branch",
    );
    expect(problems(checked)).toEqual([]);
    expect(checked.rows.map((r) => r.data)).toEqual([
      { code: "GD.GZ.HL.T1", name_zh: "热线一班", name_en: null, parent: "GD.GZ.HL", kind: "team" },
      { code: "GD.GZ.HL", name_zh: "广州热线", name_en: "Guangzhou Hotline", parent: "GD.GZ", kind: "centre" },
      { code: "GD.FS", name_zh: "佛山分公司", name_en: null, parent: "GD", kind: "branch" },
    ]);
  });

  test("unknown parents and types, self-parents, bad codes and duplicates are reported", () => {
    expect(problems(org("编码,名称,上级编码,类型", "A,甲,NOPE,班组", "B,乙,B,部门", "C D,丙,,公司", "A,甲2,,公司"))).toEqual([
      { line: 2, column: 3, code: "import.error.unknownParent", vars: { value: "NOPE" } },
      { line: 3, column: 3, code: "import.error.selfParent", vars: { value: "B" } },
      { line: 3, column: 4, code: "import.error.kind", vars: { value: "部门" } },
      { line: 4, column: 1, code: "import.error.unitCode", vars: { field: "code", value: "C D" } },
      { line: 5, column: 1, code: "import.error.duplicate", vars: { field: "code", value: "A", firstLine: "2" } },
    ]);
  });

  test("a loop through the database's tree is refused on every row in it", () => {
    expect(problems(org("编码,名称,上级编码,类型", "GD,广东,X,公司", "X,某单位,GD.GZ,班组"))).toEqual([
      { line: 2, column: 3, code: "import.error.cycle", vars: { chain: "GD → X → GD.GZ → GD" } },
      { line: 3, column: 3, code: "import.error.cycle", vars: { chain: "X → GD.GZ → GD → X" } },
    ]);
  });

  test("cycleThrough finds only loops through the unit itself", () => {
    const tree = new Map<string, string | null>([
      ["A", "B"],
      ["B", "C"],
      ["C", "B"],
      ["D", null],
    ]);
    expect(cycleThrough("A", tree)).toBeNull();
    expect(cycleThrough("B", tree)).toEqual(["B", "C", "B"]);
    expect(cycleThrough("D", tree)).toBeNull();
  });
});

describe("the order errors are listed in", () => {
  test("import errors are listed by line, then by column, whichever check found them first", () => {
    // Columns in an order of HR's own: 姓名 first, 工号 fourth. Line 3's taken
    // address and line 2's duplicate are found only after every row was read.
    const checked = checkPeople(
      file(
        "姓名,邮箱,入职日期,工号,部门编码,手机",
        "张三,taken@example.com,2015-02-30,E1,GD.NOPE,",
        ",Taken@example.com,,E 2,GD,1.38E+10",
        "王五,w@example.com,,E3,GD,,多余",
        "赵六,W@example.com,2015/6/1,E3,GD,",
      ),
      "full",
      db,
    );
    expect(checked.errors.items.map((e) => Object.values(e).slice(0, 3))).toEqual([
      [null, "import.error.selfMissing", { employeeNo: "HR01" }],
      [2, 2, "import.error.emailTaken"],
      [2, 3, "import.error.date"],
      [2, 5, "import.error.unknownUnit"],
      [3, 1, "import.error.required"],
      [3, 2, "import.error.duplicate"],
      [3, 4, "import.error.employeeNo"],
      [3, 6, "import.error.scientific"],
      [4, "import.error.extraCells", { count: 7, expected: 6 }],
      [5, 2, "import.error.duplicate"],
      [5, 4, "import.error.duplicate"],
    ]);
  });

  test("the first 200 by line are kept, however late a check found them", () => {
    const org = checkOrg(
      file("编码,名称,上级编码,类型", ...Array.from({ length: 250 }, (_, i) => (i === 0 ? "A0,甲,NOPE,班组" : `A${i},甲,,不存在`))),
      { parents: new Map() },
    );
    expect(org.errors.total).toBe(250);
    expect(org.errors.items).toHaveLength(200);
    // The unknown parent on line 2 is found in the second pass, after 249 unknown types.
    expect(org.errors.items[0]).toEqual({ line: 2, column: 3, code: "import.error.unknownParent", vars: { value: "NOPE" } });
    expect(org.errors.items.map((e) => e.line)).toEqual(Array.from({ length: 200 }, (_, i) => i + 2));
  });
});

describe("error messages", () => {
  test("are stored as keys and read in either language, with the field named", () => {
    const e = { line: 4, code: "import.error.required", vars: { field: "hireDate" } } as const;
    expect(importErrorText(makeT("en"), e)).toBe("“Hire date” is empty.");
    expect(importErrorText(makeT("zh-CN"), e)).toBe("“入职日期”为空。");
  });
});
