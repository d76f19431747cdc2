import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signIn, userFromSession } from "../../app/domain/auth/auth.server";
import type { User } from "../../app/domain/auth/user";
import type { ImportKind, ImportMode } from "../../app/domain/import/columns";
import { abandonImport, createImport, getImport, listImports, runImport, startImport } from "../../app/domain/import/import.server";
import { importErrorText } from "../../app/domain/import/report";
import { makeT } from "../../app/i18n/all.server";
import type { Db } from "../../db/client";
import { importFailed, importFile as importQueue, queues } from "../../app/jobs/queues";
import { workers } from "../../server/workers";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { jobsOf, until, useEngines } from "../support/jobs";

let t: TestDb;
let admin: User;
const engines = useEngines();
/** The job engine with the import's workers, as a server runs them. */
const startImportWorkers = () => {
  const work = workers(t.db);
  return engines.start(t, { queues, workers: { [importQueue.name]: work[importQueue.name], [importFailed.name]: work[importFailed.name] } });
};
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "GD", { nameZh: "广东电信", nameEn: "Guangdong Telecom" });
  admin = await givenPerson(t.db, { unit: "GD", employeeNo: "HR0001", roles: ["admin", "staff"], email: "hr@example.com" });
});
afterAll(() => t.close());

/** Uploads a file as the admin page does and works it to the end. */
async function importFile(db: Db, user: User, kind: ImportKind, mode: ImportMode, file: string | Uint8Array) {
  const content = typeof file === "string" ? new TextEncoder().encode(file) : file;
  const created = await createImport(db, user, { kind, mode, fileName: `${kind}.csv`, content });
  if (!created.ok) throw new Error(`refused: ${created.error}`);
  await runImport(db, created.value.id);
  const job = await getImport(db, user, created.value.id);
  if (!job.ok) throw new Error(job.error);
  return job.value;
}

const csv = (...lines: string[]) => `\ufeff${lines.join("\r\n")}\r\n`;

const orgFile = csv(
  "编码,名称,英文名称,上级编码,类型",
  "GD,广东电信,Guangdong Telecom,,公司",
  "GD.GZ.HL,广州10000号热线,Guangzhou 10000 Hotline,GD.GZ,中心",
  "GD.GZ,广州分公司,Guangzhou Branch,GD,分公司",
  "GD.GZ.HL.T1,热线一班,Hotline Team 1,GD.GZ.HL,班组",
);

const staffHeader = "工号,姓名,电子邮箱,手机号,部门编码,职位,入职日期";
const staffRows = [
  "HR0001,罗慧琳,hr@example.com,13800000000,GD,人力资源经理,2006-03-01",
  "E0001,梁晓岚,liang@example.com,13800000001,GD.GZ.HL,值班长,2012/5/1",
  "E0002,麦永健,mai@example.com,,GD.GZ.HL.T1,话务员,2019年7月15日",
  'E0003,"欧阳, 敏华",ouyang@example.com,13800000003,GD.GZ.HL.T1,"话务员',
  '（夜班）",2020-01-02',
];
const staffFile = csv(staffHeader, ...staffRows);
/** The staff file as the admin page uploads it (merge). */
const staffUpload = (fileName: string, file = staffFile) => ({
  kind: "people" as const,
  mode: "merge" as const,
  fileName,
  content: new TextEncoder().encode(file),
});

const people = (db: Db) =>
  db
    .selectFrom("people as p")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(["p.employee_no", "p.name", "p.email", "p.phone", "u.code as unit", "p.job_title", "p.status", "p.left_at", "p.updated_at"])
    .orderBy("p.employee_no")
    .execute();

