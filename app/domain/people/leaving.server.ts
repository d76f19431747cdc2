import { sql } from "kysely";
import type { Db } from "../../../db/client";

/**
 * Marks people as left and ends their open sessions, in the caller's
 * transaction: the one way someone leaves, whether a full CSV import left
 * them out or the identity system deactivated them (SCIM, decision 0047).
 * Never deleted: their nominations, votes and history stay; they can no
 * longer sign in, and every instance sees it on their next request, as
 * sessions live in the database. Returns the ids that were still active.
 */
export async function markLeft(trx: Db, personIds: readonly number[]): Promise<number[]> {
  if (personIds.length === 0) return [];
  const { rows } = await sql<{ id: number }>`
    with gone as (
      update people set status = 'left', left_at = now(), updated_at = now()
      where id = any(${[...personIds]}::int[]) and status = 'active'
      returning id
    ), ended as (
      delete from sessions s using gone where s.person_id = gone.id
    )
    select id from gone
  `.execute(trx);
  return rows.map((r) => r.id);
}
