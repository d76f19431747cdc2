import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { isRowId } from "../row-id";
import { cutChars } from "../text";

// What every bearer-token table does alike (SCIM's, decision 0047; the
// metrics API's, decision 0049): a token is revoked, never deleted, so what
// it did keeps naming it; its last use is written at most once a minute, so
// a busy client does not rewrite the row on every request. Who may revoke,
// and what is audited, stay with each door.

export type TokenTable = "scim_tokens" | "api_tokens";

/** A token's name as typed, trimmed and at most 100 characters (the form's limit); empty when there is none. */
export const tokenName = (typed: string) => cutChars(typed.trim(), 100);

/** Revokes a token not yet revoked, in the caller's transaction; its name, or null when there is no such token. */
export async function revokeToken(trx: Db, table: TokenTable, id: number): Promise<string | null> {
  if (!isRowId(id)) return null;
  const row = await trx
    .updateTable(table)
    .set({ revoked_at: sql`now()` })
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .returning("name")
    .executeTakeFirst();
  return row?.name ?? null;
}

/** Notes that a token was used now, unless that was noted within the last minute. */
export async function noteTokenUse(db: Db, table: TokenTable, id: number): Promise<void> {
  await db
    .updateTable(table)
    .set({ last_used_at: sql`now()` })
    .where("id", "=", id)
    .where((eb) => eb.or([eb("last_used_at", "is", null), eb("last_used_at", "<", sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}
