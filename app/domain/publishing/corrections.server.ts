import { isDeepStrictEqual } from "node:util";
import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { announceCorrection } from "../notifications/events.server";
import { err, ok, type Result } from "../result";
import { charCount } from "../text";
import type { WinnerChoice } from "./choices";
import { freezeHonorRoll, writeHonorRoll } from "./freeze.server";
import { forgetRollVersions, latestRoll } from "./read-roll.server";
import { reasonLimits } from "./schema";
import type { HonorRollSnapshot } from "./snapshot";

/**
 * A correction: the next version of a published campaign's honour roll, with
 * the administrator's reason. The winners stay the ratified ones (changing
 * them is the committee's, before publication); photos, headline metrics,
 * citations and stories (edited or withdrawn) may change. The version before
 * stays readable.
 */
export async function correctHonorRoll(
  db: Db,
  user: User,
  slug: string,
  choices: readonly WinnerChoice[],
  reason: string,
): Promise<Result<{ version: number }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const why = reason.trim();
  if (charCount(why) < reasonLimits.min || charCount(why) > reasonLimits.max) return err("publishing.reason.length", 400, reasonLimits);
  const corrected = await db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom("campaigns").select(["id", "status"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
    if (!c) return err("campaigns.notFound", 404);
    if (c.status !== "published") return err("publishing.notPublished", 409);
    const latest = await latestRoll(trx, c.id);
    if (!latest) return err("publishing.notPublished", 409);
    const frozen = await freezeHonorRoll(trx, c.id, choices, latest.snapshot as HonorRollSnapshot, { version: latest.version + 1, reason: why });
    if (!frozen.ok) return frozen;
    // jsonb keeps its own key order: compare values, not text.
    if (isDeepStrictEqual(JSON.parse(JSON.stringify(frozen.value.snapshot)), latest.snapshot)) return err("publishing.unchanged", 409);
    const written = await writeHonorRoll(trx, c.id, frozen.value, user, latest.version + 1, why);
    await announceCorrection(trx, c.id, written.version);
    return ok({ version: written.version });
  });
  // Committed: this instance's readers get the new version from their next view.
  if (corrected.ok) forgetRollVersions(db, slug);
  return corrected;
}
