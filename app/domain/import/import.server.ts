import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { inTransaction, isConnectionError, type Db } from "../../../db/client";
import { sendJob } from "~/jobs/engine.server";
import { importFile } from "~/jobs/queues";
import { log } from "~/log.server";
import { announceImport } from "../notifications/events.server";
import { nameKey } from "../people/name-key.server";
import type { ImportStatus } from "../../../db/schema";
import { audit } from "../audit/audit.server";
import { hasRole, isAdmin, type User } from "../auth/user";
import { metricRefs } from "../metrics/definitions.server";
import { recordMetricValues } from "../metrics/record.server";
import type { MetricLookups, MetricValue } from "../metrics/validate";
import { err, ok, type Result } from "../result";
import { isRowId } from "../row-id";
import { cutChars } from "../text";
import { applyOrg, applyPeople, ChangedMeanwhile } from "./apply.server";
import type { ImportKind, ImportMode } from "./columns";
import { parseCsv, type Encoding } from "./csv";
import { ErrorList, type ImportError, type ImportSummary } from "./report";
import { maxImportBytes, maxImportMegabytes } from "./schema";
import { checkMetrics, checkOrg, checkPeople, type Checked, type PersonData, type UnitData } from "./validate";

// The import: POST stores the file and queues a job for it in one
// transaction (startImport); a worker of the job engine runs it (runImport,
// through server/workers.ts) while the import's page polls getImport.
//
//   queued → checking → staging → applying → done
//                  ↘ failed (with its reason: nothing was changed)
//
// Checking and staging write nothing the rest of the app reads; applying is
// one transaction. So whatever happens, an import lands completely or not at
// all. A try that dies (the process killed, the database gone) is tried again
// by the job engine from the start; after the last try the import is failed
// as interrupted (abandonImport, the job's dead letter). Each try owns the
// import by its run id: a try given up on (timed out, its worker thought
// dead) can no longer write (decision 0037).

const running: ImportStatus[] = ["queued", "checking", "staging", "applying"];
/** Rows per staging insert: about 3,000 parameters, well under PostgreSQL's 65,535. */
const stagingBatch = 1000;
/** Serialises applies: two imports validated against the same snapshot must not interleave. */
const applyLock = 0x53_53_49_4d; // "SSIM"

export interface NewImport {
  kind: ImportKind;
  mode: ImportMode;
  fileName: string;
  content: Uint8Array;
}

/**
 * Who may run an import of this kind: administrators any; a data owner
 * (decision 0049) metric values only.
 */
export function mayImport(user: User, kind: ImportKind): boolean {
  return isAdmin(user) || (kind === "metrics" && hasRole(user, "data_owner"));
}

/** The kinds of import the person may run, for the import page's choice (none: the page is not theirs). */
export function importKindsFor(user: User): ImportKind[] {
  return (["people", "org", "metrics"] as const).filter((kind) => mayImport(user, kind));
}

/** Stores an uploaded file as a queued import. Administrators; data owners for metric values. */
export async function createImport(db: Db, user: User, input: NewImport): Promise<Result<{ id: number }>> {
  if (!mayImport(user, input.kind)) return err("common.forbidden", 403);
  if (input.content.byteLength === 0) return err("import.file.empty");
  if (input.content.byteLength > maxImportBytes) return err("import.file.tooLarge", 413, { max: maxImportMegabytes });
  const fileName = cutChars((input.fileName.split(/[/\\]/).pop() ?? "").trim(), 200) || "import.csv";
  const row = await db
    .insertInto("imports")
    .values({ kind: input.kind, mode: input.mode, file_name: fileName, content: input.content, created_by: user.id })
    .returning("id")
    .executeTakeFirstOrThrow();
  return ok({ id: row.id });
}

