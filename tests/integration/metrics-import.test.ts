import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { createImport, getImport, listImports, runImport } from "../../app/domain/import/import.server";
import { importErrorText } from "../../app/domain/import/report";
import { createMetricDefinition } from "../../app/domain/metrics/definitions.server";
import type { MetricDefinitionInput } from "../../app/domain/metrics/schema";
import { makeT } from "../../app/i18n/all.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

// The CSV import of metric values (issue 20, decision 0049): the same stored
// file, job and per-line report as the staff import; a good file lands as one
// batch in one transaction, a file with any bad row changes nothing.

let t: TestDb;
let admin: User;
let dataOwner: User;
let staff: User;

const definition = (code: string, more: Partial<MetricDefinitionInput> = {}): MetricDefinitionInput => ({
  code,
  nameZh: `指标${code}`,
  nameEn: `Metric ${code}`,
  unit: "%",
  unitEn: "%",
  direction: "higher",
  decimals: 1,
  grain: "month",
  combine: "average",
  description: "",
  ...more,
});

beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD", { nameZh: "广东电信", nameEn: "Guangdong Telecom" });
  await givenUnit(t.db, "GZ-HOTLINE", { parent: "GD" });
  admin = await givenPerson(t.db, { unit: "GD", employeeNo: "HR0001", roles: ["admin", "staff"] });
  dataOwner = await givenPerson(t.db, { unit: "GD", employeeNo: "DO0001", roles: ["data_owner", "staff"] });
  staff = await givenPerson(t.db, { unit: "GD", employeeNo: "S0001", roles: ["staff"] });
  await givenPerson(t.db, { unit: "GZ-HOTLINE", employeeNo: "GD0001", roles: ["staff"] });
  await givenPerson(t.db, { unit: "GZ-HOTLINE", employeeNo: "GD0002", roles: ["staff"] });
  await createMetricDefinition(t.db, admin, definition("satisfaction"));
  await createMetricDefinition(t.db, admin, definition("complaint_rate", { grain: "quarter", decimals: 3, direction: "lower" }));
});
afterAll(() => t.close());

async function importMetrics(user: User, file: string | Uint8Array) {
  const content = typeof file === "string" ? new TextEncoder().encode(file) : file;
  const created = await createImport(t.db, user, { kind: "metrics", mode: "merge", fileName: "metrics.csv", content });
  if (!created.ok) throw new Error(`refused: ${created.error}`);
  await runImport(t.db, created.value.id);
  const job = await getImport(t.db, user, created.value.id);
  if (!job.ok) throw new Error(job.error);
  return job.value;
}

const currentValues = () =>
  t.db
    .selectFrom("metric_values as v")
    .innerJoin("metric_definitions as d", "d.id", "v.metric_id")
    .select(["d.code", "v.period", "v.value", "v.source_system", "v.person_id", "v.org_unit_id"])
    .where("v.superseded_at", "is", null)
    .orderBy("v.id")
    .execute();

const goodFile = [
  "工号,单位编码,指标编码,周期,数值,来源系统",
  "GD0001,,satisfaction,2026-03,98.6,呼叫中心CTI",
  "GD0002,,satisfaction,2026-3,97,呼叫中心CTI",
  ",GZ-HOTLINE,complaint_rate,2026-Q1,0.031,投诉系统",
].join("\r\n");

