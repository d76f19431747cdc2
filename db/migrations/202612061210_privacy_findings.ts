import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Personal data already stored (issue 19, item 3; decision 0042). A scan
// reads every free text the portal keeps — nominations' texts, the
// committee's comments and reasons, objections, congratulations, correction
// reasons and every version of every published honour roll — and records
// what the privacy detector finds there: where, what kind, at which offsets
// (code points), and a masked preview. Never the matched text itself.
//
// Masking in place must be able to reach texts the database otherwise keeps
// from changing: a published roll's versions, and the committee's proposals
// once their decision took effect. Both triggers now let one kind of update
// through: inside a transaction that said so (set_config of
// service_stars.masking_personal_data to 'on', local to it), a change of the
// free texts only — for a roll, its snapshot's strings and its reason; the
// snapshot's shape, numbers and every other column stay as they were.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table privacy_scans (
      id integer generated always as identity primary key,
      started_at timestamptz not null default now(),
      -- Null while it runs, or when its job stopped before the end.
      finished_at timestamptz,
      texts integer not null default 0 check (texts >= 0),
      findings integer not null default 0 check (findings >= 0)
    )`.execute(db);
  await sql`create index privacy_scans_finished_idx on privacy_scans (finished_at desc nulls last)`.execute(db);

  await sql`
    create table privacy_findings (
      id integer generated always as identity primary key,
      -- Where: the table, the row's key (its id, or "a:b" for a two-column key) and the field
      -- (a column, or the snapshot's path such as "titles/0/winners/1/stories/0/body").
      source_table text not null check (source_table in (
        'nominations', 'nomination_stories', 'nomination_photos', 'nomination_metrics', 'nomination_events',
        'ratifications', 'ratification_proposals', 'objections', 'resolution_proposals', 'congratulations',
        'honor_rolls')),
      source_key text not null check (source_key ~ '^[0-9]+(:[0-9]+)?$'),
      field text not null check (length(field) between 1 and 200),
      campaign_id integer not null references campaigns (id) on delete cascade,
      -- The nomination the text is about, when there is one (a roll's winner included).
      nomination_id integer,
      -- The version of the honour roll, for a roll's text.
      roll_version integer check (roll_version >= 1),
      check ((source_table = 'honor_rolls') = (roll_version is not null)),
      kind text not null check (kind in ('mobile', 'landline', 'id_card', 'bank_card', 'imei', 'iccid', 'email', 'plate')),
      -- Unicode code points, start inclusive, end exclusive (decision 0040).
      start_offset integer not null check (start_offset >= 0),
      end_offset integer not null check (end_offset > start_offset),
      -- The finding as masked (138****5678), and the sentence around it with every finding in it masked.
      masked text not null check (length(masked) between 1 and 300),
      preview text not null check (length(preview) between 1 and 1000),
      found_at timestamptz not null default now(),
      unique (source_table, source_key, field, start_offset)
    )`.execute(db);
  await sql`create index privacy_findings_campaign_idx on privacy_findings (campaign_id, id)`.execute(db);
  await sql`create index privacy_findings_found_idx on privacy_findings (found_at)`.execute(db);

  await sql`
    create function honor_roll_masking_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE'
        and current_setting('service_stars.masking_personal_data', true) = 'on'
        and to_jsonb(new) - 'snapshot' - 'reason' = to_jsonb(old) - 'snapshot' - 'reason'
        and (new.reason is null) = (old.reason is null)
        -- The same shape: as many strings, and the same numbers, booleans and nulls in the same places.
        and jsonb_array_length(jsonb_path_query_array(new.snapshot, 'strict $.** ? (@.type() == "string")'))
          = jsonb_array_length(jsonb_path_query_array(old.snapshot, 'strict $.** ? (@.type() == "string")'))
        and jsonb_path_query_array(new.snapshot, 'strict $.** ? (@.type() == "number" || @.type() == "boolean" || @.type() == "null")')
          = jsonb_path_query_array(old.snapshot, 'strict $.** ? (@.type() == "number" || @.type() == "boolean" || @.type() == "null")')
      then
        return new;
      end if;
      raise exception 'honour rolls are immutable: publish a new version instead'
        using errcode = 'restrict_violation';
    end $$`.execute(db);
  await sql`drop trigger honor_rolls_immutable on honor_rolls`.execute(db);
  await sql`
    create trigger honor_rolls_immutable before update or delete on honor_rolls
    for each row execute function honor_roll_masking_only()`.execute(db);

  // 202612051731's function, with the masking exception first.
  await sql`
    create or replace function committee_confirmation_settled() returns trigger language plpgsql as $$
    declare
      settled boolean;
    begin
      if tg_op = 'UPDATE'
        and current_setting('service_stars.masking_personal_data', true) = 'on'
        and to_jsonb(new) - 'tie_reason' - 'resolution' = to_jsonb(old) - 'tie_reason' - 'resolution'
      then
        return new;
      end if;
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
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function committee_confirmation_settled() returns trigger language plpgsql as $$
    declare
      settled boolean;
    begin
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
  await sql`drop trigger honor_rolls_immutable on honor_rolls`.execute(db);
  await sql`
    create trigger honor_rolls_immutable before update or delete on honor_rolls
    for each row execute function refuse_honor_roll_change()`.execute(db);
  await sql`drop function if exists honor_roll_masking_only()`.execute(db);
  await sql`drop table if exists privacy_findings`.execute(db);
  await sql`drop table if exists privacy_scans`.execute(db);
}
