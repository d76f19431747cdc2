import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Sign-in with the company account (issue 18): a session remembers how it
// was opened, and for a company account the provider's subject and its
// session (OIDC `sid`, SAML `SessionIndex`), so that the provider's
// back-channel logout ends exactly the portal's sessions it opened.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sessions
      add column method text not null default 'password' check (method in ('password', 'oidc', 'saml')),
      add column provider_subject text check (length(provider_subject) <= 255),
      add column provider_session text check (length(provider_session) <= 255),
      add constraint sessions_provider_subject check ((method = 'password') = (provider_subject is null))
  `.execute(db);
  await sql`create index sessions_provider_subject_idx on sessions (method, provider_subject) where provider_subject is not null`.execute(db);
  await sql`create index sessions_provider_session_idx on sessions (method, provider_session) where provider_session is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions drop column provider_session, drop column provider_subject, drop column method`.execute(db);
}
