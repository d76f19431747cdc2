import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// SP-initiated SAML logout (issue 18, decision 0046's addendum): a
// LogoutRequest names the person as the IdP did — the NameID (the session's
// provider_subject), the SessionIndex (provider_session) and the NameID's
// Format, which an IdP may insist on matching. Only a SAML session has one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table sessions
      add column name_id_format text check (length(name_id_format) <= 255),
      add constraint sessions_name_id_format_saml check (name_id_format is null or method = 'saml')
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table sessions drop column name_id_format`.execute(db);
}
