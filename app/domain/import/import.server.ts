import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { log } from "~/log.server";
import { nameKey } from "../people/name-key.server";
import type { ImportStatus } from "../../../db/schema";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";
import { cutChars } from "../text";
import { applyOrg, applyPeople, ChangedMeanwhile } from "./apply.server";
import type { ImportKind, ImportMode } from "./columns";
import { parseCsv, type Encoding } from "./csv";
import { ErrorList, type ImportError, type ImportSummary } from "./report";
import { maxImportBytes, maxImportMegabytes } from "./schema";
import { checkOrg, checkPeople, type Checked, type PersonData, type UnitData } from "./validate";

// The import job: POST stores the file (createImport), the same process works
// it in the background (runImport) while the job page polls getImport.
//
//   queued → checking → staging → applying → done
//                  ↘ failed (any error: nothing was changed)
//
// Checking and staging write nothing the rest of the app reads; applying is
// one transaction. So whatever happens, an import lands completely or not at all.

const running: ImportStatus[] = ["queued", "checking", "staging", "applying"];
/** A job is its worker's while the lease lasts; the heartbeat renews it. */
const leaseSeconds = 60;
const heartbeatMs = 15_000;
/** Rows per staging insert: about 3,000 parameters, well under PostgreSQL's 65,535. */
const stagingBatch = 1000;
/** Serialises applies: two imports validated against the same snapshot must not interleave. */
const applyLock = 0x53_53_49_4d; // "SSIM"

const lease = () => sql<Date>`now() + make_interval(secs => ${leaseSeconds})`;

export interface NewImport {
  kind: ImportKind;
  mode: ImportMode;
  fileName: string;
  content: Uint8Array;
}

