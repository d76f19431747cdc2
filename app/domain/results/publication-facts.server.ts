import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import type { User } from "../auth/user";
import { unratifiedTitles } from "./settings.server";

// What the move to published needs of the results (campaigns/transitions.server.ts):
// what still stands in its way, and the nominations' final status.

async function openObjections(db: Db, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom("objections")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "open")
    .executeTakeFirstOrThrow();
  return int(row.n);
}

/** What stands between a closed campaign and publication (asked by the life cycle's move). */
export async function publicationFacts(db: Db, campaignId: number) {
  const [unratified, campaign, open] = await Promise.all([
    unratifiedTitles(db, campaignId),
    db
      .selectFrom("campaigns")
      .select(["publicity_ends_at", sql<Date>`now()`.as("now")])
      .where("id", "=", campaignId)
      .executeTakeFirstOrThrow(),
    openObjections(db, campaignId),
  ]);
  return { unratified, publicityEndsAt: campaign.publicity_ends_at, openObjections: open, now: new Date(campaign.now) };
}

/**
 * On publication the nominations on the ballot take their final status:
 * current winners "winner", the rest "not_selected", each with a history
 * event. Runs inside the move's transaction.
 */
export async function settleNominations(trx: Db, campaignId: number, actor: User | null): Promise<void> {
  const rows = await trx
    .selectFrom("nominations as n")
    .leftJoin("winners as w", (j) => j.onRef("w.nomination_id", "=", "n.id").on("w.removed_by_objection", "is", null))
    .select(["n.id", "n.status", "w.nomination_id as won"])
    .where("n.campaign_id", "=", campaignId)
    .where("n.status", "=", "approved")
    .execute();
  for (const outcome of ["winner", "not_selected"] as const) {
    const ids = rows.filter((r) => (r.won !== null) === (outcome === "winner")).map((r) => r.id);
    if (ids.length === 0) continue;
    await trx.updateTable("nominations").set({ status: outcome }).where("id", "in", ids).execute();
    await trx
      .insertInto("nomination_events")
      .values(
        ids.map((id) => ({ nomination_id: id, from_status: "approved" as const, to_status: outcome, actor_id: actor?.id ?? null, comment: null })),
      )
      .execute();
  }
}