const auditCount = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("action", "=", "import.applied")
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("importing org units", () => {
  test("creates the tree from a Chinese file in any row order, and rebuilds paths", async () => {
    const job = await importFile(t.db, admin, "org", "merge", orgFile);
    expect(job.status).toBe("done");
    expect(job.encoding).toBe("utf-8-bom");
    expect(job.summary).toMatchObject({ rows: 4, created: 3, updated: 0, unchanged: 1 });
    const units = await t.db.selectFrom("org_units").select(["id", "code", "parent_id", "path", "depth", "kind"]).execute();
    const byCode = new Map(units.map((u) => [u.code, u]));
    const gd = byCode.get("GD")!;
    const gz = byCode.get("GD.GZ")!;
    const hl = byCode.get("GD.GZ.HL")!;
    expect(byCode.get("GD.GZ.HL.T1")).toMatchObject({ parent_id: hl.id, path: `/${gd.id}/${gz.id}/${hl.id}/`, depth: 3, kind: "team" });
    expect(hl.kind).toBe("centre");
  });

  test("re-importing the same file changes nothing", async () => {
    const before = await t.db.selectFrom("org_units").selectAll().orderBy("id").execute();
    const job = await importFile(t.db, admin, "org", "full", orgFile);
    expect(job.summary).toMatchObject({ created: 0, updated: 0, unchanged: 4, absent: 0 });
    expect(await t.db.selectFrom("org_units").selectAll().orderBy("id").execute()).toEqual(before);
  });

  test("a move to another parent counts as an update; a unit left out of a full file is kept", async () => {
    await givenUnit(t.db, "GD.FS", { parent: "GD", kind: "branch" });
    const job = await importFile(
      t.db,
      admin,
      "org",
      "full",
      csv(
        "code,name,parent,type",
        "GD,广东电信,,company",
        "GD.GZ,广州分公司,GD,branch",
        "GD.GZ.HL,广州10000号热线,GD,centre",
        "GD.GZ.HL.T1,热线一班,GD.GZ.HL,team",
      ),
    );
    // No English-name column: the names are cleared, so all four count as updated.
    expect(job.summary).toMatchObject({ created: 0, updated: 4, unchanged: 0, absent: 1 });
    const hl = await t.db.selectFrom("org_units").select(["path", "depth"]).where("code", "=", "GD.GZ.HL").executeTakeFirstOrThrow();
    expect(hl.depth).toBe(1);
    expect(await t.db.selectFrom("org_units").select("code").where("code", "=", "GD.FS").executeTakeFirst()).toBeDefined();
    await importFile(t.db, admin, "org", "merge", orgFile);
  });

  test("a loop of parents is refused with the rows involved, and nothing changes", async () => {
    const before = await t.db.selectFrom("org_units").selectAll().orderBy("id").execute();
    const job = await importFile(
      t.db,
      admin,
      "org",
      "merge",
      csv("编码,名称,上级编码,类型", "GD,广东电信,GD.GZ.HL.T1,公司", "GD.NEW,新单位,GD,班组"),
    );
    expect(job.status).toBe("failed");
    expect(job.errors).toEqual([{ line: 2, column: 3, code: "import.error.cycle", vars: { chain: "GD → GD.GZ.HL.T1 → GD.GZ.HL → GD.GZ → GD" } }]);
    expect(await t.db.selectFrom("org_units").selectAll().orderBy("id").execute()).toEqual(before);
  });
});