/** What the admin page calls: stores the import and queues its job, together or not at all. */
export async function startImport(db: Db, user: User, input: NewImport): Promise<Result<{ id: number }>> {
  return db.transaction().execute(async (trx) => {
    const created = await createImport(trx, user, input);
    if (created.ok) await sendJob(trx, importFile, { importId: created.value.id });
    return created;
  });
}

/** The import an import job is for (null: not one). */
export function importIdOf(data: unknown): number | null {
  const id = (data as { importId?: unknown } | null)?.importId;
  return typeof id === "number" && isRowId(id) ? id : null;
}

type Outcome = { status: "done"; summary: ImportSummary } | { status: "failed"; errors: ImportError[] } | { status: "skipped" };

/** Another try took the import over: this one stops without writing. */
class Superseded extends Error {}

/**
 * Works one import to the end, from the start whatever an earlier try did.
 * Never throws for bad input: returns how it ended. Throws, so that the job
 * is tried again, when its database connection was lost or `signal` aborted
 * (the try ran out of time, the server is stopping). An import already done
 * or failed is skipped: a retried job changes nothing.
 */
export async function runImport(db: Db, id: number, signal?: AbortSignal): Promise<Outcome> {
  const run = randomUUID();
  const job = await db
    .updateTable("imports")
    .set({ status: "checking", started_at: sql`now()`, run_id: run, processed_rows: 0 })
    .where("id", "=", id)
    .where("status", "in", running)
    .returning(["kind", "mode", "file_name", "content", "created_by"])
    .executeTakeFirst();
  if (!job || !job.content) return { status: "skipped" };
  // What an earlier try staged before it died.
  await db.deleteFrom("import_rows").where("import_id", "=", id).execute();

  try {
    const parsed = parseCsv(job.content);
    if (job.kind === "metrics") return await runMetricsImport(db, id, run, job, parsed, signal);
    const checked =
      job.kind === "people" ? checkPeople(parsed, job.mode, await peopleSnapshot(db, job.created_by)) : checkOrg(parsed, await orgSnapshot(db));
    signal?.throwIfAborted();
    await mine(db, id, run).set({ encoding: parsed.encoding, total_rows: checked.total }).execute();
    if (checked.errors.total > 0) return await fail(db, id, run, checked.errors, checked.total);

    await stage(db, id, run, checked, signal);
    const summary = await apply(db, id, run, job, checked);
    return { status: "done", summary };
  } catch (error) {
    if (error instanceof Superseded) return { status: "skipped" };
    // Tried again from the start, by this or another instance.
    if (signal?.aborted || isConnectionError(error)) throw error;
    const errors = new ErrorList();
    if (error instanceof ChangedMeanwhile || isConstraintViolation(error)) errors.add(null, "import.error.changedMeanwhile");
    else {
      // The operator reads what went wrong in the log; the administrator gets
      // a sentence in their language, never a database's message.
      logFailure(id, "import failed unexpectedly", error);
      errors.add(null, "import.error.unexpected");
    }
    return await fail(db, id, run, errors, null);
  }
}

/** An update of the import, if this try still owns it. */
const mine = (db: Db, id: number, run: string) => db.updateTable("imports").where("id", "=", id).where("run_id", "=", run);

/**
 * Metric values: checked against every definition, person and unit, then
 * recorded in one transaction as one batch (origin 'csv'). No staging: the
 * checked values are the batch, and recordMetricValues writes them set-based.
 */
