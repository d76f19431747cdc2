import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// The audit log is append-only and tamper-evident (docs/decisions/0011-audit-chain.md):
// each entry carries seq (1, 2, 3, … without gaps, in the order entries were
// chained), the hash of the entry before it (prev_hash; the first entry's is 32
// zero bytes) and its own hash = sha256(prev_hash || canonical bytes of the entry).
// Editing, deleting or reordering an entry breaks the chain at that entry, and
// the administrator's check (verifyAuditChain) names the first such entry.
// UPDATE, DELETE and TRUNCATE are refused, as for ballots.

/** The key of the advisory lock that orders writers; any fixed number unused elsewhere. */
const chainLock = 7_240_001;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log add column seq bigint, add column prev_hash bytea, add column hash bytea`.execute(db);

  // The one definition of an entry's hash, used by the trigger and by the check
  // so the two cannot drift. Its text depends on no session setting: the time
  // in UTC with microseconds, jsonb in its own canonical text (sorted keys),
  // nulls as null, fields as the elements of one JSON array (no ambiguity
  // about where one ends). prev is always 32 bytes, so prev || text is too.
  await sql`
    create function audit_entry_digest(prev bytea, r audit_log) returns bytea
    language sql stable as $$
      select sha256(prev || convert_to(jsonb_build_array(
        r.seq, r.id, to_char(r.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        r.actor_id, r.action, r.subject_type, r.subject_id, r.before, r.after
      )::text, 'UTF8'))
    $$`.execute(db);

  // Chain the rows already written, in id order.
  await sql`
    do $$
    declare
      r audit_log;
      prev bytea := decode(repeat('00', 32), 'hex');
      n bigint := 0;
    begin
      for r in select * from audit_log order by id loop
        n := n + 1;
        r.seq := n;
        r.prev_hash := prev;
        r.hash := audit_entry_digest(prev, r);
        update audit_log set seq = r.seq, prev_hash = r.prev_hash, hash = r.hash where id = r.id;
        prev := r.hash;
      end loop;
    end
    $$`.execute(db);
  await sql`
    alter table audit_log
      alter column seq set not null,
      alter column prev_hash set not null,
      alter column hash set not null,
      add constraint audit_log_seq_key unique (seq)`.execute(db);

  // Every insert, whatever it supplies, is chained to the latest entry. The
  // advisory lock is held until commit, so writers take turns: after the lock,
  // the next statement (a volatile function's statements each take a fresh
  // snapshot under READ COMMITTED) sees the entry the previous holder committed,
  // and a rolled-back entry leaves no gap. The cost is that audit writes are
  // serialised from the insert to the commit: every use-case writes its entry
  // last, just before committing. A REPEATABLE READ writer could read a stale
  // head; the unique seq then refuses it rather than fork the chain.
  await sql`
    create function audit_log_chain() returns trigger language plpgsql as $$
    declare
      last_seq bigint;
      last_hash bytea;
    begin
      perform pg_advisory_xact_lock(${sql.lit(chainLock)});
      select seq, hash into last_seq, last_hash from audit_log order by seq desc limit 1;
      new.seq := coalesce(last_seq, 0) + 1;
      new.prev_hash := coalesce(last_hash, decode(repeat('00', 32), 'hex'));
      new.hash := audit_entry_digest(new.prev_hash, new);
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_chain before insert on audit_log
    for each row execute function audit_log_chain()`.execute(db);

  // refuse_ballot_change() (202611250600) names the table and operation it refuses: it serves here as is.
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_ballot_change()`.execute(db);
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function refuse_ballot_change()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists audit_log_no_truncate on audit_log`.execute(db);
  await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db);
  await sql`drop trigger if exists audit_log_chain on audit_log`.execute(db);
  await sql`drop function if exists audit_log_chain()`.execute(db);
  await sql`drop function if exists audit_entry_digest(bytea, audit_log)`.execute(db);
  await sql`alter table audit_log drop column if exists seq, drop column if exists prev_hash, drop column if exists hash`.execute(db);
}
