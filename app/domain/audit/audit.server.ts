import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { pageWindow } from "../paging";
import { err, ok, type Result } from "../result";
import { auditValues, type AuditEntry } from "./entry.server";
import { changesOf, type FieldChange } from "./readable";
import { nameSubjects, type NamedSubject } from "./subjects.server";

export type { AuditEntry };

/**
 * Appends one entry. Call it inside the use-case's transaction, so the record
 * and the change it describes are committed (or rolled back) together.
 */
export async function audit(db: Db, actor: { id: number } | null, entry: AuditEntry): Promise<void> {
  await db.insertInto("audit_log").values(auditValues(actor, entry)).execute();
}

export interface AuditFilter {
  action?: string;
  /** Employee number of the actor. */
  actor?: string;
  /** Employee number (or id) of the subject. */
  subject?: string;
  from?: string;
  to?: string;
  /** One entry by its number (the chain check's link to a broken entry). */
  entry?: number;
  page?: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  actorName: string | null;
  actorNo: string | null;
  /** Who or what it is about, by name and with a link; null for an entry about nothing in particular. */
  subject: NamedSubject | null;
  /** Its before and after as the fields that changed. */
  changes: FieldChange[];
}

export const auditPageSize = 50;

/** The audit log, newest first; administrators only. */
export async function listAudit(
  db: Db,
  user: User,
  filter: AuditFilter,
): Promise<Result<{ rows: AuditRow[]; total: number; page: number; pageCount: number; actions: string[] }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  let q = db.selectFrom("audit_log as a").leftJoin("people as p", "p.id", "a.actor_id");
  if (filter.action) q = q.where("a.action", "=", filter.action);
  if (filter.actor) q = q.where("p.employee_no", "=", filter.actor);
  if (filter.subject) q = q.where("a.subject_id", "=", filter.subject);
  if (filter.entry !== undefined) q = q.where("a.id", "=", filter.entry);
  if (filter.from) q = q.where("a.at", ">=", new Date(`${filter.from}T00:00:00+08:00`));
  if (filter.to) q = q.where("a.at", "<", sql<Date>`(${filter.to}::date + 1)::timestamp at time zone 'Asia/Shanghai'`);
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as("total")).execute();
  const count = Number(total);
  const { page, pageCount, offset } = pageWindow(count, auditPageSize, filter.page);
  const rows = await q
    .select([
      "a.id",
      "a.at",
      "a.action",
      "a.subject_type",
      "a.subject_id",
      "a.before",
      "a.after",
      "p.name as actor_name",
      "p.employee_no as actor_no",
    ])
    .orderBy("a.at", "desc")
    .orderBy("a.id", "desc")
    .limit(auditPageSize)
    .offset(offset)
    .execute();
  const [actions, subjects] = await Promise.all([
    db.selectFrom("audit_log").select("action").distinct().orderBy("action").execute(),
    nameSubjects(
      db,
      rows.map((r) => ({ action: r.action, subjectType: r.subject_type, subjectId: r.subject_id })),
    ),
  ]);
  return ok({
    rows: rows.map((r, i) => ({
      id: Number(r.id),
      at: r.at,
      action: r.action,
      actorName: r.actor_name,
      actorNo: r.actor_no,
      subject: subjects[i],
      changes: changesOf(r.before, r.after),
    })),
    total: count,
    page,
    pageCount,
    actions: actions.map((a) => a.action),
  });
}

// ---- the chain check --------------------------------------------------------

/**
 * Why an entry breaks the chain: "altered" — its content no longer matches its
 * hash; "missing" — its seq does not follow the one before (entries before it
 * were deleted); "unlinked" — its prev_hash is not the hash of the entry before
 * it (entries were reordered, or the one before was rewritten with a new hash).
 */
export type ChainBreakReason = "altered" | "missing" | "unlinked";

export interface AuditChainCheck {
  /** Sealed entries: those in the chain. */
  entries: number;
  /** Entries committed after this check's seal, not yet in the chain (usually 0). */
  unsealed: number;
  /** The latest entry's hash in hex: note it down (e.g. in the monthly report) to anchor the chain. */
  head: string | null;
  firstBroken: { seq: number; id: number; at: Date; reason: ChainBreakReason } | null;
  checkedAt: Date;
}

/**
 * Chains every committed entry not yet in the chain (in id order, after the
 * latest chained one) and returns how many. Run it outside any transaction: it
 * takes the chain's lock until its own commit, and concurrent seals take turns
 * (the second finds nothing left). The server runs it every minute.
 */
export async function sealAudit(db: Db): Promise<number> {
  const { rows } = await sql<{ sealed: string | number }>`select audit_seal() as sealed`.execute(db);
  return Number(rows[0].sealed);
}

/**
 * Seals what is pending (the administrator asking is a reason to chain the
 * latest entries now rather than within the minute), then walks the whole
 * chain in one pass, in seq order, in the database, with the same digest
 * function the seal uses; stops at the first broken entry. Administrators only.
 * Apart from the seal, a read: it writes no audit entry.
 */
export async function verifyAuditChain(db: Db, user: User): Promise<Result<AuditChainCheck>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  await sealAudit(db);
  // One statement, so the counts, the head and the walk share one snapshot.
  const { rows } = await sql<{
    entries: string | number;
    unsealed: string | number;
    head: string | null;
    seq: string | number | null;
    id: string | number | null;
    at: Date | null;
    reason: ChainBreakReason | null;
    checked_at: Date;
  }>`
    select
      (select count(*) from audit_log where seq is not null) as entries,
      (select count(*) from audit_log where seq is null) as unsealed,
      (select encode(hash, 'hex') from audit_log where seq is not null order by seq desc limit 1) as head,
      b.seq, b.id, b.at, b.reason,
      clock_timestamp() as checked_at
    from (select 1) as one
    left join lateral (
      select seq, id, at, reason from (
        select a.seq, a.id, a.at,
          case
            when a.hash is distinct from audit_entry_digest(a.prev_hash, a) then 'altered'
            when a.seq <> coalesce(lag(a.seq) over w, 0) + 1 then 'missing'
            when a.prev_hash is distinct from coalesce(lag(a.hash) over w, decode(repeat('00', 32), 'hex')) then 'unlinked'
          end as reason
        from audit_log as a
        where a.seq is not null
        window w as (order by a.seq)
      ) as walk
      where reason is not null
      order by seq
      limit 1
    ) as b on true`.execute(db);
  const r = rows[0];
  return ok({
    entries: Number(r.entries),
    unsealed: Number(r.unsealed),
    head: r.head,
    firstBroken: r.seq === null ? null : { seq: Number(r.seq), id: Number(r.id), at: r.at!, reason: r.reason! },
    checkedAt: r.checked_at,
  });
}