async function runMetricsImport(
  db: Db,
  id: number,
  run: string,
  job: { kind: ImportKind; mode: ImportMode; file_name: string; created_by: number },
  parsed: ReturnType<typeof parseCsv>,
  signal?: AbortSignal,
): Promise<Outcome> {
  const checked = checkMetrics(parsed, await metricLookups(db));
  signal?.throwIfAborted();
  await mine(db, id, run).set({ encoding: parsed.encoding, total_rows: checked.total }).execute();
  if (checked.errors.total > 0) return await fail(db, id, run, checked.errors, checked.total);
  await mine(db, id, run).set({ status: "applying", processed_rows: checked.total }).execute();
  await nextTurn();
  const values: MetricValue[] = checked.rows.map((r) => r.data);
  const summary = await db.transaction().execute(async (trx) => {
    const still = await trx.selectFrom("imports").select(["status", "run_id"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (still?.status !== "applying" || still.run_id !== run) throw new Superseded();
    log("info", "import applying", { importId: id, rows: values.length, kind: "metrics" });
    const batch = await trx
      .insertInto("metric_batches")
      .values({ origin: "csv", import_id: id, created_by: job.created_by })
      .returning("id")
      .executeTakeFirstOrThrow();
    const counts = await recordMetricValues(trx, batch.id, values);
    const summary: ImportSummary = {
      rows: checked.total,
      created: counts.created,
      updated: counts.replaced,
      unchanged: counts.unchanged,
      left: 0,
      absent: 0,
      ignoredColumns: checked.ignoredColumns,
    };
    await trx
      .updateTable("imports")
      .set({ status: "done", summary: JSON.stringify(summary), finished_at: sql`now()`, content: null })
      .where("id", "=", id)
      .execute();
    await audit(
      trx,
      { id: job.created_by },
      { action: "import.applied", subjectType: "import", subjectId: id, after: { kind: job.kind, file: job.file_name, batch: batch.id, ...summary } },
    );
    await announceImport(trx, id, "done");
    return summary;
  });
  return { status: "done", summary };
}

/** What metric values are checked against: every definition, person and unit, by the codes files use. */
async function metricLookups(db: Db): Promise<MetricLookups> {
  const [metrics, people, units] = await Promise.all([
    metricRefs(db),
    db.selectFrom("people").select(["employee_no", "id"]).execute(),
    db.selectFrom("org_units").select(["code", "id"]).execute(),
  ]);
  return { metrics, people: new Map(people.map((p) => [p.employee_no, p.id])), units: new Map(units.map((u) => [u.code, u.id])) };
}

async function peopleSnapshot(db: Db, importerId: number) {
  const [units, emails, importer] = await Promise.all([
    db.selectFrom("org_units").select("code").execute(),
    db
      .selectFrom("people")
      .select(["employee_no", sql<string>`lower(email)`.as("email")])
      .where("email", "is not", null)
      .execute(),
    db.selectFrom("people").select("employee_no").where("id", "=", importerId).executeTakeFirstOrThrow(),
  ]);
  return {
    unitCodes: new Set(units.map((u) => u.code)),
    emailOwners: new Map(emails.map((p) => [p.email, p.employee_no])),
    importer: importer.employee_no,
  };
}

async function orgSnapshot(db: Db) {
  const units = await db
    .selectFrom("org_units as u")
    .leftJoin("org_units as p", "p.id", "u.parent_id")
    .select(["u.code", "p.code as parent"])
    .execute();
  return { parents: new Map(units.map((u) => [u.code, u.parent])) };
}

/** A person's row carries the pinyin key of the name, computed here because SQL cannot. */
function withNameKey(data: PersonData | UnitData) {
  return "employee_no" in data ? { ...data, name_pinyin: nameKey(data.name) } : data;
}

/**
 * Validated rows into import_rows, batch by batch, so the page can show
 * progress. Each batch and its progress in one transaction that first checks
 * the try still owns the import: a try taken over stages nothing more.
 */
async function stage(db: Db, id: number, run: string, checked: Checked<PersonData> | Checked<UnitData>, signal?: AbortSignal) {
  await mine(db, id, run).set({ status: "staging" }).execute();
  const rows = checked.rows;
  for (let i = 0; i < rows.length; i += stagingBatch) {
    signal?.throwIfAborted();
    const batch = rows.slice(i, i + stagingBatch);
    await db.transaction().execute(async (trx) => {
      const owned = await mine(trx, id, run)
        .set({ processed_rows: i + batch.length })
        .returning("id")
        .executeTakeFirst();
      if (!owned) throw new Superseded();
      await trx
        .insertInto("import_rows")
        .values(batch.map((r) => ({ import_id: id, line: r.line, data: JSON.stringify(withNameKey(r.data)) })))
        .execute();
    });
    // PGlite answers from this thread through promises alone: without a turn
    // of the event loop here, no page (the progress page included) is served
    // until the import ends.
    await nextTurn();
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function apply(
  db: Db,
  id: number,
  run: string,
  job: { kind: ImportKind; mode: ImportMode; file_name: string; created_by: number },
  checked: Checked<PersonData> | Checked<UnitData>,
): Promise<ImportSummary> {
  // Outside the transaction, so the page can say what is happening meanwhile.
  await mine(db, id, run).set({ status: "applying" }).execute();
  await nextTurn();
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${applyLock})`.execute(trx);
    // Locked: another try that wants the import waits until this one has committed, then finds it done.
    const still = await trx.selectFrom("imports").select(["status", "run_id"]).where("id", "=", id).forUpdate().executeTakeFirst();
    if (still?.status !== "applying" || still.run_id !== run) throw new Superseded();
    log("info", "import applying", { importId: id, rows: checked.rows.length });
    const counts = job.kind === "people" ? await applyPeople(trx, id, job.mode) : await applyOrg(trx, id, job.mode);
    const summary: ImportSummary = { rows: checked.total, ...counts, ignoredColumns: checked.ignoredColumns };
    await trx.deleteFrom("import_rows").where("import_id", "=", id).execute();
    await trx
      .updateTable("imports")
      .set({
        status: "done",
        summary: JSON.stringify(summary),
        finished_at: sql`now()`,
        // The rows are applied and the audit entry keeps the summary: the file need not stay.
        content: null,
      })
      .where("id", "=", id)
      .execute();
    await audit(
      trx,
      { id: job.created_by },
      {
        action: "import.applied",
        subjectType: "import",
        subjectId: id,
        after: { kind: job.kind, mode: job.mode, file: job.file_name, ...summary },
      },
    );
    await announceImport(trx, id, "done");
    return summary;
  });
}

/** Failed with its reasons, if this try still owns it: its staged rows go, and the file; administrators are told. */
async function fail(db: Db, id: number, run: string, errors: ErrorList, rows: number | null): Promise<Outcome> {
  return inTransaction(db, async (trx) => {
    const failed = await mine(trx, id, run)
      .set({
        status: "failed",
        errors: JSON.stringify(errors.items),
        summary: JSON.stringify({ errorCount: errors.total, rows }),
        finished_at: sql`now()`,
        content: null,
      })
      .where("status", "in", running)
      .returning("id")
      .executeTakeFirst();
    if (!failed) return { status: "skipped" } as const;
    await trx.deleteFrom("import_rows").where("import_id", "=", id).execute();
    await announceImport(trx, id, "failed");
    return { status: "failed", errors: errors.items } as const;
  });
}

function logFailure(importId: number, msg: string, error: unknown) {
  const e = error instanceof Error ? error : new Error(String(error));
  log("error", msg, { importId, error: e.message, code: (error as { code?: unknown } | null)?.code, stack: e.stack });
}

/** SQLSTATE class 23: a row the checks passed broke a constraint, so the data moved meanwhile. */
function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("23");
}

/**
 * An import that will not be tried again — every try of its job failed or
 * died ("import.error.interrupted"), or an administrator cancelled the job
 * ("import.error.cancelled") — is failed with that reason, unless it ended
 * already. Nothing of it was applied, because applying is one transaction.
 */
export async function abandonImport(db: Db, id: number, reason: "import.error.interrupted" | "import.error.cancelled"): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const failed = await trx
      .updateTable("imports")
      .set({ status: "failed", finished_at: sql`now()`, run_id: null, errors: JSON.stringify([{ line: null, code: reason }]), content: null })
      .where("id", "=", id)
      .where("status", "in", running)
      .returning("id")
      .executeTakeFirst();
    if (!failed) return false;
    await trx.deleteFrom("import_rows").where("import_id", "=", id).execute();
    await announceImport(trx, id, "failed");
    return true;
  });
}

// ---- reading jobs ---------------------------------------------------------

export interface ImportView {
  id: number;
  kind: ImportKind;
  mode: ImportMode;
  fileName: string;
  encoding: Encoding | null;
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  errors: ImportError[];
  errorCount: number;
  summary: ImportSummary | null;
  createdBy: { name: string; employeeNo: string };
  createdAt: Date;
  finishedAt: Date | null;
}

/** One job, for its page. Administrators; data owners for imports of metric values. */
export async function getImport(db: Db, user: User, id: number): Promise<Result<ImportView>> {
  if (!mayImport(user, "metrics")) return err("common.forbidden", 403);
  if (!isRowId(id)) return err("import.notFound", 404);
  const row = await db
    .selectFrom("imports as i")
    .innerJoin("people as p", "p.id", "i.created_by")
    .select([
      "i.id",
      "i.kind",
      "i.mode",
      "i.file_name",
      "i.encoding",
      "i.status",
      "i.total_rows",
      "i.processed_rows",
      "i.errors",
      "i.summary",
      "i.created_at",
      "i.finished_at",
      "p.name",
      "p.employee_no",
    ])
    .where("i.id", "=", id)
    .executeTakeFirst();
  if (!row) return err("import.notFound", 404);
  if (!mayImport(user, row.kind)) return err("common.forbidden", 403);
  const summary = row.summary as (ImportSummary & { errorCount?: number }) | null;
  const errors = Array.isArray(row.errors) ? (row.errors as ImportError[]) : [];
  return ok({
    id: row.id,
    kind: row.kind,
    mode: row.mode,
    fileName: row.file_name,
    encoding: row.encoding as Encoding | null,
    status: row.status,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    errors,
    errorCount: summary?.errorCount ?? errors.length,
    summary: row.status === "done" ? summary : null,
    createdBy: { name: row.name, employeeNo: row.employee_no },
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  });
}

export interface ImportListItem {
  id: number;
  kind: ImportKind;
  mode: ImportMode;
  fileName: string;
  status: ImportStatus;
  rows: number | null;
  summary: Pick<ImportSummary, "created" | "updated" | "unchanged" | "left"> | null;
  errorCount: number | null;
  createdBy: string;
  createdAt: Date;
}

export const recentImportCount = 20;

/** The most recent jobs, newest first. Administrators; data owners see imports of metric values. */
export async function listImports(db: Db, user: User): Promise<Result<ImportListItem[]>> {
  const kinds = importKindsFor(user);
  if (kinds.length === 0) return err("common.forbidden", 403);
  const rows = await db
    .selectFrom("imports as i")
    .innerJoin("people as p", "p.id", "i.created_by")
    .select(["i.id", "i.kind", "i.mode", "i.file_name", "i.status", "i.total_rows", "i.summary", "i.created_at", "p.name"])
    .where("i.kind", "in", kinds)
    .orderBy("i.id", "desc")
    .limit(recentImportCount)
    .execute();
  return ok(
    rows.map((r) => {
      const s = r.summary as (ImportSummary & { errorCount?: number }) | null;
      return {
        id: r.id,
        kind: r.kind,
        mode: r.mode,
        fileName: r.file_name,
        status: r.status,
        rows: r.total_rows,
        summary: r.status === "done" && s ? { created: s.created, updated: s.updated, unchanged: s.unchanged, left: s.left } : null,
        errorCount: s?.errorCount ?? null,
        createdBy: r.name,
        createdAt: r.created_at,
      };
    }),
  );
}
