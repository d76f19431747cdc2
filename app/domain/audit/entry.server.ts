import { sql, type RawBuilder } from "kysely";

// One audit entry as the row it becomes, for the two ways an entry is
// written: audit() inserts it on its own inside the use-case's transaction;
// auditInsert() writes many as a piece of a larger statement, for a hot path
// that writes its changes and their entries in one atomic statement
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

/** Audit rows as one array per column, for a statement that writes many at once (castBallot). */
export function auditColumns(rows: AuditRow[]) {
  return {
    actorIds: rows.map((r) => r.actor_id),
    actions: rows.map((r) => r.action),
    subjectTypes: rows.map((r) => r.subject_type),
    subjectIds: rows.map((r) => r.subject_id),
    befores: rows.map((r) => r.before),
    afters: rows.map((r) => r.after),
  };
}

/** The columns of auditColumns as the rows of a relation named `a`, to join in a statement. */
export function auditRelation(c: { [K in keyof ReturnType<typeof auditColumns>]: unknown }, ordinals: unknown): RawBuilder<unknown> {
  return sql`unnest(${ordinals}::int[], ${c.actorIds}::int[], ${c.actions}::text[], ${c.subjectTypes}::text[], ${c.subjectIds}::text[], ${c.befores}::jsonb[], ${c.afters}::jsonb[])
    as a (i, actor_id, action, subject_type, subject_id, before, after)`;
}

/**
 * `insert into audit_log … select a.… <source>`: one entry per row of
 * `source`, which joins the relation `a` (auditRelation) to the changes it
 * describes (e.g. `from ballot join … a`), so an entry exists exactly when its
 * change does.
 */
export function auditInsert(source: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`insert into audit_log (actor_id, action, subject_type, subject_id, before, after)
    select a.actor_id, a.action, a.subject_type, a.subject_id, a.before, a.after ${source}`;
}
