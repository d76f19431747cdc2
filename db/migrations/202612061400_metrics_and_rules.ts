import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Evidence from the source (issue 20, decision 0049):
// - metric definitions, shared by the imports and the titles' metric templates;
// - metric values with their provenance (a batch: a CSV import, an API call
//   or the demo), history kept: a newer value for the same metric, subject
//   and period supersedes the current one, never overwrites it;
// - API tokens for POST /api/v1/metrics (stored as a SHA-256, like SCIM's);
// - eligibility rules on titles, and a nomination's exception and the
//   evaluation it was submitted with;
// - where a nomination's figures came from;
// - the directory's post kind (front line, management) and the campaigns'
//   caps on who is honoured, for the fairness view;
// - a data-owner role that may import metric values.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table person_roles drop constraint person_roles_role_check`.execute(db);
  await sql`alter table person_roles add constraint person_roles_role_check check (role in ('admin', 'manager', 'committee', 'staff', 'data_owner'))`.execute(
    db,
  );
  await sql`alter table person_roles add constraint person_roles_data_owner_unit check (role <> 'data_owner' or org_unit_id is null)`.execute(db);

  await sql`
    create table metric_definitions (
      id integer generated always as identity primary key,
      code text not null unique check (code ~ '^[a-z][a-z0-9_]{1,39}$'),
      name_zh text not null check (length(name_zh) between 1 and 60),
      name_en text not null check (length(name_en) between 1 and 100),
      unit text not null default '' check (length(unit) <= 20),
      unit_en text not null default '' check (length(unit_en) <= 20),
      direction text not null check (direction in ('higher', 'lower')),
      decimals smallint not null default 0 check (decimals between 0 and 4),
      grain text not null check (grain in ('month', 'quarter', 'year')),
      -- How the values of several periods make one figure for a longer one.
      combine text not null default 'average' check (combine in ('sum', 'average', 'latest')),
      description text not null default '' check (length(description) <= 500),
      archived_at timestamptz,
      created_by integer references people (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      -- The target of metric_values' (metric_id, grain): a grain cannot change under its values.
      unique (id, grain)
    )`.execute(db);

  await sql`
    create table api_tokens (
      id integer generated always as identity primary key,
      name text not null check (length(name) between 1 and 100),
      token_hash text not null unique,
      scopes text[] not null check (cardinality(scopes) between 1 and 8 and scopes <@ array['metrics:write']::text[]),
      created_by integer references people (id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);

  await sql`
    create table metric_batches (
      id bigint generated always as identity primary key,
      origin text not null check (origin in ('csv', 'api', 'demo')),
      import_id integer references imports (id),
      api_token_id integer references api_tokens (id),
      check ((origin = 'csv') = (import_id is not null)),
      check ((origin = 'api') = (api_token_id is not null)),
      -- An API call's Idempotency-Key: the same key with the same body answers as the first time.
      idempotency_key text check (length(idempotency_key) between 1 and 255),
      check (idempotency_key is null or origin = 'api'),
      request_hash text,
      response jsonb,
      value_count integer not null default 0 check (value_count >= 0),
      created_by integer references people (id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create unique index metric_batches_idempotency_key on metric_batches (api_token_id, idempotency_key) where idempotency_key is not null`.execute(
    db,
  );
  await sql`create unique index metric_batches_import_key on metric_batches (import_id) where import_id is not null`.execute(db);

  await sql`
    create table metric_values (
      id bigint generated always as identity primary key,
      metric_id integer not null,
      grain text not null,
      foreign key (metric_id, grain) references metric_definitions (id, grain),
      person_id integer references people (id),
      org_unit_id integer references org_units (id),
      check (num_nonnulls(person_id, org_unit_id) = 1),
      period text not null check (
        (grain = 'month' and period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$') or
        (grain = 'quarter' and period ~ '^[0-9]{4}-Q[1-4]$') or
        (grain = 'year' and period ~ '^[0-9]{4}$')
      ),
      period_start date not null,
      period_end date not null,
      check (period_start = make_date(substr(period, 1, 4)::integer,
        case grain when 'month' then substr(period, 6, 2)::integer when 'quarter' then (substr(period, 7, 1)::integer - 1) * 3 + 1 else 1 end, 1)),
      check (period_end = (period_start + case grain when 'month' then interval '1 month' when 'quarter' then interval '3 months' else interval '1 year' end - interval '1 day')::date),
      value numeric not null check (value <> 'NaN'::numeric and abs(value) < 1e12),
      source_system text not null check (length(source_system) between 1 and 60),
      batch_id bigint not null references metric_batches (id),
      recorded_at timestamptz not null default now(),
      -- History: a value is current until a newer one for the same metric, subject and period supersedes it.
      superseded_at timestamptz,
      -- Deferred: the old value names its successor before the successor is inserted (the current-value index allows one at a time).
      superseded_by bigint references metric_values (id) deferrable initially deferred,
      check ((superseded_at is null) = (superseded_by is null))
    )`.execute(db);
  await sql`create unique index metric_values_current_person on metric_values (metric_id, person_id, period) where superseded_at is null and person_id is not null`.execute(
    db,
  );
  await sql`create unique index metric_values_current_unit on metric_values (metric_id, org_unit_id, period) where superseded_at is null and org_unit_id is not null`.execute(
    db,
  );
  await sql`create index metric_values_person_period on metric_values (person_id, period_start) where superseded_at is null and person_id is not null`.execute(
    db,
  );
  await sql`create index metric_values_batch on metric_values (batch_id)`.execute(db);

  await sql`alter table title_metric_templates add column metric_id integer references metric_definitions (id)`.execute(db);
  await sql`alter table titles add column allows_exception boolean not null default false`.execute(db);
  await sql`
    create table title_rules (
      id integer generated always as identity primary key,
      title_id integer not null references titles (id) on delete cascade,
      position integer not null check (position between 0 and 19),
      kind text not null check (kind in ('metric', 'service_months')),
      metric_id integer references metric_definitions (id),
      check ((kind = 'metric') = (metric_id is not null)),
      -- metric: 'each' period of the campaign, or the figure over the whole campaign ('overall');
      -- service_months: months of service at the campaign's period end.
      scope text not null default 'overall' check (scope in ('each', 'overall')),
      check (kind = 'metric' or scope = 'overall'),
      comparator text not null check (comparator in ('gte', 'lte', 'gt', 'lt', 'eq')),
      threshold numeric not null check (threshold <> 'NaN'::numeric and abs(threshold) < 1e12),
      unique (title_id, position) deferrable initially deferred
    )`.execute(db);

  await sql`alter table nominations add column exception_reason text check (length(exception_reason) between 1 and 2000)`.execute(db);
  await sql`alter table nominations add column eligibility jsonb`.execute(db);

  await sql`alter table nomination_metrics add column origin text not null default 'entered' check (origin in ('entered', 'imported'))`.execute(db);
  await sql`alter table nomination_metrics add column metric_id integer references metric_definitions (id)`.execute(db);
  await sql`alter table nomination_metrics add column source_system text check (length(source_system) between 1 and 60)`.execute(db);
  await sql`alter table nomination_metrics add column imported_at timestamptz`.execute(db);
  await sql`
    alter table nomination_metrics add constraint nomination_metrics_provenance
      check ((origin = 'imported') = (metric_id is not null and source_system is not null and imported_at is not null))`.execute(db);

  await sql`alter table people add column post text check (post in ('frontline', 'management', 'support'))`.execute(db);
  await sql`alter table campaigns add column management_cap_percent smallint default 20 check (management_cap_percent between 0 and 100)`.execute(db);
  await sql`alter table campaigns add column frontline_min_percent smallint default 50 check (frontline_min_percent between 0 and 100)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table campaigns drop column frontline_min_percent, drop column management_cap_percent`.execute(db);
  await sql`alter table people drop column post`.execute(db);
  await sql`
    alter table nomination_metrics drop constraint nomination_metrics_provenance,
      drop column imported_at, drop column source_system, drop column metric_id, drop column origin`.execute(db);
  await sql`alter table nominations drop column eligibility, drop column exception_reason`.execute(db);
  await sql`drop table title_rules`.execute(db);
  await sql`alter table titles drop column allows_exception`.execute(db);
  await sql`alter table title_metric_templates drop column metric_id`.execute(db);
  await sql`drop table metric_values`.execute(db);
  await sql`drop table metric_batches`.execute(db);
  await sql`drop table api_tokens`.execute(db);
  await sql`drop table metric_definitions`.execute(db);
  await sql`delete from person_roles where role = 'data_owner'`.execute(db);
  await sql`alter table person_roles drop constraint person_roles_data_owner_unit`.execute(db);
  await sql`alter table person_roles drop constraint person_roles_role_check`.execute(db);
  await sql`alter table person_roles add constraint person_roles_role_check check (role in ('admin', 'manager', 'committee', 'staff'))`.execute(db);
}
