import { sql, type RawBuilder } from "kysely";

// One audit entry as the row it becomes, for the two ways an entry is
// written: audit() inserts it on its own inside the use-case's transaction;
// auditInsert() is the same insert as a piece of a larger statement, for a
// hot path that writes its change and its entry in one atomic statement
// (castBallot). The chain columns are the database's business (0011).

export interface AuditEntry {
  action: string;
  subjectType?: string;
  subjectId?: string | number;
  before?: unknown;
  after?: unknown;
}

/** The audit_log row for an entry by this actor. */
export function auditValues(actor: { id: number } | null, entry: AuditEntry) {
  return {
    actor_id: actor?.id ?? null,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId === undefined ? null : String(entry.subjectId),
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
}

export type AuditRow = ReturnType<typeof auditValues>;

/**
 * `insert into audit_log … select … <source>`: the entry (auditValues) is
 * written once per row of `source` (e.g. `from ballot`, a CTE that inserted
 * zero or one row), so it exists exactly when the change it describes does.
 */
export function auditInsert(v: AuditRow, source: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`insert into audit_log (actor_id, action, subject_type, subject_id, before, after)
    select ${v.actor_id}::int, ${v.action}, ${v.subject_type}, ${v.subject_id}, ${v.before}::jsonb, ${v.after}::jsonb ${source}`;
}
