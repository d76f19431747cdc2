import { sql } from "kysely";
import type { Db } from "../../../db/client";

/**
 * At start-up: a job whose worker died (lease expired) is failed. Nothing of
 * it was applied, because the apply step is one transaction.
 */
export async function failInterruptedImports(db: Db): Promise<number> {
  const r = await db
    .updateTable("imports")
    .set({ status: "failed", finished_at: sql`now()`, lease_until: null })
    .where("status", "in", ["queued", "checking", "staging", "applying"])
    .where((eb) => eb.or([eb("lease_until", "is", null), eb("lease_until", "<", sql<Date>`now()`)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