describe("importing metric values", () => {
  test("a good file lands as one batch with its import, in Chinese headers", async () => {
    const job = await importMetrics(admin, goodFile);
    expect(job.status).toBe("done");
    expect(job.summary).toMatchObject({ rows: 3, created: 3, updated: 0, unchanged: 0 });
    const values = await currentValues();
    expect(values.map((v) => [v.code, v.period, Number(v.value), v.source_system])).toEqual([
      ["satisfaction", "2026-03", 98.6, "呼叫中心CTI"],
      ["satisfaction", "2026-03", 97, "呼叫中心CTI"],
      ["complaint_rate", "2026-Q1", 0.031, "投诉系统"],
    ]);
    const batch = await t.db.selectFrom("metric_batches").selectAll().where("import_id", "=", job.id).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ origin: "csv", value_count: 3, created_by: admin.id });
  });

  test("the same file again changes nothing; a changed value replaces and keeps the history", async () => {
    const again = await importMetrics(admin, goodFile);
    expect(again.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    const changed = await importMetrics(admin, "employee_no,metric,period,value,source\nGD0001,satisfaction,2026-03,99.0,CTI v2\n");
    expect(changed.summary).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const history = await t.db
      .selectFrom("metric_values as v")
      .innerJoin("people as p", "p.id", "v.person_id")
      .select(["v.value", "v.superseded_at"])
      .where("p.employee_no", "=", "GD0001")
      .orderBy("v.id")
      .execute();
    expect(history.map((h) => [Number(h.value), h.superseded_at === null])).toEqual([
      [98.6, false],
      [99, true],
    ]);
  });

  test("bad rows are reported per line and nothing is applied", async () => {
    const before = await currentValues();
    const batches = await t.db.selectFrom("metric_batches").select("id").execute();
    const file = [
      "工号,单位编码,指标编码,周期,数值,来源系统",
      "GD0002,,satisfaction,2026-04,96.1,CTI", // good, but the file fails
      "NOPE,,satisfaction,2026-04,96,CTI",
      "GD0001,,satisfaction,2026-Q2,96,CTI",
      "GD0001,,satisfaction,2026-05,96.25,CTI",
      "GD0001,GZ-HOTLINE,satisfaction,2026-06,96,CTI",
      "GD0002,,satisfaction,2026-04,95,CTI",
      "GD0002,,unknown_metric,2026-04,95,",
    ].join("\n");
    const job = await importMetrics(admin, file);
    expect(job.status).toBe("failed");
    const en = makeT("en");
    expect(job.errors.map((e) => [e.line, importErrorText(en, e)])).toEqual([
      [3, "There is no employee with the number “NOPE”."],
      [4, "“2026-Q2” is not a month: write it as 2026-03."],
      [5, "“96.25” has more than 1 decimal places."],
      [6, "Give an employee number or a unit code, not both."],
      [7, "This metric, subject and period already appear on line 2."],
      [8, "There is no metric with the code “unknown_metric”."],
      [8, "The source system is empty."],
    ]);
    expect(job.errors.find((e) => e.line === 3)?.column).toBe(1);
    expect(await currentValues()).toEqual(before);
    expect(await t.db.selectFrom("metric_batches").select("id").execute()).toEqual(batches);
  });

  test("a GBK file from Excel imports", async () => {
    const text = "工号,指标编码,周期,数值,来源系统\r\nGD0002,satisfaction,2026-07,95.5,呼叫中心\r\n";
    const gbk = gbkEncode(text);
    const job = await importMetrics(admin, gbk);
    expect(job.encoding).toBe("gb18030");
    expect(job.summary).toMatchObject({ created: 1 });
  });

  test("a data owner may import metric values, and nothing else", async () => {
    const job = await importMetrics(dataOwner, "工号,指标编码,周期,数值,来源系统\nGD0002,satisfaction,2026-08,94,CTI\n");
    expect(job.status).toBe("done");
    const people = await createImport(t.db, dataOwner, { kind: "people", mode: "merge", fileName: "p.csv", content: new TextEncoder().encode("x") });
    expect(people).toMatchObject({ ok: false, status: 403 });
    const list = await listImports(t.db, dataOwner);
    expect(list.ok && list.value.every((i) => i.kind === "metrics")).toBe(true);
    const adminList = await listImports(t.db, admin);
    expect(adminList.ok && adminList.value.length).toBeGreaterThan(0);
  });

  test("a staff member may not import metric values", async () => {
    const count = await t.db.selectFrom("imports").select("id").execute();
    const r = await createImport(t.db, staff, { kind: "metrics", mode: "merge", fileName: "m.csv", content: new TextEncoder().encode(goodFile) });
    expect(r).toMatchObject({ ok: false, status: 403 });
    expect(await t.db.selectFrom("imports").select("id").execute()).toEqual(count);
    expect(await listImports(t.db, staff)).toMatchObject({ ok: false, status: 403 });
  });
});

/** GBK bytes for the few characters the test uses (Node has no GBK encoder). */
function gbkEncode(text: string): Uint8Array {
  const table: Record<string, number[]> = {
    工: [0xb9, 0xa4],
    号: [0xba, 0xc5],
    指: [0xd6, 0xb8],
    标: [0xb1, 0xea],
    编: [0xb1, 0xe0],
    码: [0xc2, 0xeb],
    周: [0xd6, 0xdc],
    期: [0xc6, 0xda],
    数: [0xca, 0xfd],
    值: [0xd6, 0xb5],
    来: [0xc0, 0xb4],
    源: [0xd4, 0xb4],
    系: [0xcf, 0xb5],
    统: [0xcd, 0xb3],
    呼: [0xba, 0xf4],
    叫: [0xbd, 0xd0],
    中: [0xd6, 0xd0],
    心: [0xd0, 0xc4],
  };
  const bytes: number[] = [];
  for (const ch of text) {
    if (table[ch]) bytes.push(...table[ch]);
    else if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else throw new Error(`no GBK code for ${ch}`);
  }
  const out = new Uint8Array(bytes);
  // The table is checked against the platform's GB18030 decoder.
  expect(new TextDecoder("gb18030").decode(out)).toBe(text);
  return out;
}
