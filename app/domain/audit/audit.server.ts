import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";

export interface AuditEntry {
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one entry. Call it inside the use-case's transaction, so the record
 * and the change it describes are committed (or rolled back) together.
 */
export async function audit(db: Db, actor: { id: number } | null, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: actor?.id ?? null,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId === undefined ? null : String(entry.subjectId),
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export interface AuditFilter {
  action?: string;
  /** Employee number of the actor. */
  actor?: string;
  /** Employee number (or id) of the subject. */
  subject?: string;
  from?: string;
  to?: string;
  page?: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  actorName: string | null;
  actorNo: string | null;
  subjectType: string | null;
  subjectId: string | null;
  before: unknown;
  after: unknown;
}

export const auditPageSize = 50;

/** The audit log, newest first; administrators only. */
export async function listAudit(
  db: Db,
  user: User,
  filter: AuditFilter,
): Promise<Result<{ rows: AuditRow[]; total: number; page: number; pageCount: number; actions: string[] }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const requested = Number.isFinite(filter.page) ? Math.floor(filter.page!) : 1;
  let q = db.selectFrom("audit_log as a").leftJoin("people as p", "p.id", "a.actor_id");
  if (filter.action) q = q.where("a.action", "=", filter.action);
  if (filter.actor) q = q.where("p.employee_no", "=", filter.actor);
  if (filter.subject) q = q.where("a.subject_id", "=", filter.subject);
  if (filter.from) q = q.where("a.at", ">=", new Date(`${filter.from}T00:00:00+08:00`));
  if (filter.to) q = q.where("a.at", "<", sql<Date>`(${filter.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as("total")).execute();
  const count = Number(total);
  const pageCount = Math.max(1, Math.ceil(count / auditPageSize));
  const page = Math.min(Math.max(1, requested), pageCount);
  const rows = await q
    .select([
      "a.id", "a.at", "a.action", "a.subject_type", "a.subject_id", "a.before", "a.after",
      "p.name as actor_name", "p.employee_no as actor_no",
    ])
    .orderBy("a.at", "desc")
    .orderBy("a.id", "desc")
    .limit(auditPageSize)
    .offset((page - 1) * auditPageSize)
    .execute();
  const actions = await db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute();
  return ok({
    rows: rows.map((r) => ({
      id: Number(r.id),
      at: r.at,
      action: r.action,
      actorName: r.actor_name,
      actorNo: r.actor_no,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      before: r.before,
      after: r.after,
    })),
    total: count,
    page,
    pageCount,
    actions: actions.map((a) => a.action),
  });
}
