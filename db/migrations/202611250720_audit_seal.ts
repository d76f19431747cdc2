import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// The audit chain of 202611250700 is sealed in batches after commit instead of
// at insert (docs/decisions/0011-audit-chain.md). Chaining at insert held an
// advisory lock until each writer's commit, so every audited transaction's WAL
// flush took its turn: audited writes were capped by the disk's flush rate.
// Now an entry is inserted with seq, prev_hash and hash null ("unsealed");
// audit_seal() chains every committed unsealed entry, in id order, after the
// latest sealed one, in its own short transaction. The triggers protect an entry
// from the moment it is written; the chain from the moment it is sealed.

/** The same key as 202611250700's: one chain, one lock. */
const chainLock = 7_240_001;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger audit_log_chain on audit_log`.execute(db);
  await sql`drop function audit_log_chain()`.execute(db);
  await sql`
    alter table audit_log
      alter column seq drop not null,
      alter column prev_hash drop not null,
      alter column hash drop not null,
      add constraint audit_log_sealed_whole check ((seq is null) = (prev_hash is null) and (seq is null) = (hash is null))`.execute(db);
  // What the seal looks for: stays small, whatever the size of the log.
  await sql`create index audit_log_unsealed on audit_log (id) where seq is null`.execute(db);

  // Whatever the caller sends, a new entry starts unsealed.
  await sql`
    create function audit_log_unsealed() returns trigger language plpgsql as $$
    begin
      new.seq := null;
      new.prev_hash := null;
      new.hash := null;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger audit_log_unsealed before insert on audit_log
    for each row execute function audit_log_unsealed()`.execute(db);

  // UPDATE is refused but for the seal's own: an unsealed entry gets its
  // seq, prev_hash and hash once (a hash that is its digest), nothing else changes.
  await sql`
    create function audit_log_seal_only() returns trigger language plpgsql as $$
    begin
      if old.seq is null and new.seq is not null
        and new.hash = audit_entry_digest(new.prev_hash, new)
        and new.id is not distinct from old.id
        and new.at is not distinct from old.at
        and new.actor_id is not distinct from old.actor_id
        and new.action is not distinct from old.action
        and new.subject_type is not distinct from old.subject_type
        and new.subject_id is not distinct from old.subject_id
        and new.before is not distinct from old.before
        and new.after is not distinct from old.after
      then
        return new;
      end if;
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`
    create trigger audit_log_seal_only before update on audit_log
    for each row execute function audit_log_seal_only()`.execute(db);
  await sql`
    create trigger audit_log_append_only before delete on audit_log
    for each row execute function refuse_ballot_change()`.execute(db);
  // audit_log_no_truncate (202611250700) stays as it is.

  // Chains every unsealed entry it can see, in id order, after the latest sealed
  // one; returns how many. Seals take turns on the lock, held to their commit;
  // after it, the next statement (a fresh snapshot under READ COMMITTED) sees
  // what the previous seal committed, so a second seal finds nothing left. Rows
  // committed later (even with a lower id) go to the next seal: seq order may
  // differ from id order. Under REPEATABLE READ a stale latest entry would make
  // the unique seq refuse the seal rather than fork the chain. One pass computes
  // the hashes (each needs the one before), one UPDATE writes them all.
  await sql`
    create function audit_seal() returns bigint language plpgsql as $$
    declare
      r audit_log;
      prev bytea;
      n bigint;
      ids bigint[] := '{}';
      seqs bigint[] := '{}';
      prevs bytea[] := '{}';
      hashes bytea[] := '{}';
    begin
      perform pg_advisory_xact_lock(${sql.lit(chainLock)});
      select seq, hash into n, prev from audit_log where seq is not null order by seq desc limit 1;
      n := coalesce(n, 0);
      prev := coalesce(prev, decode(repeat('00', 32), 'hex'));
      for r in select * from audit_log where seq is null order by id loop
        n := n + 1;
        r.seq := n;
        r.prev_hash := prev;
        r.hash := audit_entry_digest(prev, r);
        ids := ids || r.id::bigint;
        seqs := seqs || n;
        prevs := prevs || prev;
        hashes := hashes || r.hash;
        prev := r.hash;
      end loop;
      update audit_log as a set seq = s.seq, prev_hash = s.prev_hash, hash = s.hash
      from unnest(ids, seqs, prevs, hashes) as s (id, seq, prev_hash, hash)
      where a.id = s.id;
      return cardinality(ids);
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Seal what is pending, so the columns can be required again.
  await sql`select audit_seal()`.execute(db);
  await sql`drop function audit_seal()`.execute(db);
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`drop trigger audit_log_seal_only on audit_log`.execute(db);
  await sql`drop function audit_log_seal_only()`.execute(db);
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_ballot_change()`.execute(db);
  await sql`drop trigger audit_log_unsealed on audit_log`.execute(db);
  await sql`drop function audit_log_unsealed()`.execute(db);
  await sql`drop index audit_log_unsealed`.execute(db);
  await sql`
    alter table audit_log
      drop constraint audit_log_sealed_whole,
      alter column seq set not null,
      alter column prev_hash set not null,
      alter column hash set not null`.execute(db);
  // 202611250700's chaining insert trigger, as it was.
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
}
