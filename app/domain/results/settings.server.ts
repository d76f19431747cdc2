import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import type { CampaignRef } from "../campaigns/visibility.server";
import type { Publicity } from "./rules";

// What a campaign has set for after the vote (whether counts are shown, the
// committee's quorum, the publicity period) and how far it has got, read with
// the database's clock: the facts the results page, the objections and the
// home page ask the rules with.

export interface Settings {
  talliesHidden: boolean;
  /** Committee members who must confirm a ratification or a resolution. */
  quorum: number;
  publicity: Publicity;
  /** Offered titles not yet ratified. */
  unratified: number;
  now: Date;
}

/** The campaign's settings after the vote, and how many titles wait for ratification, as of the database's clock. */
export async function settingsOf(db: Db, c: CampaignRef): Promise<Settings> {
  const [row, unratified] = await Promise.all([
    db
      .selectFrom("campaigns")
      .select(["tallies_hidden", "committee_quorum", "publicity_days", "publicity_ends_at", sql<Date>`now()`.as("now")])
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow(),
    unratifiedTitles(db, c.id),
  ]);
  return {
    talliesHidden: row.tallies_hidden,
    quorum: row.committee_quorum,
    publicity: { ratified: unratified === 0, publicityDays: row.publicity_days, endsAt: row.publicity_ends_at },
    unratified,
    now: new Date(row.now),
  };
}

/** How many of the campaign's offered titles are not ratified yet. */
export async function unratifiedTitles(db: Db, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom("campaign_titles as ct")
    .leftJoin("ratifications as r", (j) => j.onRef("r.campaign_id", "=", "ct.campaign_id").onRef("r.title_id", "=", "ct.title_id"))
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("ct.campaign_id", "=", campaignId)
    .where("r.title_id", "is", null)
    .executeTakeFirstOrThrow();
  return int(row.n);
}
