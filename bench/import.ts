// npm run bench:import — a 50,000-row staff file through the admin page's own
// domain calls (startImport, then getImport polled as the job page does), on a
// fresh database, worked by the job engine's import worker in this process
// (as a server does). Ends with: RESULT import rows=50000 rows_per_s=… ms=…
import { sql } from "kysely";
import type { Db } from "../db/client";
import { loadUser } from "../app/domain/auth/auth.server";
import type { User } from "../app/domain/auth/user";
import type { ImportKind, ImportMode } from "../app/domain/import/columns";
import { getImport, startImport, type ImportView } from "../app/domain/import/import.server";
import { startJobEngine } from "../app/jobs/engine.server";
import { importFile, queues } from "../app/jobs/queues";
import { workers } from "../server/workers";
import { freshDatabase } from "./lib/database";
import { runBench } from "./lib/run-bench";

const staffRows = 50_000;
const branches = 21;
const centresPerBranch = 4;
const teamsPerCentre = 6;
const say = (line: string) => process.stderr.write(`${line}\n`);

// What Excel writes for "CSV UTF-8": a BOM and CRLF line ends.
const toCsv = (rows: string[][]) =>
  `\ufeff${rows.map((r) => r.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n")}\r\n`;

function orgFile(): { csv: string; teams: string[] } {
  const rows = [
    ["编码", "名称", "英文名称", "上级编码", "类型"],
    ["GD", "广东电信", "Guangdong Telecom", "", "公司"],
  ];
  const teams: string[] = [];
  for (let b = 1; b <= branches; b++) {
    const branch = `GD.B${b}`;
    rows.push([branch, `第${b}分公司`, `Branch ${b}`, "GD", "分公司"]);
    for (let c = 1; c <= centresPerBranch; c++) {
      const centre = `${branch}.C${c}`;
      rows.push([centre, `第${b}分公司${c}号中心`, `Centre ${b}-${c}`, branch, "中心"]);
      for (let t = 1; t <= teamsPerCentre; t++) {
        const team = `${centre}.T${t}`;
        rows.push([team, `${c}号中心${t}班`, `Team ${b}-${c}-${t}`, centre, "班组"]);
        teams.push(team);
      }
    }
  }
  return { csv: toCsv(rows), teams };
}

const surnames = "李王张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁".split("");
const given = "晓明华丽敏静伟强芳军磊洋勇艳杰娟涛超秀英慧琳岚健".split("");
const titles = ["话务员", "值班长", "质检员", "线路维护员", "装维工程师", "班长"];

function staffFile(adminNo: string, teams: string[]): string {
  const rows = [["工号", "姓名", "邮箱", "手机", "部门编码", "岗位", "入职日期"]];
  rows.push([adminNo, "罗慧琳", "admin@bench.example", "13900000000", "GD", "人力资源经理", "2006-03-01"]);
  for (let i = 1; i < staffRows; i++) {
    const no = `GD${String(i).padStart(6, "0")}`;
    const name = surnames[i % surnames.length] + given[(i * 7) % given.length] + (i % 3 ? given[(i * 13) % given.length] : "");
    const hire = `${1995 + (i % 30)}-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`;
    rows.push([
      no,
      name,
      `${no.toLowerCase()}@bench.example`,
      `139${String(i).padStart(8, "0")}`,
      teams[i % teams.length],
      titles[i % titles.length],
      hire,
    ]);
  }
  return toCsv(rows);
}

/** Starts an import as the page's action does and polls it as the job page does. */
async function importAndWait(db: Db, admin: User, kind: ImportKind, mode: ImportMode, csv: string): Promise<ImportView> {
  const started = await startImport(db, admin, { kind, mode, fileName: `${kind}.csv`, content: new TextEncoder().encode(csv) });
  if (!started.ok) throw new Error(`import refused: ${started.error}`);
  let last = "";
  for (;;) {
    const job = await getImport(db, admin, started.value.id);
    if (!job.ok) throw new Error(`import unreadable: ${job.error}`);
    const { status, processedRows, totalRows } = job.value;
    const now = status === "staging" ? `${status} ${processedRows}/${totalRows}` : status;
    if (now !== last) say(`  ${kind}: ${now}`);
    last = now;
    if (status === "done") return job.value;
    if (status === "failed") throw new Error(`import failed: ${JSON.stringify(job.value.errors.slice(0, 5))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

await runBench("import", { hardTimeoutSeconds: 600 }, async (defer) => {
  const database = await freshDatabase("ss_bench_import");
  defer("drop the benchmark database", () => database.drop());
  say(`bench:import on ${database.where}`);
  const handle = await database.open();
  defer("close the database", () => handle.close());
  const db = handle.db;
  const jobs = await startJobEngine({
    database: handle,
    directUrl: database.env.DATABASE_URL,
    queues,
    workers: { [importFile.name]: workers(db)[importFile.name] },
    // The import starts within a quarter of a second, as the figures before the job engine did.
    tuning: { pollingSeconds: 0.5 },
  });
  defer("stop the job engine", () => jobs.stop());

  // An import needs an administrator, and a person needs a unit: bootstrap both.
  const root = await db
    .insertInto("org_units")
    .values({ code: "GD", name_zh: "广东电信", name_en: "Guangdong Telecom", kind: "company" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto("people")
    .values({ employee_no: "ADMIN01", name: "罗慧琳", org_unit_id: root.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db.insertInto("person_roles").values({ person_id: person.id, role: "admin" }).execute();
  const admin = (await loadUser(db, person.id))!;

  const org = orgFile();
  await importAndWait(db, admin, "org", "merge", org.csv);
  const csv = staffFile(admin.employeeNo, org.teams);
  say(`staff file: ${staffRows} rows, ${(csv.length / 1e6).toFixed(1)} M characters`);

  const t0 = performance.now();
  const job = await importAndWait(db, admin, "people", "full", csv);
  const ms = performance.now() - t0;
  const s = job.summary!;
  if (s.rows !== staffRows || s.created !== staffRows - 1 || s.updated !== 1) {
    throw new Error(`unexpected summary ${JSON.stringify(s)}`);
  }
  const { count } = (await sql<{ count: number }>`select count(*)::int as count from people where status = 'active'`.execute(db)).rows[0];
  if (count !== staffRows) throw new Error(`expected ${staffRows} active people, found ${count}`);

  // The same file again: every row is compared, nothing is written.
  const r0 = performance.now();
  const again = await importAndWait(db, admin, "people", "full", csv);
  say(`re-import of the same file: ${Math.round(performance.now() - r0)} ms, unchanged=${again.summary!.unchanged}`);

  process.stdout.write(`RESULT import rows=${staffRows} rows_per_s=${Math.round(staffRows / (ms / 1000))} ms=${Math.round(ms)}\n`);
});
