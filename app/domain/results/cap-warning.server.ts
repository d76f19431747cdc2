import type { Db } from "../../../db/client";
import { checkCaps, type CapCheck, type HonouredNomination } from "../campaigns/caps";
import { campaignCaps } from "../campaigns/caps.server";

// The ratification page's warning (decision 0052): would the winners now on
// the table break the campaign's caps on who is honoured? "On the table":
// the ratified titles' current winners (objections applied) and, for each
// title still open, the proposal with the most confirmations, else the top N
// by votes the form starts from. Counted by checkCaps; a warning, not a block.

/** Winning nominations with their nominees' names and posts; the ids need not be distinct. */
export async function honouredNominations(db: Db, nominationIds: readonly number[]): Promise<HonouredNomination[]> {
  const ids = [...new Set(nominationIds)];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("nominations as n")
    .innerJoin("nomination_nominees as nn", "nn.nomination_id", "n.id")
    .innerJoin("people as p", "p.id", "nn.person_id")
    .select(["n.id", "n.kind", "p.id as person_id", "p.name", "p.post"])
    .where("n.id", "in", ids)
    .orderBy("n.id")
    .orderBy("nn.position")
    .execute();
  const byId = new Map<number, HonouredNomination & { nominees: Array<HonouredNomination["nominees"][number]> }>();
  for (const r of rows) {
    const n = byId.get(r.id) ?? { kind: r.kind, nominees: [] };
    n.nominees.push({ personId: r.person_id, name: r.name, post: r.post });
    byId.set(r.id, n);
  }
  return [...byId.values()];
}

/** The caps checked against the ratified winners plus `pending` (the open titles' proposed winners). */
export async function proposedCapCheck(db: Db, campaignId: number, pending: readonly number[]): Promise<CapCheck> {
  const [caps, ratified] = await Promise.all([
    campaignCaps(db, campaignId),
    db.selectFrom("winners").select("nomination_id").where("campaign_id", "=", campaignId).where("removed_by_objection", "is", null).execute(),
  ]);
  return checkCaps(await honouredNominations(db, [...ratified.map((w) => w.nomination_id), ...pending]), caps);
}
