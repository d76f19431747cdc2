import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// SAML sign-in (issue 18): what every app instance must agree on, so it lives
// in the database. The AuthnRequests this portal sent and not yet answered
// (node-saml checks a response's InResponseTo against them), and the
// assertions already accepted, each until it expires: the primary key makes
// a second acceptance of the same assertion fail on any instance.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table saml_requests (
      id text primary key check (length(id) <= 255),
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`
    create table saml_assertions (
      id text primary key check (length(id) <= 255),
      expires_at timestamptz not null
    )
  `.execute(db);
  await sql`create index saml_assertions_expires_idx on saml_assertions (expires_at)`.execute(db);
  await sql`create index saml_requests_created_idx on saml_requests (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table saml_assertions`.execute(db);
  await sql`drop table saml_requests`.execute(db);
}
