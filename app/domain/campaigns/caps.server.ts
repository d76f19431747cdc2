import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";
import { validPercent, type Caps } from "./caps";

// An administrator sets a campaign's caps on who is honoured (decision 0052).
// Unlike the rest of the settings they may change after the draft, until the
// honour roll is published: the rule they state is checked only when the
// committee ratifies, and an organisation may adopt a rule mid-year.

/** The caps of one campaign. */
export async function campaignCaps(db: Db, campaignId: number): Promise<Caps> {
  const row = await db
    .selectFrom("campaigns")
    .select(["management_cap_percent", "frontline_min_percent"])
    .where("id", "=", campaignId)
    .executeTakeFirstOrThrow();
  return { managementCapPercent: row.management_cap_percent, frontlineMinPercent: row.frontline_min_percent };
}

/** The caps of the campaign with this slug, or null when there is none. */
export async function capsOfSlug(db: Db, slug: string): Promise<(Caps & { editable: boolean }) | null> {
  const row = await db
    .selectFrom("campaigns")
    .select(["status", "management_cap_percent", "frontline_min_percent"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!row) return null;
  return { managementCapPercent: row.management_cap_percent, frontlineMinPercent: row.frontline_min_percent, editable: row.status !== "published" };
}

/** An administrator sets both caps (null: none); audited with before and after; refused once the campaign is published. */
export async function setCampaignCaps(db: Db, actor: User, slug: string, input: Caps): Promise<Result<Caps>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  if (!validPercent(input.managementCapPercent) || !validPercent(input.frontlineMinPercent)) return err("campaigns.caps.invalid", 400);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("campaigns")
      .select(["id", "status", "management_cap_percent", "frontline_min_percent"])
      .where("slug", "=", slug)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return err("campaigns.notFound", 404);
    if (row.status === "published") return err("campaigns.caps.published", 409);
    const before: Caps = { managementCapPercent: row.management_cap_percent, frontlineMinPercent: row.frontline_min_percent };
    const after: Caps = { managementCapPercent: input.managementCapPercent, frontlineMinPercent: input.frontlineMinPercent };
    if (JSON.stringify(before) === JSON.stringify(after)) return ok(after);
    await trx
      .updateTable("campaigns")
      .set({ management_cap_percent: after.managementCapPercent, frontline_min_percent: after.frontlineMinPercent, updated_at: new Date() })
      .where("id", "=", row.id)
      .execute();
    await audit(trx, actor, { action: "campaign.caps_set", subjectType: "campaign", subjectId: slug, before, after });
    return ok(after);
  });
}