/** Stores an uploaded file as a queued job. Administrators only. */
export async function createImport(db: Db, user: User, input: NewImport): Promise<Result<{ id: number }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  if (input.content.byteLength === 0) return err("import.file.empty");
  if (input.content.byteLength > maxImportBytes) return err("import.file.tooLarge", 413, { max: maxImportMegabytes });
  const fileName = cutChars((input.fileName.split(/[/\\]/).pop() ?? "").trim(), 200) || "import.csv";
  const row = await db
    .insertInto("imports")
    .values({
      kind: input.kind,
      mode: input.mode,
      file_name: fileName,
      content: input.content,
      created_by: user.id,
      // Leased from the start: an instance starting up meanwhile must not fail it.
      lease_until: lease(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return ok({ id: row.id });
}

/**
 * What the admin page calls: stores the job and starts it in this process
 * without waiting. If the process dies, the lease runs out and the job is
 * failed (by failInterruptedImports or the next look at it): nothing applied.
 */
export async function startImport(db: Db, user: User, input: NewImport): Promise<Result<{ id: number }>> {
  const created = await createImport(db, user, input);
  if (created.ok) {
    setImmediate(() => {
      // runImport records its own failures; a rejection here means it could not even do that.
      runImport(db, created.value.id).catch((error: unknown) => logFailure(created.value.id, "import could not record its failure", error));
    });
  }
  return created;
}

type Outcome = { status: "done"; summary: ImportSummary } | { status: "failed"; errors: ImportError[] } | { status: "skipped" };

/** Works one queued job to the end. Never throws for bad input; returns how it ended. */
export async function runImport(db: Db, id: number): Promise<Outcome> {
  const job = await db
    .updateTable("imports")
    .set({ status: "checking", started_at: sql`now()`, lease_until: lease() })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .returning(["kind", "mode", "file_name", "content", "created_by"])
    .executeTakeFirst();
  if (!job || !job.content) return { status: "skipped" };

  const heartbeat = setInterval(() => {
    db.updateTable("imports")
      .set({ lease_until: lease() })
      .where("id", "=", id)
      .where("status", "in", running)
      .execute()
      .catch(() => undefined);
  }, heartbeatMs);
  heartbeat.unref();
  try {
    const parsed = parseCsv(job.content);
    const checked =
      job.kind === "people" ? checkPeople(parsed, job.mode, await peopleSnapshot(db, job.created_by)) : checkOrg(parsed, await orgSnapshot(db));
    await db.updateTable("imports").set({ encoding: parsed.encoding, total_rows: checked.total }).where("id", "=", id).execute();
    if (checked.errors.total > 0) return await fail(db, id, checked.errors, checked.total);

    await stage(db, id, checked);
    const summary = await apply(db, id, job, checked);
    return { status: "done", summary };
  } catch (error) {
    const errors = new ErrorList();
    if (error instanceof ChangedMeanwhile || isConstraintViolation(error)) errors.add(null, "import.error.changedMeanwhile");
    else {
      // The operator reads what went wrong in the log; the administrator gets
      // a sentence in their language, never a database's message.
      logFailure(id, "import failed unexpectedly", error);
      errors.add(null, "import.error.unexpected");
    }
    return await fail(db, id, errors, null);
  } finally {
    clearInterval(heartbeat);
  }
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

/** Validated rows into import_rows, batch by batch, so the page can show progress. */
async function stage(db: Db, id: number, checked: Checked<PersonData> | Checked<UnitData>) {
  await db.updateTable("imports").set({ status: "staging" }).where("id", "=", id).execute();
  const rows = checked.rows;
  for (let i = 0; i < rows.length; i += stagingBatch) {
    const batch = rows.slice(i, i + stagingBatch);
    await db
      .insertInto("import_rows")
      .values(batch.map((r) => ({ import_id: id, line: r.line, data: JSON.stringify(withNameKey(r.data)) })))
      .execute();
    await db
      .updateTable("imports")
      .set({ processed_rows: i + batch.length })
      .where("id", "=", id)
      .execute();
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
  job: { kind: ImportKind; mode: ImportMode; file_name: string; created_by: number },
  checked: Checked<PersonData> | Checked<UnitData>,
): Promise<ImportSummary> {
  // Outside the transaction, so the page can say what is happening meanwhile.
  await db.updateTable("imports").set({ status: "applying" }).where("id", "=", id).execute();
  await nextTurn();
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${applyLock})`.execute(trx);
    // Failed as interrupted while we waited for the lock? Then it stays failed
    // (fail() leaves it be). No row lock: the heartbeat must keep renewing the lease.
    const still = await trx.selectFrom("imports").select("status").where("id", "=", id).executeTakeFirst();
    if (still?.status !== "applying") throw new Error(`import ${id} is no longer applying`);
    const counts = job.kind === "people" ? await applyPeople(trx, id, job.mode) : await applyOrg(trx, id, job.mode);
    const summary: ImportSummary = { rows: checked.total, ...counts, ignoredColumns: checked.ignoredColumns };
    await trx.deleteFrom("import_rows").where("import_id", "=", id).execute();
    await trx
      .updateTable("imports")
      .set({
        status: "done",
        summary: JSON.stringify(summary),
        finished_at: sql`now()`,
        lease_until: null,
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
    return summary;
  });
}

async function fail(db: Db, id: number, errors: ErrorList, rows: number | null): Promise<Outcome> {
  await db.deleteFrom("import_rows").where("import_id", "=", id).execute();
  await db
    .updateTable("imports")
    .set({
      status: "failed",
      errors: JSON.stringify(errors.items),
      summary: JSON.stringify({ errorCount: errors.total, rows }),
      finished_at: sql`now()`,
      lease_until: null,
      content: null,
    })
    .where("id", "=", id)
    // A job already failed as interrupted keeps that reason.
    .where("status", "in", running)
    .execute();
  return { status: "failed", errors: errors.items };
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

const interrupted = JSON.stringify([{ line: null, code: "import.error.interrupted" }]);

/**
 * A job whose worker died (lease expired) is failed. Nothing of it was
 * applied, because the apply step is one transaction. Called at start-up, by
 * the list of imports, and by the job page for the one it shows.
 */
export async function failInterruptedImports(db: Db, onlyId?: number): Promise<number> {
  let q = db
    .updateTable("imports")
    .set({ status: "failed", finished_at: sql`now()`, lease_until: null, errors: interrupted, content: null })
    .where("status", "in", running)
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", sql<Date>`now()`)]));
  if (onlyId !== undefined) q = q.where("id", "=", onlyId);
  const failed = await q.returning("id").execute();
  if (failed.length) {
    await db
      .deleteFrom("import_rows")
      .where(
        "import_id",
        "in",
        failed.map((f) => f.id),
      )
      .execute();
  }
  return failed.length;
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

/** One job, for its page. Administrators only. */
export async function getImport(db: Db, user: User, id: number): Promise<Result<ImportView>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  if (!Number.isSafeInteger(id) || id <= 0) return err("import.notFound", 404);
  await failInterruptedImports(db, id);
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

/** The most recent jobs, newest first. Administrators only. */
export async function listImports(db: Db, user: User): Promise<Result<ImportListItem[]>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  await failInterruptedImports(db);
  const rows = await db
    .selectFrom("imports as i")
    .innerJoin("people as p", "p.id", "i.created_by")
    .select(["i.id", "i.kind", "i.mode", "i.file_name", "i.status", "i.total_rows", "i.summary", "i.created_at", "p.name"])
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
