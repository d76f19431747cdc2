import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Notifications (issue 17, decision 0039). A change that people should hear
// of writes, in its own transaction, one row per recipient in `notifications`
// (the portal's list) and one per recipient and channel in
// `notification_deliveries` (email), plus one per group robot in
// `robot_messages`; jobs deliver them afterwards. The unique keys are what
// make a message go out at most once per event, recipient and channel,
// whatever crashes, retries or instances race: a delivery is claimed
// ('sending') before it is handed over, and one found still claimed after a
// crash is marked 'in_doubt', never sent again.
const kinds = `'nominations-opened', 'nomination-returned', 'nomination-approved', 'nomination-rejected',
  'review-waiting', 'voting-opened', 'voting-reminder', 'publicity-started', 'objection-filed',
  'objection-resolved', 'honor-roll-published', 'honor-roll-corrected', 'congratulated',
  'import-finished', 'import-failed', 'job-failed'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notifications (
      id bigint generated always as identity primary key,
      event_key text not null check (length(event_key) between 1 and 200),
      kind text not null check (kind in (${sql.raw(kinds)})),
      person_id integer not null references people (id) on delete cascade,
      params jsonb not null default '{}'::jsonb check (jsonb_typeof(params) = 'object'),
      link text not null check (link ~ '^/([^/]|$)'),
      -- false: the person turned the portal off for this kind; the row stays for its email.
      in_portal boolean not null default true,
      created_at timestamptz not null default now(),
      read_at timestamptz,
      unique (event_key, person_id)
    )`.execute(db);
  await sql`create index notifications_inbox_idx on notifications (person_id, id desc) where in_portal`.execute(db);
  await sql`create index notifications_unread_idx on notifications (person_id) where read_at is null and in_portal`.execute(db);

  await sql`
    create table notification_deliveries (
      id bigint generated always as identity primary key,
      notification_id bigint not null references notifications (id) on delete cascade,
      channel text not null check (channel in ('email')),
      status text not null default 'pending'
        check (status in ('pending', 'digest', 'sending', 'sent', 'failed', 'in_doubt', 'cancelled')),
      not_before timestamptz not null default now(),
      tries integer not null default 0 check (tries >= 0),
      claimed_at timestamptz,
      sent_at timestamptz,
      error text check (error is null or length(error) <= 500),
      unique (notification_id, channel),
      check ((status = 'sending') = (claimed_at is not null)),
      check ((status = 'sent') = (sent_at is not null))
    )`.execute(db);
  await sql`create index notification_deliveries_due_idx on notification_deliveries (not_before) where status = 'pending'`.execute(db);
  await sql`create index notification_deliveries_claimed_idx on notification_deliveries (claimed_at) where status = 'sending'`.execute(db);

  // What each person chose, per kind of event; a kind without a row follows the organisation's default.
  await sql`
    create table notification_preferences (
      person_id integer not null references people (id) on delete cascade,
      kind text not null check (kind in (${sql.raw(kinds)})),
      portal boolean not null,
      email boolean not null,
      primary key (person_id, kind)
    )`.execute(db);
  // The organisation's defaults, set by administrators; a kind without a row: portal and email on.
  await sql`
    create table notification_defaults (
      kind text primary key check (kind in (${sql.raw(kinds)})),
      portal boolean not null,
      email boolean not null
    )`.execute(db);
  // How a person takes their email: one by one or as a daily digest, and whether quiet hours hold it back at night.
  await sql`
    create table notification_settings (
      person_id integer primary key references people (id) on delete cascade,
      email_digest boolean not null default false,
      quiet_hours boolean not null default true
    )`.execute(db);

  await sql`
    create table robots (
      id integer generated always as identity primary key,
      org_unit_id integer not null references org_units (id) on delete cascade,
      name text not null check (length(name) between 1 and 100),
      platform text not null check (platform in ('wecom', 'dingtalk', 'feishu')),
      webhook_url text not null check (webhook_url ~ '^https?://' and length(webhook_url) <= 500),
      secret text check (secret is null or length(secret) between 1 and 200),
      locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
      events text[] not null default '{}',
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (platform = 'wecom' or secret is not null),
      check (events <@ array['voting-opened', 'publicity-started', 'honor-roll-published', 'honor-roll-corrected']::text[])
    )`.execute(db);
  await sql`create index robots_org_unit_idx on robots (org_unit_id)`.execute(db);

  await sql`
    create table robot_messages (
      id bigint generated always as identity primary key,
      robot_id integer not null references robots (id) on delete cascade,
      event_key text not null check (length(event_key) between 1 and 200),
      kind text not null check (kind in (${sql.raw(kinds)}, 'robot-test')),
      params jsonb not null default '{}'::jsonb check (jsonb_typeof(params) = 'object'),
      link text not null check (link ~ '^/([^/]|$)'),
      status text not null default 'pending'
        check (status in ('pending', 'sending', 'sent', 'failed', 'in_doubt', 'cancelled')),
      not_before timestamptz not null default now(),
      tries integer not null default 0 check (tries >= 0),
      claimed_at timestamptz,
      sent_at timestamptz,
      error text check (error is null or length(error) <= 500),
      created_at timestamptz not null default now(),
      unique (robot_id, event_key),
      check ((status = 'sending') = (claimed_at is not null)),
      check ((status = 'sent') = (sent_at is not null))
    )`.execute(db);
  await sql`create index robot_messages_due_idx on robot_messages (not_before) where status = 'pending'`.execute(db);
  await sql`create index robot_messages_sent_idx on robot_messages (robot_id, sent_at) where status = 'sent'`.execute(db);

  // When the voting reminder goes; null: 24 hours before the scheduled close (events.server.ts).
  await sql`alter table campaigns add column voting_reminder_at timestamptz`.execute(db);

  // Without SMTP_URL (the embedded trial) an email is kept here, rendered as it would be sent,
  // for administrators to read at /admin/outbox. A voting reminder is kept without its
  // address: the outbox must not list who has not voted.
  await sql`
    create table mail_outbox (
      id bigint generated always as identity primary key,
      delivery_id bigint unique references notification_deliveries (id) on delete cascade,
      to_address text,
      subject text not null,
      html text not null,
      text text not null,
      headers jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index mail_outbox_created_idx on mail_outbox (created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table campaigns drop column voting_reminder_at`.execute(db);
  for (const table of [
    "mail_outbox",
    "robot_messages",
    "robots",
    "notification_settings",
    "notification_defaults",
    "notification_preferences",
    "notification_deliveries",
    "notifications",
  ]) {
    await sql`drop table if exists ${sql.raw(table)}`.execute(db);
  }
}
