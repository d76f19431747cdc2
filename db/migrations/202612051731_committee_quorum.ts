import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// The committee decides together (issue 14, item 11; docs/decisions/0028):
// a campaign sets how many committee members must confirm a ratification and
// an objection's resolution. A member proposes (the set of winners, or a
// decision on an objection) and confirms it; others confirm the same
// proposal; when the quorum is reached the decision takes effect
// (ratifications and winners, or the objection's resolution), as before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table campaigns
      add column committee_quorum integer not null default 2 check (committee_quorum between 1 and 9)`.execute(db);
  // A campaign under way keeps the rule it was opened under (one member decided);
  // drafts, whose settings may still change, take the new default of two.
  await sql`update campaigns set committee_quorum = 1 where status <> 'draft'`.execute(db);

  // An ascending set of distinct ids: two members back the same winners exactly when their arrays are equal.
  await sql`
    create function sorted_int_set(xs integer[]) returns integer[]
    language sql immutable strict parallel safe
    as $$ select coalesce(array_agg(distinct x order by x), '{}') from unnest(xs) as x $$`.execute(db);

  await sql`
    create table ratification_proposals (
      id integer generated always as identity primary key,
      campaign_id integer not null,
      title_id integer not null,
      foreign key (campaign_id, title_id) references campaign_titles (campaign_id, title_id),
      winners integer[] not null check (array_position(winners, null) is null and winners = sorted_int_set(winners)),
      tie_reason text check (tie_reason is null or length(tie_reason) between 1 and 1000),
      proposed_by integer not null references people (id),
      proposed_at timestamptz not null default now(),
      -- One proposal per set of winners: a second member choosing the same set confirms it.
      unique (campaign_id, title_id, winners),
      unique (id, campaign_id, title_id)
    )`.execute(db);

  await sql`
    create table ratification_confirmations (
      proposal_id integer not null,
      campaign_id integer not null,
      title_id integer not null,
      foreign key (proposal_id, campaign_id, title_id) references ratification_proposals (id, campaign_id, title_id),
      member_id integer not null references people (id),
      confirmed_at timestamptz not null default now(),
      -- One confirmation per member per title: a member backs one set of winners at a time.
      primary key (campaign_id, title_id, member_id)
    )`.execute(db);
  await sql`create index ratification_confirmations_proposal_idx on ratification_confirmations (proposal_id)`.execute(db);

  await sql`
    create table resolution_proposals (
      id integer generated always as identity primary key,
      objection_id integer not null references objections (id),
      decision text not null check (decision in ('uphold', 'dismiss')),
      -- Only an upheld objection brings in a replacement.
      replacement_id integer references nominations (id) check (replacement_id is null or decision = 'uphold'),
      resolution text not null check (length(resolution) between 1 and 1000),
      proposed_by integer not null references people (id),
      proposed_at timestamptz not null default now(),
      unique nulls not distinct (objection_id, decision, replacement_id),
      unique (id, objection_id)
    )`.execute(db);

  await sql`
    create table resolution_confirmations (
      proposal_id integer not null,
      objection_id integer not null,
      foreign key (proposal_id, objection_id) references resolution_proposals (id, objection_id),
      member_id integer not null references people (id),
      confirmed_at timestamptz not null default now(),
      primary key (objection_id, member_id)
    )`.execute(db);
  await sql`create index resolution_confirmations_proposal_idx on resolution_confirmations (proposal_id)`.execute(db);

  // What was decided before this migration, by the one member who decided it.
  await sql`
    insert into ratification_proposals (campaign_id, title_id, winners, tie_reason, proposed_by, proposed_at)
    select r.campaign_id, r.title_id,
      coalesce((select array_agg(w.nomination_id order by w.nomination_id) from winners w
                where w.campaign_id = r.campaign_id and w.title_id = r.title_id and w.added_by_objection is null), '{}'),
      r.tie_reason, r.ratified_by, r.ratified_at
    from ratifications r`.execute(db);
  await sql`
    insert into ratification_confirmations (proposal_id, campaign_id, title_id, member_id, confirmed_at)
    select p.id, p.campaign_id, p.title_id, p.proposed_by, p.proposed_at from ratification_proposals p`.execute(db);
  await sql`alter table ratifications add column proposal_id integer unique`.execute(db);
  await sql`
    update ratifications r set proposal_id = p.id
    from ratification_proposals p where p.campaign_id = r.campaign_id and p.title_id = r.title_id`.execute(db);
  await sql`
    alter table ratifications
      alter column proposal_id set not null,
      add foreign key (proposal_id, campaign_id, title_id) references ratification_proposals (id, campaign_id, title_id)`.execute(db);

  await sql`
    insert into resolution_proposals (objection_id, decision, replacement_id, resolution, proposed_by, proposed_at)
    select o.id, case o.status when 'upheld' then 'uphold' else 'dismiss' end,
      (select w.nomination_id from winners w where w.added_by_objection = o.id),
      o.resolution, o.resolved_by, o.resolved_at
    from objections o where o.status <> 'open'`.execute(db);
  await sql`
    insert into resolution_confirmations (proposal_id, objection_id, member_id, confirmed_at)
    select p.id, p.objection_id, p.proposed_by, p.proposed_at from resolution_proposals p`.execute(db);
  await sql`alter table objections add column resolution_proposal_id integer unique`.execute(db);
  await sql`update objections o set resolution_proposal_id = p.id from resolution_proposals p where p.objection_id = o.id`.execute(db);
  await sql`
    alter table objections
      add foreign key (resolution_proposal_id, id) references resolution_proposals (id, objection_id),
      add constraint objections_resolution_proposal_check check ((status = 'open') = (resolution_proposal_id is null))`.execute(db);

  // A decision takes effect only with its quorum of confirmations, and the
  // objection's outcome is the proposal's: even if the domain is bypassed.
  await sql`
    create function ratification_has_quorum() returns trigger language plpgsql as $$
    declare
      needed integer;
      got integer;
    begin
      select committee_quorum into needed from campaigns where id = new.campaign_id;
      select count(*) into got from ratification_confirmations where proposal_id = new.proposal_id;
      if got < needed then
        raise exception 'a ratification needs % confirmations, it has %', needed, got
          using errcode = 'check_violation', constraint = 'ratifications_quorum';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create constraint trigger ratifications_quorum after insert or update on ratifications
    for each row execute function ratification_has_quorum()`.execute(db);

  await sql`
    create function resolution_has_quorum() returns trigger language plpgsql as $$
    declare
      needed integer;
      got integer;
      decided text;
    begin
      if new.resolution_proposal_id is null then
        return new;
      end if;
      select c.committee_quorum into needed from campaigns c where c.id = new.campaign_id;
      select count(*) into got from resolution_confirmations where proposal_id = new.resolution_proposal_id;
      select decision into decided from resolution_proposals where id = new.resolution_proposal_id;
      if got < needed then
        raise exception 'a resolution needs % confirmations, it has %', needed, got
          using errcode = 'check_violation', constraint = 'objections_resolution_quorum';
      end if;
      if new.status <> (case decided when 'uphold' then 'upheld' else 'dismissed' end) then
        raise exception 'the objection''s status is not its resolution''s decision'
          using errcode = 'check_violation', constraint = 'objections_resolution_quorum';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create constraint trigger objections_resolution_quorum after insert or update on objections
    for each row execute function resolution_has_quorum()`.execute(db);

  // A member who ratified a title alone does not judge the objections to it.
  await sql`
    create function resolution_not_by_lone_ratifier() returns trigger language plpgsql as $$
    begin
      if exists (
        select 1
        from objections o
        join ratifications r on r.campaign_id = o.campaign_id and r.title_id = o.title_id
        join ratification_confirmations c on c.proposal_id = r.proposal_id
        where o.id = new.objection_id
        group by r.proposal_id
        having count(*) = 1 and min(c.member_id) = new.member_id
      ) then
        raise exception 'a member who ratified a title alone cannot resolve an objection to it'
          using errcode = 'check_violation', constraint = 'resolution_confirmations_not_lone_ratifier';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger resolution_confirmations_not_lone_ratifier before insert or update on resolution_confirmations
    for each row execute function resolution_not_by_lone_ratifier()`.execute(db);

  // Confirmations may be withdrawn while the decision is open; once it has taken effect they are its record.
  await sql`
    create function committee_confirmation_settled() returns trigger language plpgsql as $$
    declare
      settled boolean;
    begin
      -- Separate statements: a trigger function is compiled per table, and each table has only its own columns.
      if tg_table_name like 'ratification_%' then
        settled := exists (select 1 from ratifications where campaign_id = old.campaign_id and title_id = old.title_id);
      else
        settled := exists (select 1 from objections where id = old.objection_id and status <> 'open');
      end if;
      if settled then
        raise exception '% of a decision that took effect cannot change', tg_table_name
          using errcode = 'check_violation', constraint = tg_table_name || '_settled';
      end if;
      return old;
    end $$`.execute(db);
  for (const table of ["ratification_confirmations", "resolution_confirmations", "ratification_proposals", "resolution_proposals"]) {
    await sql`
      create trigger ${sql.raw(`${table}_settled`)} before update or delete on ${sql.table(table)}
      for each row execute function committee_confirmation_settled()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["ratification_confirmations", "resolution_confirmations", "ratification_proposals", "resolution_proposals"]) {
    await sql`drop trigger if exists ${sql.raw(`${table}_settled`)} on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists committee_confirmation_settled()`.execute(db);
  await sql`drop trigger if exists resolution_confirmations_not_lone_ratifier on resolution_confirmations`.execute(db);
  await sql`drop function if exists resolution_not_by_lone_ratifier()`.execute(db);
  await sql`drop trigger if exists objections_resolution_quorum on objections`.execute(db);
  await sql`drop function if exists resolution_has_quorum()`.execute(db);
  await sql`drop trigger if exists ratifications_quorum on ratifications`.execute(db);
  await sql`drop function if exists ratification_has_quorum()`.execute(db);
  await sql`alter table objections drop constraint if exists objections_resolution_proposal_check, drop column if exists resolution_proposal_id`.execute(
    db,
  );
  await sql`alter table ratifications drop column if exists proposal_id`.execute(db);
  await sql`drop table if exists resolution_confirmations`.execute(db);
  await sql`drop table if exists resolution_proposals`.execute(db);
  await sql`drop table if exists ratification_confirmations`.execute(db);
  await sql`drop table if exists ratification_proposals`.execute(db);
  await sql`drop function if exists sorted_int_set(integer[])`.execute(db);
  await sql`alter table campaigns drop column if exists committee_quorum`.execute(db);
}
