import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table org_units (
      id integer generated always as identity primary key,
      code text not null unique check (code ~ '^[A-Za-z0-9._-]{1,40}$'),
      name_zh text not null check (length(name_zh) between 1 and 100),
      name_en text check (name_en is null or length(name_en) between 1 and 150),
      parent_id integer references org_units (id),
      kind text not null check (kind in ('company', 'branch', 'centre', 'team')),
      -- Materialised ancestry "/1/4/9/" (ids, root first), kept by the org import:
      -- scope checks become one prefix match instead of a recursive query.
      path text not null default '/',
      depth integer not null default 0 check (depth >= 0),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (parent_id is null or parent_id <> id)
    )`.execute(db);
  await sql`create index org_units_parent_idx on org_units (parent_id)`.execute(db);
  await sql`create index org_units_path_idx on org_units (path text_pattern_ops)`.execute(db);

  await sql`
    create table people (
      id integer generated always as identity primary key,
      employee_no text not null unique check (employee_no ~ '^[A-Za-z0-9_-]{1,32}$'),
      name text not null check (length(name) between 1 and 100),
      email text check (email is null or email ~ '^[^@\\s]+@[^@\\s]+$'),
      phone text check (phone is null or length(phone) <= 40),
      org_unit_id integer not null references org_units (id),
      job_title text check (job_title is null or length(job_title) <= 100),
      hire_date date,
      status text not null default 'active' check (status in ('active', 'left')),
      left_at timestamptz,
      locale text check (locale in ('zh-CN', 'en')),
      password_hash text,
      password_changed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'left') = (left_at is not null))
    )`.execute(db);
  await sql`create unique index people_email_key on people (lower(email))`.execute(db);
  await sql`create index people_org_unit_idx on people (org_unit_id)`.execute(db);
  await sql`create index people_name_idx on people (name)`.execute(db);

  await sql`
    create table person_roles (
      id integer generated always as identity primary key,
      person_id integer not null references people (id) on delete cascade,
      role text not null check (role in ('admin', 'manager', 'committee', 'staff')),
      -- Managers act within an org unit and its descendants; admin and staff are global.
      org_unit_id integer references org_units (id),
      granted_by integer references people (id),
      granted_at timestamptz not null default now(),
      unique nulls not distinct (person_id, role, org_unit_id),
      check (role <> 'manager' or org_unit_id is not null),
      check (role not in ('admin', 'staff') or org_unit_id is null)
    )`.execute(db);

  await sql`
    create table sessions (
      -- sha256 of the cookie token: a leaked table cannot be replayed as cookies.
      id text primary key check (length(id) = 64),
      person_id integer not null references people (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      user_agent text,
      check (expires_at > created_at)
    )`.execute(db);
  await sql`create index sessions_person_idx on sessions (person_id)`.execute(db);

  await sql`
    create table password_tokens (
      id text primary key check (length(id) = 64),
      person_id integer not null references people (id) on delete cascade,
      created_by integer references people (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      check (expires_at > created_at)
    )`.execute(db);
  await sql`create index password_tokens_person_idx on password_tokens (person_id)`.execute(db);

  await sql`
    create table rate_limits (
      key text not null,
      window_start timestamptz not null,
      hits integer not null default 0 check (hits >= 0),
      primary key (key, window_start)
    )`.execute(db);

  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor_id integer references people (id),
      action text not null check (action ~ '^[a-z]+(\\.[a-z_]+)+$'),
      subject_type text,
      subject_id text,
      before jsonb,
      after jsonb
    )`.execute(db);
  await sql`create index audit_log_at_idx on audit_log (at desc)`.execute(db);
  await sql`create index audit_log_action_idx on audit_log (action, at desc)`.execute(db);
  await sql`create index audit_log_actor_idx on audit_log (actor_id, at desc)`.execute(db);
  await sql`create index audit_log_subject_idx on audit_log (subject_type, subject_id)`.execute(db);

  await sql`
    create table imports (
      id integer generated always as identity primary key,
      kind text not null check (kind in ('org', 'people')),
      mode text not null check (mode in ('full', 'merge')),
      file_name text not null,
      content bytea,
      encoding text,
      status text not null default 'queued'
        check (status in ('queued', 'checking', 'staging', 'applying', 'done', 'failed')),
      total_rows integer check (total_rows >= 0),
      processed_rows integer not null default 0 check (processed_rows >= 0),
      errors jsonb not null default '[]',
      summary jsonb,
      created_by integer not null references people (id),
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz,
      -- A worker holds the job while lease_until is in the future; a crashed
      -- instance's job is failed by the next one (nothing applied: all-or-nothing).
      lease_until timestamptz
    )`.execute(db);

  await sql`
    create table import_rows (
      import_id integer not null references imports (id) on delete cascade,
      line integer not null check (line > 0),
      data jsonb not null,
      primary key (import_id, line)
    )`.execute(db);

  await sql`
    create table app_secrets (
      name text primary key,
      value text not null,
      created_at timestamptz not null default now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    "app_secrets",
    "import_rows",
    "imports",
    "audit_log",
    "rate_limits",
    "password_tokens",
    "sessions",
    "person_roles",
    "people",
    "org_units",
  ]) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
