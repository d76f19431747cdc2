import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { freezeHonorRoll, writeHonorRoll } from "../publishing/freeze.server";
import type { WinnerChoice } from "../publishing/choices";
import { announcePhase } from "../notifications/events.server";
import { err, ok, type Result } from "../result";
import { publicationFacts, settleNominations } from "../results/publication-facts.server";
import { sealBallotBox } from "../voting/seal.server";
import { dueMove, phases, scheduledPhases, whyCannotMove, type Phase } from "./life-cycle";
import { baseQuery, scheduleOf } from "./visibility.server";

// A campaign's phase moves, by an administrator or by its schedule. They sit
// above the areas they orchestrate: moving to "published" settles the
// nominations (results) and freezes the honour roll (publishing).

export interface Move {
  slug: string;
  from: Phase;
  to: Phase;
}

/**
 * Moves a locked campaign one phase on: checked, recorded, audited. Moving to
 * "published" freezes the first version of its honour roll with `choices`
 * (the administrator's photos and headline metrics; defaults for the rest).
 */
async function move(
  trx: Db,
  actor: User | null,
  campaign: { id: number; slug: string; status: Phase },
  to: string,
  choices: readonly WinnerChoice[] = [],
): Promise<Result<Move>> {
  const titles = await trx
    .selectFrom("campaign_titles")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("campaign_id", "=", campaign.id)
    .executeTakeFirstOrThrow();
  // Leaving closed means publishing: ratified, publicity over, objections resolved.
  const results = campaign.status === "closed" ? await publicationFacts(trx, campaign.id) : undefined;
  const refusal = whyCannotMove(campaign.status, to, { titles: Number(titles.n), results });
  if (refusal) return err(refusal, 409);
  const target = to as Phase;
  // Built before anything is written: refused choices leave the campaign as it was.
  const roll = target === "published" ? await freezeHonorRoll(trx, campaign.id, choices) : null;
  if (roll && !roll.ok) return roll;
  const at = new Date();
  await trx.updateTable("campaigns").set({ status: target, updated_at: at }).where("id", "=", campaign.id).execute();
  await trx
    .insertInto("campaign_transitions")
    .values({ campaign_id: campaign.id, from_status: campaign.status, to_status: target, actor_id: actor?.id ?? null, at })
    .execute();
  // The vote is over: the poll book stays, every link from a voter to a ballot goes, in this transaction (decision 0041).
  if (target === "closed") await sealBallotBox(trx, campaign.id);
  if (target === "published") await settleNominations(trx, campaign.id, actor);
  if (roll) await writeHonorRoll(trx, campaign.id, roll.value, actor, 1, null);
  await audit(trx, actor, {
    action: "campaign.moved",
    subjectType: "campaign",
    subjectId: campaign.slug,
    before: { status: campaign.status },
    after: { status: target, by: actor ? "administrator" : "schedule" },
  });
  await announcePhase(trx, campaign.id, target);
  return ok({ slug: campaign.slug, from: campaign.status, to: target });
}

/** An administrator moves a campaign to the next phase (`to` must be exactly that phase); publishing takes the honour roll's choices. */
export async function moveCampaign(db: Db, actor: User, slug: string, to: string, choices: readonly WinnerChoice[] = []): Promise<Result<Move>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom("campaigns").select(["id", "slug", "status"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
    if (!c) return err("campaigns.notFound", 404);
    return move(trx, actor, c, to, choices);
  });
}

/**
 * Opens every phase whose scheduled date-time has come, one step at a time
 * (a campaign several phases behind walks through each, each recorded). Safe
 * to run on every instance at once: a campaign another instance is moving is
 * skipped (skip locked), and each step re-reads the status under its lock.
 * A step the rules refuse (a draft without titles) is left for a person.
 */
export async function applyScheduledTransitions(db: Db, now: Date): Promise<Move[]> {
  const candidates = await db
    .selectFrom("campaigns")
    .select("id")
    // Only campaigns whose next phase is due: the rest are not even locked.
    .where((eb) => eb.or(scheduledPhases.map((p) => eb.and([eb("status", "=", phases[phases.indexOf(p) - 1]), eb(`${p}_at`, "<=", now)]))))
    .orderBy("id")
    .execute();
  const moves: Move[] = [];
  for (const { id } of candidates) {
    for (let step = 0; step < phases.length; step++) {
      const moved = await db.transaction().execute(async (trx) => {
        const c = await baseQuery(trx).where("c.id", "=", id).forUpdate("c").skipLocked().executeTakeFirst();
        if (!c) return null;
        const due = dueMove(c.status, scheduleOf(c), now);
        if (!due) return null;
        const r = await move(trx, null, { id: c.id, slug: c.slug, status: c.status }, due);
        return r.ok ? r.value : null;
      });
      if (!moved) break;
      moves.push(moved);
    }
  }
  return moves;
}