describe("importing staff", () => {
  test("a good file creates everyone with the staff role and writes one audit entry", async () => {
    const audits = await auditCount(t.db);
    const job = await importFile(t.db, admin, "people", "merge", staffFile);
    expect(job.status).toBe("done");
    expect(job.summary).toMatchObject({ rows: 4, created: 3, updated: 1, unchanged: 0, left: 0 });
    const rows = await people(t.db);
    expect(rows.map((p) => [p.employee_no, p.name, p.unit, p.job_title])).toEqual([
      ["E0001", "梁晓岚", "GD.GZ.HL", "值班长"],
      ["E0002", "麦永健", "GD.GZ.HL.T1", "话务员"],
      // A line break inside a cell (Alt+Enter in Excel) becomes a space.
      ["E0003", "欧阳, 敏华", "GD.GZ.HL.T1", "话务员 （夜班）"],
      ["HR0001", "罗慧琳", "GD", "人力资源经理"],
    ]);
    const staff = await t.db
      .selectFrom("person_roles as r")
      .innerJoin("people as p", "p.id", "r.person_id")
      .select("p.employee_no")
      .where("r.role", "=", "staff")
      .orderBy("p.employee_no")
      .execute();
    expect(staff.map((s) => s.employee_no)).toEqual(["E0001", "E0002", "E0003", "HR0001"]);
    expect(await auditCount(t.db)).toBe(audits + 1);
    const entry = await t.db
      .selectFrom("audit_log")
      .select(["actor_id", "subject_type", "subject_id", "after"])
      .where("action", "=", "import.applied")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: admin.id, subject_type: "import", subject_id: String(job.id) });
    expect(entry.after).toMatchObject({ kind: "people", mode: "merge", created: 3, updated: 1 });
  });

  test("re-importing the same file changes nothing", async () => {
    const before = await people(t.db);
    const job = await importFile(t.db, admin, "people", "merge", staffFile);
    expect(job.summary).toMatchObject({ created: 0, updated: 0, unchanged: 4, left: 0 });
    expect(await people(t.db)).toEqual(before);
  });

  test("a full import marks people missing from it as left and ends their sessions", async () => {
    const mai = await t.db.selectFrom("people").select("id").where("employee_no", "=", "E0002").executeTakeFirstOrThrow();
    await t.db
      .updateTable("people")
      .set({
        password_hash: (await t.db.selectFrom("people").select("password_hash").where("id", "=", admin.id).executeTakeFirstOrThrow()).password_hash,
      })
      .where("id", "=", mai.id)
      .execute();
    const session = await signIn(t.db, { identifier: "E0002", password: "correct horse battery", ip: "10.9.0.1" });
    expect(session.ok).toBe(true);

    const withoutMai = csv(staffHeader, ...staffRows.filter((r) => !r.startsWith("E0002")));
    const job = await importFile(t.db, admin, "people", "full", withoutMai);
    expect(job.summary).toMatchObject({ created: 0, updated: 0, unchanged: 3, left: 1 });
    const gone = await t.db.selectFrom("people").select(["status", "left_at"]).where("id", "=", mai.id).executeTakeFirstOrThrow();
    expect(gone.status).toBe("left");
    expect(gone.left_at).not.toBeNull();
    expect(await t.db.selectFrom("sessions").select("id").where("person_id", "=", mai.id).execute()).toHaveLength(0);
    if (session.ok) expect(await userFromSession(t.db, session.value.token)).toBeNull();
    // Kept, not deleted, with their role.
    expect(await t.db.selectFrom("person_roles").select("role").where("person_id", "=", mai.id).execute()).toEqual([{ role: "staff" }]);
  });

  test("someone who left and is in the file again is active again", async () => {
    const job = await importFile(t.db, admin, "people", "merge", staffFile);
    expect(job.summary).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    const back = await t.db.selectFrom("people").select(["status", "left_at"]).where("employee_no", "=", "E0002").executeTakeFirstOrThrow();
    expect(back).toEqual({ status: "active", left_at: null });
  });

  test("emails may move between people in the same file", async () => {
    const swapped = csv("工号,姓名,邮箱,部门编码", "E0001,梁晓岚,mai@example.com,GD.GZ.HL", "E0002,麦永健,LIANG@example.com,GD.GZ.HL.T1");
    const job = await importFile(t.db, admin, "people", "merge", swapped);
    expect(job.status).toBe("done");
    expect(job.summary).toMatchObject({ updated: 2 });
    const rows = await people(t.db);
    expect(rows.filter((p) => p.employee_no === "E0001" || p.employee_no === "E0002").map((p) => p.email)).toEqual([
      "mai@example.com",
      "LIANG@example.com",
    ]);
    await importFile(t.db, admin, "people", "merge", staffFile);
  });

  test("one bad row and nothing is imported; every problem is reported by line", async () => {
    const before = await people(t.db);
    const audits = await auditCount(t.db);
    const job = await importFile(
      t.db,
      admin,
      "people",
      "merge",
      csv(
        staffHeader,
        "E0100,新人甲,new1@example.com,,GD.GZ.HL,话务员,2024-02-01",
        'E0101,"新人乙',
        '（实习）",new2@example.com,,GD.NOPE,话务员,2024-02-01',
        "E0102,新人丙,hr@example.com,1.38E+10,GD.GZ.HL,话务员,2024-02-30",
        "E0100,重复,dup@example.com,,GD,,",
        "",
        ",,,,,,",
        "E 0103,,bad-email,,GD,,",
      ),
    );
    expect(job.status).toBe("failed");
    // By line, then by column (工号,姓名,电子邮箱,手机号,部门编码,职位,入职日期),
    // though the taken address is found only once every row was read.
    expect(job.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 5, "import.error.unknownUnit"],
      [5, 3, "import.error.emailTaken"],
      [5, 4, "import.error.scientific"],
      [5, 7, "import.error.date"],
      [6, 1, "import.error.duplicate"],
      [9, 1, "import.error.employeeNo"],
      [9, 2, "import.error.required"],
      [9, 3, "import.error.email"],
    ]);
    const en = makeT("en");
    const zh = makeT("zh-CN");
    expect(importErrorText(en, job.errors[0])).toBe("There is no org unit with the code “GD.NOPE”. Import the org units first.");
    expect(importErrorText(zh, job.errors[4])).toBe("“工号”“E0100”已在第 2 行出现。");
    expect(importErrorText(en, job.errors[6])).toBe("“Name” is empty.");
    expect(await people(t.db)).toEqual(before);
    expect(await auditCount(t.db)).toBe(audits);
    expect(await t.db.selectFrom("import_rows").select("line").execute()).toHaveLength(0);
  });

  test("missing columns are named, with the headers that were found", async () => {
    const job = await importFile(t.db, admin, "people", "merge", "工号,名字,部门\nE1,张三,GD\n");
    expect(job.status).toBe("failed");
    expect(job.errors).toEqual([
      { line: 1, code: "import.error.missingColumn", vars: { field: "name", found: "工号, 名字, 部门" } },
      { line: 1, code: "import.error.missingColumn", vars: { field: "unit", found: "工号, 名字, 部门" } },
    ]);
    expect(importErrorText(makeT("zh-CN"), job.errors[0])).toBe("缺少“姓名”列。文件中的列标题：工号, 名字, 部门");
  });

  test("a full import that leaves out the administrator running it is refused", async () => {
    const job = await importFile(t.db, admin, "people", "full", csv(staffHeader, staffRows[1]));
    expect(job.errors).toEqual([{ line: null, code: "import.error.selfMissing", vars: { employeeNo: "HR0001" } }]);
    expect((await people(t.db)).filter((p) => p.status === "left")).toHaveLength(0);
  });

  test("keeps the first 200 problems and counts them all", async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `X${i},名${i},,,GD.NOPE,,`);
    const job = await importFile(t.db, admin, "people", "merge", csv(staffHeader, ...rows));
    expect(job.errors).toHaveLength(200);
    expect(job.errorCount).toBe(300);
    expect(job.errors[199].line).toBe(201);
  });

  test("the sample files import cleanly, the staff list in GB18030 too, and again change nothing", async () => {
    const org = await importFile(t.db, admin, "org", "merge", readFileSync("docs/samples/demo-org.csv"));
    expect(org.status).toBe("done");
    const gbk = await importFile(t.db, admin, "people", "merge", readFileSync("docs/samples/demo-staff-gbk.csv"));
    expect(gbk.encoding).toBe("gb18030");
    expect(gbk.status).toBe("done");
    const rows = gbk.summary!.rows;
    expect(gbk.summary!.created).toBeGreaterThan(100);
    const utf8 = await importFile(t.db, admin, "people", "merge", readFileSync("docs/samples/demo-staff.csv"));
    expect(utf8.summary).toMatchObject({ rows, created: 0, updated: 0, unchanged: rows });
    const orgTemplate = await importFile(t.db, admin, "org", "merge", readFileSync("docs/samples/import-org-template.csv"));
    const staffTemplate = await importFile(t.db, admin, "people", "merge", readFileSync("docs/samples/import-staff-template.csv"));
    expect([orgTemplate.summary?.created, staffTemplate.summary?.created]).toEqual([2, 1]);
  });
});

