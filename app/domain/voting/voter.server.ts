import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { hasRole, type User } from "../auth/user";
import type { CampaignRef } from "../campaigns/visibility.server";
import { ownPathOfU } from "../org/unit-path.server";
import type { Voter, VotingCampaign } from "./rules";

// The facts every voting rule is asked with, read now: the voter as they are
// (a person who left since signing in is refused), and the campaign's voting
// settings with the database's clock. Casting a ballot reads the same facts
// in its own single statement (casting.server.ts).

/** The campaign's voting settings, which CampaignRef does not carry, and the database's clock (one clock for every app server). */
export async function votingCampaign(db: Db, c: CampaignRef): Promise<{ campaign: VotingCampaign & { id: number }; now: Date }> {
  const row = await db
    .selectFrom("campaigns")
    .select(["may_change_ballot", "closed_at", sql<Date>`now()`.as("now")])
    .where("id", "=", c.id)
    .executeTakeFirstOrThrow();
  return {
    campaign: { id: c.id, status: c.status, unitPath: c.unitPath, mayChangeBallot: row.may_change_ballot, closesAt: row.closed_at },
    now: new Date(row.now),
  };
}

/** The voter as the rules see them, read now: a person who left since signing in is refused. */
export async function voterOf(db: Db, user: User): Promise<Voter> {
  const row = await db
    .selectFrom("people as p")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(["p.status", ownPathOfU.as("unit_path")])
    .where("p.id", "=", user.id)
    .executeTakeFirst();
  return { id: user.id, active: row?.status === "active", staff: hasRole(user, "staff"), unitPath: row?.unit_path ?? "" };
}
