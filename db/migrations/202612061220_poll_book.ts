import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// The poll book apart from the ballot box (issue 19, decision 0041).
//
// - `poll_book`: who voted for which title of which campaign, and the hour of
//   their first ballot (turnout per unit, the live turnout as of the last full
//   hour, the "you have not voted yet" reminder). Its key is what lets one
//   first ballot in per voter and title. Append-only.
// - `ballots` loses voter_id, version and cast_at: a ballot is its campaign,
//   title, receipt code and choices. `counted` is null while voting (the link,
//   or the campaign's "no changes", says which ballot is current) and set once
//   the box is sealed at close (false: replaced by a change).
// - `ballot_links`: only where the campaign allows a change, and only while
//   voting: each voter's current ballot for a title and its version (the
//   stale-form race). Updated in place on a change, so a replaced ballot is
//   no longer linked to anyone; deleted by the seal.
// - `seal_ballot_box(campaign)`: in the transaction that closes the vote,
//   deletes the links and rewrites the campaign's ballots as sealed rows in a
//   random order (fresh ids, one transaction id for all, no time), keeping the
//   choices of counted ballots only: nothing left orders, dates or groups the
//   ballots the way the poll book, the audit log or the request log does.
//   Campaigns already closed are sealed here.

/** True in the transaction that moved the campaign out of voting (its row's xmin is this transaction's id): only the seal writes there. */
const sealing = (campaign: string) =>
  sql.raw(`exists (select 1 from campaigns c where c.id = ${campaign} and c.status in ('closed', 'published')
          and c.xmin::text = (txid_current() % 4294967296)::text)`);

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const t of ["ballots", "ballot_choices"]) {
    await sql`drop trigger ${sql.id(`${t}_append_only`)} on ${sql.table(t)}`.execute(db);
  }

  await sql`
    create table poll_book (
      campaign_id integer not null,
      title_id integer not null,
      foreign key (campaign_id, title_id) references campaign_titles (campaign_id, title_id),
      person_id integer not null references people (id),
      -- The hour of the first ballot, not its moment: enough for the live
      -- turnout (as of the last full hour), too coarse to pick one ballot out.
      voted_at timestamptz not null default date_trunc('hour', now()) check (voted_at = date_trunc('hour', voted_at)),
      primary key (campaign_id, title_id, person_id)
    )`.execute(db);

  await sql`alter table ballots add column counted boolean`.execute(db);
  await sql`create index ballots_campaign_idx on ballots (campaign_id, title_id)`.execute(db);

  await sql`
    create table ballot_links (
      campaign_id integer not null,
      title_id integer not null,
      voter_id integer not null references people (id),
      ballot_id integer not null constraint ballot_links_ballot_key unique,
      version integer not null check (version >= 1),
      foreign key (ballot_id, campaign_id, title_id) references ballots (id, campaign_id, title_id),
      primary key (campaign_id, title_id, voter_id)
    )`.execute(db);

  // Existing ballots: the poll book from every ballot; the links of the current versions where a change is allowed.
  await sql`
    insert into poll_book (campaign_id, title_id, person_id, voted_at)
    select campaign_id, title_id, voter_id, date_trunc('hour', min(cast_at)) from ballots group by campaign_id, title_id, voter_id`.execute(db);
  await sql`
    insert into ballot_links (campaign_id, title_id, voter_id, ballot_id, version)
    select distinct on (b.campaign_id, b.title_id, b.voter_id) b.campaign_id, b.title_id, b.voter_id, b.id, b.version
    from ballots b join campaigns c on c.id = b.campaign_id
    where c.may_change_ballot
    order by b.campaign_id, b.title_id, b.voter_id, b.version desc`.execute(db);
  await sql`alter table ballots drop column voter_id, drop column version, drop column cast_at`.execute(db);

  await sql`
    create function seal_ballot_box(c integer) returns integer language plpgsql as $$
    declare
      sealed integer;
    begin
      drop table if exists pg_temp.ballot_seal;
      drop table if exists pg_temp.ballot_seal_choices;
      -- What counts: the linked ballot where a change is allowed, the one ballot where it is not.
      create temp table ballot_seal on commit drop as
        select b.id, b.title_id, b.receipt_code,
          (not cp.may_change_ballot or exists (select 1 from ballot_links l where l.ballot_id = b.id)) as counted
        from ballots b join campaigns cp on cp.id = b.campaign_id
        where b.campaign_id = c and b.counted is null;
      -- A replaced ballot keeps its receipt (listed as replaced) but not its choices: a voter's count of
      -- ballot.cast entries in the audit log must not point at the replaced choices of a title.
      create temp table ballot_seal_choices on commit drop as
        select s.receipt_code, bc.nomination_id, bc.title_id
        from ballot_choices bc join ballot_seal s on s.id = bc.ballot_id
        where s.counted;
      delete from ballot_links where campaign_id = c;
      delete from ballot_choices where ballot_id in (select id from ballot_seal);
      delete from ballots where id in (select id from ballot_seal);
      insert into ballots (campaign_id, title_id, receipt_code, counted)
        select c, title_id, receipt_code, counted from ballot_seal order by random();
      get diagnostics sealed = row_count;
      insert into ballot_choices (ballot_id, nomination_id, campaign_id, title_id)
        select b.id, sc.nomination_id, c, sc.title_id
        from ballot_seal_choices sc join ballots b on b.receipt_code = sc.receipt_code
        order by random();
      drop table pg_temp.ballot_seal;
      drop table pg_temp.ballot_seal_choices;
      return sealed;
    end
    $$`.execute(db);

  await sql`select seal_ballot_box(id) from campaigns where status in ('closed', 'published') order by id`.execute(db);

  // Append-only as before, but for the seal's own writes: in the transaction
  // that closed the campaign, the unsealed rows may be deleted and sealed
  // ones inserted. A sealed row is never deleted; nothing is ever updated.
  await sql`
    create function guard_ballots() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        if new.counted is null or ${sealing("new.campaign_id")} then return new; end if;
        raise exception 'a sealed ballot box takes no new ballots' using errcode = 'restrict_violation';
      end if;
      if tg_op = 'DELETE' and old.counted is null and ${sealing("old.campaign_id")} then return old; end if;
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`
    create function guard_ballot_choices() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        if not exists (select 1 from ballots b where b.id = new.ballot_id and b.counted is not null)
           or ${sealing("new.campaign_id")} then return new; end if;
        raise exception 'a sealed ballot takes no new choices' using errcode = 'restrict_violation';
      end if;
      if tg_op = 'DELETE' and exists (select 1 from ballots b where b.id = old.ballot_id and b.counted is null)
         and ${sealing("old.campaign_id")} then return old; end if;
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`
    create trigger ballots_append_only before insert or update or delete on ballots
    for each row execute function guard_ballots()`.execute(db);
  await sql`
    create trigger ballot_choices_append_only before insert or update or delete on ballot_choices
    for each row execute function guard_ballot_choices()`.execute(db);
  await sql`
    create trigger poll_book_append_only before update or delete on poll_book
    for each row execute function refuse_ballot_change()`.execute(db);
  await sql`
    create trigger poll_book_no_truncate before truncate on poll_book
    for each statement execute function refuse_ballot_change()`.execute(db);
}

export async function down(): Promise<void> {
  // The links between voters and ballots were destroyed on purpose (decision 0041): nothing can bring them back.
  throw new Error("202612061220_poll_book cannot be undone: the voters' links to their ballots are gone by design");
}
