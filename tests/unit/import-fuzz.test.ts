import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { orgColumns, peopleColumns } from "../../app/domain/import/columns";
import { parseCsv } from "../../app/domain/import/csv";
import { importErrorText } from "../../app/domain/import/report";
import { checkOrg, checkPeople, type Checked, type PersonData, type UnitData } from "../../app/domain/import/validate";
import { isMessageKey, makeT } from "../../app/i18n/all.server";

// Whatever bytes arrive, parse + check must not throw, and must end in one of
// two states: every row accepted and no error, or no row accepted and at
// least one error that reads as a sentence in both languages.

const peopleDb = { unitCodes: new Set(["GD", "GD.GZ", "T1"]), emailOwners: new Map([["x@example.com", "OLD"]]), importer: "E1" };
const orgDb = {
  parents: new Map<string, string | null>([
    ["GD", null],
    ["GD.GZ", "GD"],
  ]),
};
const en = makeT("en");
const zh = makeT("zh-CN");

function expectAllOrNothing(checked: Checked<PersonData> | Checked<UnitData>) {
  const { errors, rows, total } = checked;
  if (errors.total === 0) {
    expect(rows.length).toBe(total);
    expect(total).toBeGreaterThan(0);
  } else {
    expect(rows).toEqual([]);
  }
  expect(errors.items.length).toBe(Math.min(errors.total, 200));
  for (const e of errors.items) {
    expect(isMessageKey(e.code), e.code).toBe(true);
    expect(e.line === null || (Number.isInteger(e.line) && e.line > 0)).toBe(true);
    for (const t of [en, zh]) {
      // Every placeholder of the message is given a value (cells may contain braces themselves).
      const placeholders = [...t(e.code).matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(Object.keys(e.vars ?? {})).toEqual(expect.arrayContaining(placeholders));
      expect(importErrorText(t, e).length).toBeGreaterThan(0);
    }
  }
}

/** What the database's check constraints demand of a row the checks let through. */
function expectStorable(checked: Checked<PersonData> | Checked<UnitData>) {
  const chars = (s: string) => [...s].length;
  for (const { data } of checked.rows) {
    if ("employee_no" in data) {
      expect(data.employee_no).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
      expect(chars(data.name)).toBeGreaterThanOrEqual(1);
      expect(chars(data.name)).toBeLessThanOrEqual(100);
      if (data.email !== null) expect(data.email).toMatch(/^[^@\s]+@[^@\s]+$/);
      if (data.phone !== null) expect(chars(data.phone)).toBeLessThanOrEqual(40);
      if (data.job_title !== null) expect(chars(data.job_title)).toBeLessThanOrEqual(100);
      if (data.hire_date !== null) expect(data.hire_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(peopleDb.unitCodes.has(data.unit)).toBe(true);
    } else {
      expect(data.code).toMatch(/^[A-Za-z0-9._-]{1,40}$/);
      expect(chars(data.name_zh)).toBeGreaterThanOrEqual(1);
      expect(chars(data.name_zh)).toBeLessThanOrEqual(100);
      if (data.name_en !== null) expect(chars(data.name_en)).toBeLessThanOrEqual(150);
      expect(["company", "branch", "centre", "team"]).toContain(data.kind);
    }
  }
}

/** Runs both kinds (staff in both modes); returns how many of the three accepted the file. */
function checkBoth(bytes: Uint8Array): number {
  let accepted = 0;
  for (const mode of ["merge", "full"] as const) {
    const people = checkPeople(parseCsv(bytes), mode, peopleDb);
    expectAllOrNothing(people);
    expectStorable(people);
    accepted += Number(people.errors.total === 0);
  }
  const org = checkOrg(parseCsv(bytes), orgDb);
  expectAllOrNothing(org);
  expectStorable(org);
  return accepted + Number(org.errors.total === 0);
}

/** Cells an HR export might hold, and the ones it should never hold. */
const cell = fc.oneof(
  fc.constantFrom(
    "E1",
    "E2",
    "HR-01",
    "GD",
    "GD.GZ",
    "T1",
    "NOPE",
    "张三",
    "欧阳 敏华",
    "a@example.com",
    "x@example.com",
    "A@EXAMPLE.COM",
    "13800000000",
    "1.38E+10",
    "话务员",
    "2015-06-01",
    "2015/6/1",
    "2015年6月1日",
    "2015-02-30",
    "公司",
    "班组",
    "centre",
    "",
    " ",
    "\u3000",
    "\ufeff",
    '"',
    '""',
    ",",
    "\t",
    "\n",
    "\r\n",
    "\u0000",
    "\u0007",
    "𠀀",
    "=SUM(A1)",
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "grapheme", maxLength: 8 }),
);

const quote = (s: string) => (/[",\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** A plausible value for each field, so that many generated files are wholly valid. */
const plausible: Record<string, fc.Arbitrary<string>> = {
  employeeNo: fc.integer({ min: 1, max: 40 }).map((n) => `E${n}`),
  name: fc.constantFrom("张三", "李四", "欧阳敏华", "Li Ming"),
  unit: fc.constantFrom("GD", "GD.GZ", "T1"),
  email: fc.oneof(
    fc.constant(""),
    fc.integer({ min: 1, max: 40 }).map((n) => `p${n}@example.com`),
  ),
  phone: fc.constantFrom("", "13800000000"),
  jobTitle: fc.constantFrom("", "话务员", "值班长"),
  hireDate: fc.constantFrom("", "2015-06-01", "2015/6/1"),
  post: fc.constantFrom("", "一线", "干部", "support", "frontline"),
  code: fc.integer({ min: 1, max: 30 }).map((n) => `U${n}`),
  nameZh: fc.constantFrom("热线一班", "广州分公司"),
  nameEn: fc.constantFrom("", "Team 1"),
  parent: fc.oneof(
    fc.constantFrom("", "GD", "GD.GZ"),
    fc.integer({ min: 1, max: 30 }).map((n) => `U${n}`),
  ),
  kind: fc.constantFrom("公司", "分公司", "中心", "班组", "team", "Centre"),
};

const csvText = fc
  .record({
    kind: fc.constantFrom("people", "org"),
    zh: fc.boolean(),
    shuffle: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    drop: fc.nat({ max: 12 }),
    rowCount: fc.nat({ max: 12 }),
    noise: fc.integer({ min: 0, max: 30 }),
    delimiter: fc.constantFrom(",", "\t"),
    eol: fc.constantFrom("\n", "\r\n", "\r"),
    quoteAll: fc.boolean(),
    seed: fc.integer(),
  })
  .chain(({ kind, zh, shuffle, drop, rowCount, noise, ...rest }) => {
    const specs = kind === "people" ? peopleColumns : orgColumns;
    // Header order shuffled, sometimes one column missing.
    const columns = specs
      .map((s, i) => ({ s, k: shuffle[i] }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.s)
      .filter((_, i) => i !== drop);
    const headers = columns.map((s) => (zh ? (s.aliases.find((a) => /[\u4e00-\u9fff]/.test(a)) ?? s.aliases[0]) : s.aliases[0]));
    const value = (field: string) => fc.oneof({ weight: 100 - noise, arbitrary: plausible[field] }, { weight: noise, arbitrary: cell });
    const row = fc.tuple(...columns.map((c) => value(c.field)));
    return fc.array(row, { minLength: rowCount, maxLength: rowCount }).map((rows) => ({ headers, rows, ...rest }));
  })
  .map(({ headers, rows, delimiter, eol, quoteAll }) => {
    const line = (cells: string[]) => cells.map((c) => (quoteAll ? `"${c.replace(/"/g, '""')}"` : quote(c))).join(delimiter);
    return [line(headers), ...rows.map(line)].join(eol) + eol;
  });

describe("parse and check never throw, and accept all or nothing", () => {
  test("random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => void checkBoth(bytes)),
      { numRuns: 300 },
    );
  });

  test("random bytes behind a BOM, and random text in UTF-8 and UTF-16", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), fc.constantFrom("utf8", "bom", "utf16"), (text, enc) => {
        const bytes =
          enc === "utf8"
            ? Buffer.from(text)
            : enc === "bom"
              ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])
              : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
        void checkBoth(bytes);
      }),
      { numRuns: 300 },
    );
  });

  test("CSV-like files built from real headers, plausible values and awkward cells", () => {
    let accepted = 0;
    fc.assert(
      fc.property(csvText, fc.boolean(), (text, bom) => {
        accepted += checkBoth(Buffer.from((bom ? "\ufeff" : "") + text));
      }),
      { numRuns: 500 },
    );
    // The property must visit both outcomes, not only the refusals.
    expect(accepted).toBeGreaterThan(25);
  });
});