describe("the import job", () => {
  test("only administrators may upload or look at imports, and a refusal stores nothing", async () => {
    const clerk = await givenPerson(t.db, { unit: "GD", roles: ["staff", { role: "manager", unit: "GD" }] });
    const jobs = await t.db.selectFrom("imports").select("id").execute();
    const r = await createImport(t.db, clerk, { kind: "people", mode: "merge", fileName: "x.csv", content: new TextEncoder().encode(staffFile) });
    expect(r).toEqual({ ok: false, error: "common.forbidden", status: 403 });
    expect(await t.db.selectFrom("imports").select("id").execute()).toEqual(jobs);
    expect(await listImports(t.db, clerk)).toMatchObject({ ok: false, status: 403 });
    expect(await getImport(t.db, clerk, jobs[0].id)).toMatchObject({ ok: false, status: 403 });
    const started = await startImport(t.db, clerk, { kind: "people", mode: "merge", fileName: "x.csv", content: new Uint8Array([65]) });
    expect(started.ok).toBe(false);
  });

  test("an empty or oversized upload is refused with a message", async () => {
    const empty = await createImport(t.db, admin, { kind: "people", mode: "merge", fileName: "x.csv", content: new Uint8Array() });
    expect(empty).toMatchObject({ ok: false, error: "import.file.empty" });
    const huge = await createImport(t.db, admin, { kind: "people", mode: "merge", fileName: "x.csv", content: new Uint8Array(20 * 1024 * 1024 + 1) });
    expect(huge).toMatchObject({ ok: false, error: "import.file.tooLarge", status: 413, vars: { max: 20 } });
  });

  test("started from the page, it runs in the background to the end and is listed", async () => {
    await startImportWorkers();
    const started = await startImport(t.db, admin, staffUpload("staff.csv"));
    if (!started.ok) throw new Error(started.error);
    let job = await getImport(t.db, admin, started.value.id);
    for (let i = 0; i < 400 && job.ok && job.value.status !== "done"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = await getImport(t.db, admin, started.value.id);
    }
    expect(job).toMatchObject({ ok: true, value: { status: "done", totalRows: 4, processedRows: 4 } });
    const list = await listImports(t.db, admin);
    expect(list.ok && list.value[0]).toMatchObject({ id: started.value.id, status: "done", fileName: "staff.csv", createdBy: "罗慧琳" });
    const stored = await t.db.selectFrom("imports").select("content").where("id", "=", started.value.id).executeTakeFirstOrThrow();
    expect(stored.content).toBeNull();
  });

  test("two imports racing for the same email: one lands whole, the other not at all", async () => {
    const files = ["R1", "R2"].map((no) =>
      csv("工号,姓名,邮箱,部门编码", `${no},赛跑,race@example.com,GD`, `${no}X,赛跑伙伴,${no.toLowerCase()}x@example.com,GD`),
    );
    const ids = await Promise.all(
      files.map(async (f) => {
        const created = await createImport(t.db, admin, {
          kind: "people",
          mode: "merge",
          fileName: "race.csv",
          content: new TextEncoder().encode(f),
        });
        if (!created.ok) throw new Error(created.error);
        return created.value.id;
      }),
    );
    const outcomes = await Promise.all(ids.map((id) => runImport(t.db, id)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(["done", "failed"]);
    const failed = outcomes.find((o) => o.status === "failed");
    // Checked before the other applied: the database refuses at apply time; after: the check does.
    expect(failed && "errors" in failed && failed.errors[0].code).toMatch(/^import\.error\.(changedMeanwhile|emailTaken)$/);
    const landed = await t.db.selectFrom("people").select("employee_no").where("employee_no", "like", "R%").orderBy("employee_no").execute();
    expect([
      ["R1", "R1X"],
      ["R2", "R2X"],
    ]).toContainEqual(landed.map((p) => p.employee_no));
  });

  test("a try that died half-way is tried again from the start: applied once, nothing of the dead try left", async () => {
    const created = await createImport(t.db, admin, {
      kind: "people",
      mode: "merge",
      fileName: "x.csv",
      content: new TextEncoder().encode(staffFile),
    });
    if (!created.ok) throw new Error(created.error);
    const id = created.value.id;
    // What a try killed while staging leaves behind: its status, its run, a stray staged row.
    await t.db
      .updateTable("imports")
      .set({ status: "staging", run_id: "00000000-0000-4000-8000-000000000001", processed_rows: 1 })
      .where("id", "=", id)
      .execute();
    await t.db
      .insertInto("import_rows")
      .values({ import_id: id, line: 99, data: JSON.stringify({ employee_no: "GHOST1", name: "幽灵", org_unit_code: "GD" }) })
      .execute();
    const before = await people(t.db);
    const outcome = await runImport(t.db, id);
    expect(outcome.status).toBe("done");
    const job = await getImport(t.db, admin, id);
    expect(job).toMatchObject({ ok: true, value: { status: "done", totalRows: 4, processedRows: 4 } });
    expect((await people(t.db)).map((p) => p.employee_no)).not.toContain("GHOST1");
    expect(await t.db.selectFrom("import_rows").select("line").where("import_id", "=", id).execute()).toEqual([]);
    // Retried once more (a job's retry after a crash right after the commit): nothing changes.
    const after = await people(t.db);
    expect(await runImport(t.db, id)).toEqual({ status: "skipped" });
    expect(await people(t.db)).toEqual(after);
    expect(after.length).toBeGreaterThanOrEqual(before.length);
    const applied = await t.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "import.applied")
      .where("subject_id", "=", String(id))
      .execute();
    expect(applied).toHaveLength(1);
  });

  test("a try taken over by another (its worker thought dead) stops writing: the import lands once", async () => {
    // Enough rows that the first try is still staging when the poll below (every 100 ms) looks, on a busy machine too.
    const rows = Array.from({ length: 9_000 }, (_, i) => `T${String(i).padStart(5, "0")},接管${i},,,GD.GZ.HL.T1,话务员,2020-01-02`);
    const created = await createImport(t.db, admin, staffUpload("takeover.csv", csv(staffHeader, ...rows)));
    if (!created.ok) throw new Error(created.error);
    const id = created.value.id;
    const first = runImport(t.db, id);
    await until(async () => {
      const r = await t.db.selectFrom("imports").select(["status", "processed_rows"]).where("id", "=", id).executeTakeFirstOrThrow();
      return r.status === "staging" && r.processed_rows >= 1;
    });
    const second = await runImport(t.db, id);
    expect([await first, second].map((o) => o.status)).toEqual(["skipped", "done"]);
    const landed = await t.db.selectFrom("people").select("employee_no").where("employee_no", "like", "T0%").execute();
    expect(landed).toHaveLength(9_000);
    expect(await t.db.selectFrom("import_rows").select("line").where("import_id", "=", id).execute()).toEqual([]);
  });

  test("an import whose every try failed is failed as interrupted (its job's dead letter), and is not run afterwards", async () => {
    const work = workers(t.db);
    // Every try of the import dies (as if the process were killed each time).
    await engines.start(t, {
      queues: queues.map((q) => (q.name === importQueue.name ? { ...q, retryLimit: 1, retryDelaySeconds: 1 } : q)),
      workers: {
        [importQueue.name]: async () => {
          throw new Error("the process died");
        },
        [importFailed.name]: work[importFailed.name],
      },
    });
    const started = await startImport(t.db, admin, staffUpload("x.csv"));
    if (!started.ok) throw new Error(started.error);
    const job = await until(async () => {
      const r = await getImport(t.db, admin, started.value.id);
      return r.ok && r.value.status === "failed" ? r.value : null;
    }, 60);
    expect(job.errors).toEqual([{ line: null, code: "import.error.interrupted" }]);
    expect((await jobsOf(t.db, importQueue.name)).map((j) => [j.state, j.retry_count])).toContainEqual(["failed", 1]);
    expect(await runImport(t.db, started.value.id)).toEqual({ status: "skipped" });
    // Said once: a second dead letter for it changes nothing.
    expect(await abandonImport(t.db, started.value.id, "import.error.interrupted")).toBe(false);
  });
});
